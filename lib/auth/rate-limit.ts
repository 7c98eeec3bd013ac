import "server-only";
import { createHash } from "node:crypto";
import { sql, type SQL } from "drizzle-orm";
import { RateLimiterPostgres, RateLimiterRes } from "rate-limiter-flexible";
import { withSystem } from "@/lib/db/scopes";

// Every rate limit of the app (sign-in, sign-up, API keys) is a rate-limiter-flexible limiter on
// one PostgreSQL table, so the limits hold across every app process (docs/adr/0008).

/**
 * RateLimiterPostgres speaks node-postgres's `query({ text, values })` → `{ rows, rowCount }`.
 * The app's driver is postgres.js, so instead of adding `pg` and a second connection pool, this
 * adapter runs each of the library's statements in a system-scope transaction (the table is the
 * system role's only, like every cross-tenant table): `$n` placeholders become bound parameters.
 * The library's statement names (prepared-statement hints for node-postgres) are not needed.
 */
export const postgresStore = {
  async query({ text, values = [] }: { text: string; values?: unknown[] }) {
    const parts = text.split(/\$(\d+)/);
    const chunks: SQL[] = parts.map((part, i) =>
      i % 2 === 0 ? sql.raw(part) : sql`${values[Number(part) - 1] ?? null}`,
    );
    const rows = await withSystem("rate limit counter", (tx) =>
      tx.execute<Record<string, unknown>>(sql.join(chunks)),
    );
    return { rows: [...rows], rowCount: rows.count ?? rows.length };
  },
};

export type LimiterOptions = {
  /** Names the limiter; its keys are `<keyPrefix>:<key>`. */
  keyPrefix: string;
  /** Points a key may consume per `duration` seconds; the next consume is refused. */
  points: number;
  duration: number;
  /** When set, the consume that goes past `points` blocks the key for this many seconds. */
  blockDuration?: number;
};

/** A limiter on the shared table (created by a migration: `tableCreated`, no CREATE at run time). */
export function postgresLimiter(options: LimiterOptions): RateLimiterPostgres {
  return new RateLimiterPostgres({
    ...options,
    storeClient: postgresStore,
    storeType: "pool",
    tableName: "rate_limits",
    tableCreated: true,
    // Every 5 minutes each limiter deletes its rows that expired over an hour ago.
    clearExpiredByTimeout: true,
  });
}

/** Limiters are built on first use: `next build` imports modules but must not open the database. */
export function lazy<T>(build: () => T): () => T {
  let value: T | undefined;
  return () => (value ??= build());
}

/**
 * A rate-limit key part from a string a client chose (an email, an API key id): a hash, so the
 * table never holds the string itself and every key has the same bounded length.
 */
export function keyDigest(...parts: string[]): string {
  return createHash("sha256").update(parts.join("\n")).digest("base64url").slice(0, 32);
}

export type ConsumeResult = {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** Seconds until the key's points are back (its window, or its block, ends). */
  resetSeconds: number;
};

/** Consumes one point; a refusal is a result, a store failure still throws. */
export async function consumePoint(
  limiter: RateLimiterPostgres,
  key: string,
): Promise<ConsumeResult> {
  try {
    return toResult(limiter, await limiter.consume(key), true);
  } catch (refusal) {
    if (refusal instanceof RateLimiterRes) return toResult(limiter, refusal, false);
    throw refusal;
  }
}

function toResult(
  limiter: RateLimiterPostgres,
  res: RateLimiterRes,
  allowed: boolean,
): ConsumeResult {
  return {
    allowed,
    limit: limiter.points,
    remaining: allowed ? res.remainingPoints : 0,
    resetSeconds: Math.max(1, Math.ceil(res.msBeforeNext / 1000)),
  };
}

/** Seconds to wait before `res`'s key frees up (at least 1). */
export function secondsBefore(res: RateLimiterRes): number {
  return Math.max(1, Math.ceil(res.msBeforeNext / 1000));
}

const namedLimiters = new Map<string, RateLimiterPostgres>();

/**
 * "At most `points` per `duration` seconds" for one subject of a named limit (password-reset
 * emails per address, verification resends per user…). The subject is hashed (keyDigest), so an
 * address a client typed is never stored; one limiter per name and shape, built on first use.
 */
export function consumeNamedLimit(
  name: string,
  subject: string,
  points: number,
  duration: number,
): Promise<ConsumeResult> {
  const id = `${name}:${points}:${duration}`;
  let limiter = namedLimiters.get(id);
  if (!limiter) {
    limiter = postgresLimiter({ keyPrefix: name, points, duration });
    namedLimiters.set(id, limiter);
  }
  return consumePoint(limiter, keyDigest(subject));
}
