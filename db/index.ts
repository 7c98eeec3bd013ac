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

export function createClient(url: string, poolSize = 10): Client {
  const sql = postgres(url, {
    max: poolSize,
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

export function getDb(): Database {
  return getClient().db;
}

export async function closeDb(): Promise<void> {
  const current = globalForDb.luneoDb;
  globalForDb.luneoDb = undefined;
  await current?.sql.end({ timeout: 5 });
}
