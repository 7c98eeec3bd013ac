import "server-only";
import type postgres from "postgres";
import type { Provider } from "@/db/schema";
import { env } from "@/lib/env";
import { log } from "@/lib/log";
import { loadEndpoint, webhookTransaction, type Endpoint } from "./inbox-store";

// Every webhook needs its endpoint: the connection, the org's name and time zone, and the
// decrypted signing secrets. Read from the database, that is a transaction of its own and an
// AES-GCM decryption per secret on every request; kept here, a steady stream of webhooks costs
// the one statement that stores the event (inbox-store.ts storeEvent).
//
// Kept for at most WEBHOOK_ENDPOINT_CACHE_SECONDS (default 5; 0 turns the cache off), and dropped
// at once when anything it holds changes: a trigger on channels, secrets and orgs notifies
// `luneo_channel_changed` with the org's id (migration 0025) and every process drops that org's
// entries. The lifetime is the bound when a notification is missed (the listening connection was
// down), entries are kept only once this process has started listening, and the cache starts
// empty again each time the listening connection comes back. Unknown endpoints are never
// kept: random ids cannot fill the memory.

const CHANNEL = "luneo_channel_changed";
const MAX_ENTRIES = 10_000;

// `until` on the monotonic clock: a wall-clock change never keeps an entry longer.
type Entry = { endpoint: Endpoint; until: number };

const state = globalThis as unknown as {
  luneoEndpointCache?: {
    sql: postgres.Sql;
    entries: Map<string, Entry>;
    listening: boolean;
    listen: Promise<void> | null;
    /** Bumped by every change notification: a read that started before one is not kept. */
    generation: number;
  };
};

function cache(sql: postgres.Sql) {
  if (state.luneoEndpointCache?.sql !== sql) {
    state.luneoEndpointCache = {
      sql,
      entries: new Map(),
      listening: false,
      listen: null,
      generation: 0,
    };
  }
  return state.luneoEndpointCache;
}

const keyOf = (provider: Provider, endpointId: string) => `${provider}:${endpointId}`;

/** Drops every kept endpoint of `orgId` (all of them without one). */
export function forgetEndpoints(sql: postgres.Sql, orgId?: string): void {
  const current = cache(sql);
  const { entries } = current;
  current.generation += 1;
  if (!orgId) return entries.clear();
  for (const [key, entry] of entries) if (entry.endpoint.orgId === orgId) entries.delete(key);
}

function startListening(sql: postgres.Sql, current: ReturnType<typeof cache>): void {
  if (current.listen) return;
  current.listen = sql
    .listen(
      CHANNEL,
      (orgId) => forgetEndpoints(sql, orgId),
      // Called on every (re)connection: whatever changed while it was down is unknown, so start
      // empty.
      () => {
        forgetEndpoints(sql);
        current.listening = true;
      },
    )
    .then(() => undefined)
    .catch((error: unknown) => {
      current.listen = null;
      log.warn({ err: error }, "endpoint cache: cannot listen for channel changes; not caching");
    });
}

/**
 * The endpoint `endpointId` of `provider` in `orgId`, from memory when it was read less than the
 * cache's lifetime ago, else from the database (in the org's tenant transaction). Null when the
 * org has no such endpoint.
 */
export async function endpointFor(
  sql: postgres.Sql,
  orgId: string,
  provider: Provider,
  endpointId: string,
): Promise<Endpoint | null> {
  const lifetimeMs = env().WEBHOOK_ENDPOINT_CACHE_SECONDS * 1000;
  const current = cache(sql);
  const key = keyOf(provider, endpointId);
  if (lifetimeMs > 0) {
    startListening(sql, current);
    const kept = current.entries.get(key);
    if (kept && kept.until > performance.now() && kept.endpoint.orgId === orgId)
      return kept.endpoint;
  }
  const generation = current.generation;
  const endpoint = await webhookTransaction(sql, orgId, (tx) =>
    loadEndpoint(tx, provider, endpointId),
  );
  if (endpoint && lifetimeMs > 0 && current.listening && current.generation === generation) {
    if (current.entries.size >= MAX_ENTRIES) current.entries.clear();
    // Never past the end of a secret's grace period: that ends without a row changing.
    const graceLeft = endpoint.secretsValidUntil
      ? endpoint.secretsValidUntil.getTime() - Date.now()
      : Infinity;
    current.entries.set(key, {
      endpoint,
      until: performance.now() + Math.min(lifetimeMs, graceLeft),
    });
  }
  return endpoint;
}
