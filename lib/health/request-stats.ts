import "server-only";
import { sql } from "drizzle-orm";
import { withSystem } from "@/lib/db/scopes";
import { log } from "@/lib/log";

// Platform request figures for staff (/staff/health) and /api/metrics: each route handler's answer
// (lib/http/route.ts) is counted in this process by surface and minute, and added to
// platform_request_stats every FLUSH_EVERY_MS, never on the request itself. Latencies go into
// fixed buckets, so a p95 can be read over every process's counts (to the bucket's upper bound).
// No org, path or person is kept.

export const REQUEST_LATENCY_BUCKETS_MS = [
  25,
  50,
  100,
  250,
  500,
  1000,
  2500,
  5000,
  10_000,
  Infinity,
];
const FLUSH_EVERY_MS = 5_000;

export type Surface = "api" | "webhooks" | "app";
type Counts = { requests: number; serverErrors: number; totalMs: number; buckets: number[] };

const counts = new Map<string, Counts>();
let timer: NodeJS.Timeout | null = null;

/** The surface a route handler's path belongs to. */
export function surfaceOf(pathname: string): Surface {
  if (pathname.startsWith("/api/v1/")) return "api";
  if (pathname.startsWith("/api/webhooks/")) return "webhooks";
  return "app";
}

export const bucketOf = (ms: number) =>
  REQUEST_LATENCY_BUCKETS_MS.findIndex((bound) => ms <= bound);

/** The smallest bucket bound under which `p` % of the counted requests answered (null: none). */
export function percentileOfBuckets(buckets: number[], p: number): number | null {
  const total = buckets.reduce((sum, n) => sum + n, 0);
  if (total === 0) return null;
  let seen = 0;
  for (let i = 0; i < buckets.length; i++) {
    seen += buckets[i] ?? 0;
    if (seen >= (p / 100) * total) return REQUEST_LATENCY_BUCKETS_MS[i]!;
  }
  return Infinity;
}

export function countRequest(surface: Surface, ms: number, status: number, at = new Date()) {
  const minute = new Date(Math.floor(at.getTime() / 60_000) * 60_000).toISOString();
  const key = `${minute}|${surface}`;
  const c = counts.get(key) ?? {
    requests: 0,
    serverErrors: 0,
    totalMs: 0,
    buckets: REQUEST_LATENCY_BUCKETS_MS.map(() => 0),
  };
  c.requests += 1;
  if (status >= 500) c.serverErrors += 1;
  c.totalMs += ms;
  c.buckets[bucketOf(ms)]! += 1;
  counts.set(key, c);
  if (!timer) {
    timer = setTimeout(() => {
      timer = null;
      flushRequestStats().catch((error) =>
        log.warn({ reason: (error as Error).message }, "request figures not written"),
      );
    }, FLUSH_EVERY_MS);
    timer.unref();
  }
}

/** Adds this process's counts to the database (one statement per minute and surface). */
export async function flushRequestStats(): Promise<void> {
  const entries = [...counts.entries()];
  counts.clear();
  if (entries.length === 0) return;
  await withSystem("health: platform request figures", async (tx) => {
    for (const [key, c] of entries) {
      const [minute, surface] = key.split("|") as [string, Surface];
      await tx.execute(sql`insert into platform_request_stats as s
          (minute, surface, requests, server_errors, total_ms, buckets)
        values (${minute}, ${surface}, ${c.requests}, ${c.serverErrors}, ${c.totalMs},
                ${`{${c.buckets.join(",")}}`}::int[])
        on conflict (minute, surface) do update set
          requests = s.requests + excluded.requests,
          server_errors = s.server_errors + excluded.server_errors,
          total_ms = s.total_ms + excluded.total_ms,
          buckets = array(select coalesce(a, 0) + coalesce(b, 0)
                            from unnest(s.buckets, excluded.buckets) as t(a, b))`);
    }
    await tx.execute(
      sql`delete from platform_request_stats where minute < now() - interval '2 days'`,
    );
  });
}
