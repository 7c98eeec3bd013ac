import "server-only";
import { drizzle, type PostgresJsDatabase } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import { env } from "@/lib/env";
import * as schema from "./schema";

export type Database = PostgresJsDatabase<typeof schema>;
export type Transaction = Parameters<Parameters<Database["transaction"]>[0]>[0];

type Client = { db: Database; sql: postgres.Sql; url: string };

// One pool per process, opened on first use (never at import: `next build` imports route modules).
// Cached on globalThis so dev-server reloads do not leak pools.
const globalForDb = globalThis as unknown as { luneoDb?: Client };

// postgres.js waits longer after each failed connect (up to many seconds) and only resets on
// success, which kept the app failing ~8 s after PostgreSQL was back (npm run test:faults).
// Retry fast instead: 50 ms doubling, at most 0.5 s.
const reconnectBackoff = (attempt: number) => Math.min(0.05 * 2 ** attempt, 0.5);

export function createClient(url: string, poolSize = 10): Client {
  const sql = postgres(url, {
    max: poolSize,
    backoff: reconnectBackoff,
    onnotice: () => {},
    connect_timeout: 5,
    idle_timeout: 30,
  });
  return { db: drizzle(sql, { schema, casing: "snake_case" }), sql, url };
}

export function getClient(): Client {
  const url = env().DATABASE_URL;
  const current = globalForDb.luneoDb;
  if (current && current.url === url) return current;
  // A new URL only happens in tests (one fresh database per test file).
  if (current) void current.sql.end({ timeout: 1 });
  globalForDb.luneoDb = createClient(url, env().DATABASE_POOL_SIZE);
  return globalForDb.luneoDb;
}

// The webhook path has its own small pool with short timeouts: when the database is unreachable
// the provider must get a 503 within 2 s (1.5 s deadline, lib/webhooks/receive.ts) (and redeliver), not wait on the app's pool.
const globalForWebhookDb = globalThis as unknown as {
  luneoWebhookSql?: { url: string; sql: postgres.Sql };
};

export function getWebhookSql(): postgres.Sql {
  const url = env().DATABASE_URL;
  const current = globalForWebhookDb.luneoWebhookSql;
  if (current?.url === url) return current.sql;
  if (current) void current.sql.end({ timeout: 1 });
  const sql = postgres(url, {
    max: env().DATABASE_POOL_SIZE,
    onnotice: () => {},
    connect_timeout: 2,
    idle_timeout: 30,
    backoff: reconnectBackoff,
    connection: { statement_timeout: 1500, application_name: "luneo-webhooks" },
  });
  globalForWebhookDb.luneoWebhookSql = { url, sql };
  return sql;
}

export function getDb(): Database {
  return getClient().db;
}

export async function closeDb(): Promise<void> {
  const current = globalForDb.luneoDb;
  const webhook = globalForWebhookDb.luneoWebhookSql;
  globalForDb.luneoDb = undefined;
  globalForWebhookDb.luneoWebhookSql = undefined;
  await Promise.all([current?.sql.end({ timeout: 5 }), webhook?.sql.end({ timeout: 5 })]);
}
