import "server-only";
import {
  drizzle,
  PostgresJsSession,
  PostgresJsTransaction,
  type PostgresJsDatabase,
} from "drizzle-orm/postgres-js";
import postgres from "postgres";
import { env } from "@/lib/env";
import { runtimeUrls } from "@/lib/db/roles";
import { stripQueryValuesFromDrizzleErrors } from "@/lib/db/errors";
import { preparingQueries } from "@/lib/db/prepared-queries";
import * as schema from "./schema";

export type Database = PostgresJsDatabase<typeof schema>;
export type Transaction = Parameters<Parameters<Database["transaction"]>[0]>[0];

type Client = { db: Database; sql: postgres.Sql; url: string };

// Query errors never carry the values they were sent (they can be personal data): docs/adr/0009.
stripQueryValuesFromDrizzleErrors();

// Pools per process, opened on first use (never at import: `next build` imports route modules).
// Cached on globalThis so dev-server reloads do not leak pools. None logs in as DATABASE_URL (the
// owner): the tenant pool is luneo_app, the system pool luneo_system (lib/db/roles.ts).
const globalForDb = globalThis as unknown as { luneoDb?: Client; luneoSystemDb?: Client };

// postgres.js waits longer after each failed connect (up to many seconds) and only resets on
// success, which kept the app failing ~8 s after PostgreSQL was back (npm run test:faults).
// Retry fast instead: 50 ms doubling, at most 0.5 s.
const reconnectBackoff = (attempt: number) => Math.min(0.05 * 2 ** attempt, 0.5);

export function createClient(url: string, poolSize = 10, applicationName = "luneo"): Client {
  const sql = postgres(url, {
    max: poolSize,
    backoff: reconnectBackoff,
    onnotice: () => {},
    connect_timeout: 5,
    idle_timeout: 30,
    connection: { application_name: applicationName },
  });
  return { db: drizzle(preparingQueries(sql), { schema, casing: "snake_case" }), sql, url };
}

function cached(key: "luneoDb" | "luneoSystemDb", url: string, name: string): Client {
  const current = globalForDb[key];
  if (current && current.url === url) return current;
  // A new URL only happens in tests (one fresh database per test file).
  if (current) void current.sql.end({ timeout: 1 });
  const client = createClient(url, env().DATABASE_POOL_SIZE, name);
  globalForDb[key] = client;
  return client;
}

/** The tenant pool, logged in as luneo_app: withTenant, withUser, readiness. */
export function getClient(): Client {
  return cached("luneoDb", runtimeUrls(env()).app, "luneo");
}

/** The cross-tenant pool, logged in as luneo_system: withSystem only. */
export function getSystemClient(): Client {
  return cached("luneoSystemDb", runtimeUrls(env()).system, "luneo-system");
}

// The webhook path has its own small pool with short timeouts: when the database is unreachable
// the provider must get a 503 within 2 s (1.5 s deadline, lib/webhooks/receive.ts) (and redeliver), not wait on the app's pool.
// It logs in as luneo_app, like the tenant pool.
const globalForWebhookDb = globalThis as unknown as {
  luneoWebhookSql?: { url: string; sql: postgres.Sql; env: ReturnType<typeof env> };
};

export function getWebhookSql(): postgres.Sql {
  // Called on every webhook: the URL is worked out again (two URL parses) only when the parsed
  // environment is not the one the pool was opened for (tests reset it).
  const settings = env();
  const current = globalForWebhookDb.luneoWebhookSql;
  if (current?.env === settings) return current.sql;
  const url = runtimeUrls(settings).app;
  if (current?.url === url) {
    current.env = settings;
    return current.sql;
  }
  if (current) void current.sql.end({ timeout: 1 });
  const sql = postgres(url, {
    max: settings.WEBHOOK_DATABASE_POOL_SIZE,
    onnotice: () => {},
    connect_timeout: 2,
    idle_timeout: 30,
    backoff: reconnectBackoff,
    connection: { statement_timeout: 1500, application_name: "luneo-webhooks" },
  });
  globalForWebhookDb.luneoWebhookSql = { url, sql, env: settings };
  return sql;
}

export function getDb(): Database {
  return getClient().db;
}

type SessionParts = ConstructorParameters<typeof PostgresJsSession>;

/**
 * Drizzle over a postgres.js transaction that someone else opened and will commit (the webhook
 * path's, lib/webhooks/inbox-store.ts): its queries run in that transaction, prepared like the
 * pools' queries, and `.transaction()` opens a savepoint in it. The dialect and the relational
 * schema are the tenant pool's own (read from its session), not built again per transaction.
 */
export function drizzleTransactionOn(client: postgres.TransactionSql): Transaction {
  const pool = getDb()._.session as unknown as {
    dialect: SessionParts[1];
    schema: SessionParts[2];
    options: SessionParts[3];
  };
  // Drizzle's types pair a transaction's session with postgres.js's TransactionSql only inside
  // its own begin(); at run time the session needs unsafe() and savepoint(), which it has.
  const session = new PostgresJsSession(
    preparingQueries(client) as unknown as postgres.Sql,
    pool.dialect,
    pool.schema,
    pool.options,
  );
  return new PostgresJsTransaction(
    pool.dialect,
    session as never,
    pool.schema,
  ) as unknown as Transaction;
}

export function getSystemDb(): Database {
  return getSystemClient().db;
}

export async function closeDb(): Promise<void> {
  const pools = [
    globalForDb.luneoDb?.sql,
    globalForDb.luneoSystemDb?.sql,
    globalForWebhookDb.luneoWebhookSql?.sql,
  ];
  globalForDb.luneoDb = undefined;
  globalForDb.luneoSystemDb = undefined;
  globalForWebhookDb.luneoWebhookSql = undefined;
  await Promise.all(pools.map((sql) => sql?.end({ timeout: 5 })));
}
