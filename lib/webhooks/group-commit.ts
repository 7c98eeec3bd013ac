import "server-only";
import type postgres from "postgres";
import { env } from "@/lib/env";
import { ingestJob } from "@/lib/ingest/normalize-job";
import { storeEvent, type Endpoint, type NewEvent } from "./inbox-store";

// Group commit for the webhook receiver's write. Each acknowledged event must be committed (with
// its job) before its 2xx, and a commit costs a WAL flush and a round trip. While `inFlight`
// statements are running, requests that arrive meanwhile wait and then go together: one statement
// calls luneo_store_webhook_event for each of them, in one transaction and one commit. Nothing waits
// on a timer: under light load every event is written alone, at once, as before; under load the
// batches grow by themselves (natural batching), so the commit is shared instead of queued.
//
// Durability is unchanged: a request is answered only when the statement holding its event has
// committed. If a batch fails, its events are written one by one, so one event that cannot be
// stored (a connection deleted a moment ago) fails only its own request.

type Stored = { eventId: string | null; duplicate: boolean };

type Waiting = {
  endpoint: Endpoint;
  event: NewEvent;
  resolve: (stored: Stored) => void;
  reject: (error: unknown) => void;
};

export type GroupCommitOptions = {
  /** Statements of this writer running at once (each on its own pooled connection). */
  inFlight: number;
  /** At most this many events in one statement. */
  maxBatch: number;
};

export type GroupCommitWriter = {
  store: (endpoint: Endpoint, event: NewEvent) => Promise<Stored>;
};

export function createGroupCommitWriter(
  sql: postgres.Sql,
  options: GroupCommitOptions,
): GroupCommitWriter {
  let waiting: Waiting[] = [];
  let running = 0;

  const pump = () => {
    while (running < options.inFlight && waiting.length > 0) {
      const { batch, rest } = takeBatch(waiting, options.maxBatch);
      waiting = rest;
      running += 1;
      void write(sql, batch).finally(() => {
        running -= 1;
        pump();
      });
    }
  };

  return {
    store(endpoint, event) {
      return new Promise<Stored>((resolve, reject) => {
        waiting.push({ endpoint, event, resolve, reject });
        pump();
      });
    },
  };
}

const writers = new WeakMap<postgres.Sql, GroupCommitWriter>();

/** The process's writer for a pool (the webhook pool: db/index.ts getWebhookSql). */
export function groupCommitWriterFor(sql: postgres.Sql): GroupCommitWriter {
  let writer = writers.get(sql);
  if (!writer) {
    writer = createGroupCommitWriter(sql, {
      inFlight: env().WEBHOOK_STORE_STATEMENTS,
      maxBatch: 64,
    });
    writers.set(sql, writer);
  }
  return writer;
}

/**
 * The next batch, in arrival order: at most `max` events, none with raw bytes (they keep the
 * one-event path, whose statement carries a bytea), and never two of one call. The jobs of a call
 * run in the order of their rows' creation time, and a transaction's rows all have the same
 * `now()`: a second event of a call waits for the next statement, which starts later.
 */
export function takeBatch<T extends { event: NewEvent; endpoint: Endpoint }>(
  waiting: T[],
  max: number,
): { batch: T[]; rest: T[] } {
  const [first, ...others] = waiting;
  if (!first) return { batch: [], rest: [] };
  if (first.event.rawBytes) return { batch: [first], rest: others };
  const batch = [first];
  const rest: T[] = [];
  const calls = new Set<string>();
  const callOf = (item: T) =>
    item.event.orderKey ? `${item.endpoint.orgId}\u0000${item.event.orderKey}` : null;
  const firstCall = callOf(first);
  if (firstCall) calls.add(firstCall);
  for (const item of others) {
    const call = callOf(item);
    if (batch.length >= max || item.event.rawBytes || (call && calls.has(call))) {
      rest.push(item);
      continue;
    }
    if (call) calls.add(call);
    batch.push(item);
  }
  return { batch, rest };
}

async function write(sql: postgres.Sql, batch: Waiting[]) {
  if (batch.length === 1) {
    const [only] = batch as [Waiting];
    await storeEvent(sql, only.endpoint, only.event).then(only.resolve, only.reject);
    return;
  }
  try {
    const ids = await storeEvents(sql, batch);
    batch.forEach((item, i) => {
      const eventId = ids[i] ?? null;
      item.resolve({ eventId, duplicate: eventId === null });
    });
  } catch {
    // Nothing of the batch was committed: each event gets its own statement and its own answer.
    await Promise.all(
      batch.map((item) =>
        storeEvent(sql, item.endpoint, item.event).then(item.resolve, item.reject),
      ),
    );
  }
}

/**
 * Several events in one statement (one transaction): luneo_store_webhook_event once per event, in
 * arrival order, each entering its own org's scope before it writes. Returns each event's id, or
 * null for a redelivery, in the order given.
 */
export async function storeEvents(
  sql: postgres.Sql,
  batch: { endpoint: Endpoint; event: NewEvent }[],
): Promise<(string | null)[]> {
  const column = (
    pick: (item: { endpoint: Endpoint; event: NewEvent }) => string | boolean | null,
  ) => textArrayLiteral(batch.map(pick));
  // One row, built after every event is written: the ids come back in the order given, and a
  // failing batch has sent no rows at all (postgres.js once handed such rows to the next query
  // on the connection: patches/postgres+3.4.9.patch, lib/db/postgres-client.test.ts).
  const [row] = await sql<{ ids: (string | null)[] }[]>`
    select json_agg(s.id order by s.n) as ids from (
    select t.n, luneo_store_webhook_event(
             t.org::uuid, t.provider, t.connection::uuid, t.kind, t.event_key, t.status, t.raw_body,
             null, t.headers::jsonb, t.reject_reason, t.is_test::boolean, ${ingestJob.name},
             t.order_key) as id
      from unnest(
             ${column((i) => i.endpoint.orgId)}::text[],
             ${column((i) => i.event.provider)}::text[],
             ${column((i) => i.endpoint.connectionId)}::text[],
             ${column((i) => i.event.kind)}::text[],
             ${column((i) => i.event.eventKey)}::text[],
             ${column((i) => i.event.status)}::text[],
             ${column((i) => i.event.rawBody)}::text[],
             ${column((i) => JSON.stringify(i.event.headers))}::text[],
             ${column((i) => i.event.rejectReason ?? null)}::text[],
             ${column((i) => i.event.isTest ?? false)}::text[],
             ${column((i) => i.event.orderKey ?? null)}::text[]
           ) with ordinality as t(org, provider, connection, kind, event_key, status, raw_body,
                                  headers, reject_reason, is_test, order_key, n)) s`;
  return row?.ids ?? [];
}

/**
 * A PostgreSQL array literal of text (`{"a","b",NULL}`), sent as one text parameter and cast in
 * SQL. postgres.js can send arrays itself, but only once it has read the server's array types on
 * a first connection: a batch on a fresh pool would go out as "a,b".
 */
export function textArrayLiteral(values: (string | boolean | null)[]): string {
  const items = values.map((value) =>
    value === null ? "NULL" : `"${String(value).replace(/[\\"]/g, (c) => `\\${c}`)}"`,
  );
  return `{${items.join(",")}}`;
}
