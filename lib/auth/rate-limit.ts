import "server-only";
import { sql } from "drizzle-orm";
import { withSystem } from "@/lib/db/scopes";

export type RateLimitResult = { allowed: boolean; retryAfterSeconds: number };

/**
 * Fixed-window counter in Postgres, so the limit holds across every app process. One atomic
 * upsert per hit: the window restarts when it has expired, otherwise the count goes up.
 */
export async function hitRateLimit(
  key: string,
  limit: number,
  windowSeconds: number,
): Promise<RateLimitResult> {
  const rows = await withSystem("rate limit counter", (tx) =>
    tx.execute<{ count: number; retry_after: number }>(sql`
      insert into rate_limits (key, count, window_started_at) values (${key}, 1, now())
      on conflict (key) do update set
        count = case when rate_limits.window_started_at < now() - make_interval(secs => ${windowSeconds})
                     then 1 else rate_limits.count + 1 end,
        window_started_at = case when rate_limits.window_started_at < now() - make_interval(secs => ${windowSeconds})
                     then now() else rate_limits.window_started_at end
      returning count,
        ceil(extract(epoch from window_started_at + make_interval(secs => ${windowSeconds}) - now()))::int as retry_after`),
  );
  const row = rows[0];
  if (!row) throw new Error("rate limit upsert returned no row");
  return { allowed: row.count <= limit, retryAfterSeconds: Math.max(1, row.retry_after) };
}

// Sign-in limits: per account (slows guessing one password) and per IP (slows spraying many).
export const SIGN_IN_LIMITS = {
  perAccount: { limit: 10, windowSeconds: 15 * 60 },
  perIp: { limit: 50, windowSeconds: 15 * 60 },
} as const;
