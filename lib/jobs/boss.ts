import "server-only";
import PgBoss from "pg-boss";
import type postgres from "postgres";
import type { Transaction } from "@/db";
import { runtimeUrls } from "@/lib/db/roles";
import { txClient } from "@/lib/db/tx-client";
import { env } from "@/lib/env";
import { log } from "@/lib/log";
import { ensureQueues } from "./queues";

const globalForBoss = globalThis as unknown as {
  luneoBoss?: { url: string; boss: Promise<PgBoss> };
};

/**
 * The process's pg-boss, started on first use (schema and queues already exist: migrate step).
 * It logs in as luneo_system, which may read and update job rows but not change the schema
 * (docs/adr/0009).
 */
export function getBoss(): Promise<PgBoss> {
  const url = runtimeUrls(env()).system;
  const current = globalForBoss.luneoBoss;
  if (current?.url === url) return current.boss;
  const boss = (async () => {
    const instance = new PgBoss({ connectionString: url, max: 4, application_name: "luneo-jobs" });
    instance.on("error", onQueueError);
    await instance.start();
    await ensureQueues(instance);
    return instance;
  })();
  globalForBoss.luneoBoss = { url, boss };
  boss.catch(() => {
    if (globalForBoss.luneoBoss?.boss === boss) globalForBoss.luneoBoss = undefined;
  });
  return boss;
}

// pg-boss reports every error of its pool and its loops here, each `pg` error with the whole
// client object attached (kilobytes). When the database goes away — the embedded server stopping
// with `npm run dev` on Ctrl-C, a restart — each pooled connection and each poll reports it: that
// is one fact, logged once per minute as one short line; pg-boss reconnects by itself.
const CONNECTION_LOST_CODES = new Set([
  "57P01", // admin_shutdown: the server is stopping (or terminated the backend)
  "57P02", // crash_shutdown
  "57P03", // cannot_connect_now: starting up or shutting down
  "ECONNREFUSED",
  "ECONNRESET",
  "EPIPE",
]);
const CONNECTION_LOST_MESSAGE = /Connection terminated|terminating connection|connection ended/i;
const CONNECTION_LOST_EVERY_MS = 60_000;
let connectionLostLoggedAt = 0;
let connectionLostSince = 0;

export function isConnectionLoss(error: unknown): boolean {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  return (
    (typeof code === "string" && CONNECTION_LOST_CODES.has(code)) ||
    (typeof message === "string" && CONNECTION_LOST_MESSAGE.test(message))
  );
}

/** One short line per error (never the client object); a lost connection once a minute. */
export function onQueueError(error: unknown, now = Date.now()): void {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  const summary = {
    code: typeof code === "string" ? code : undefined,
    message: typeof message === "string" ? message : String(error),
  };
  if (isConnectionLoss(error)) {
    connectionLostSince += 1;
    if (now - connectionLostLoggedAt < CONNECTION_LOST_EVERY_MS) return;
    log.warn(
      { ...summary, reports: connectionLostSince },
      "job queue lost its database connection (server stopping or restarting); it reconnects by itself",
    );
    connectionLostLoggedAt = now;
    connectionLostSince = 0;
    return;
  }
  log.error({ err: error }, "job queue error");
}

// Workers that are not pg-boss's own (lib/ingest/inbox-worker.ts) stop before it does.
const stopHooks = new WeakMap<PgBoss, (() => Promise<void>)[]>();

/** Runs `hook` when `boss` is stopped by stopBoss, before pg-boss itself stops. */
export function onBossStop(boss: PgBoss, hook: () => Promise<void>): void {
  stopHooks.set(boss, [...(stopHooks.get(boss) ?? []), hook]);
}

export async function stopBoss(): Promise<void> {
  const current = globalForBoss.luneoBoss;
  globalForBoss.luneoBoss = undefined;
  if (!current) return;
  const boss = await current.boss;
  await Promise.all((stopHooks.get(boss) ?? []).map((hook) => hook()));
  stopHooks.delete(boss);
  await boss.stop({ graceful: true, wait: true, timeout: 5000 });
}

/**
 * Lets pg-boss write its job row through one of our postgres.js transactions, so the job and the
 * row it is about commit together or not at all.
 */
export function inTransaction(tx: postgres.TransactionSql): PgBoss.Db {
  return {
    async executeSql(text, values) {
      const rows = await tx.unsafe(text, values.map(toParam) as postgres.ParameterOrJSON<never>[]);
      return { rows: [...rows] };
    },
  };
}

/**
 * The same for a Drizzle transaction: pg-boss's SQL goes, as written, to the postgres.js
 * transaction under it (Drizzle 0.45 keeps it at `session.client`). Re-binding each `$n` through
 * Drizzle instead made a repeated placeholder several parameters, typed apart (pg-boss's relative
 * `startAfter` then failed as a timestamp).
 */
export function inDrizzleTransaction(tx: Transaction): PgBoss.Db {
  const client = txClient(tx);
  return {
    async executeSql(text, values) {
      const params = values.map(toDrizzleParam) as postgres.ParameterOrJSON<never>[];
      return { rows: [...(await client.unsafe(text, params))] };
    },
  };
}

// pg-boss passes undefined for "not given", which postgres.js refuses; objects stay objects
// (postgres.js serialises them for the jsonb parameter itself).
function toParam(value: unknown): unknown {
  return value === undefined ? null : value;
}

// Drizzle's postgres.js client passes jsonb and timestamp parameters through untouched (Drizzle
// serialises them in its column mappers), so here objects and dates are turned into text first.
function toDrizzleParam(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (value !== null && typeof value === "object") return JSON.stringify(value);
  return toParam(value);
}
