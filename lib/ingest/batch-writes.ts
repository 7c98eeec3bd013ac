import "server-only";
import { getTableColumns } from "drizzle-orm";
import { CasingCache } from "drizzle-orm/casing";
import { conversations, type Conversation } from "@/db/schema";
import type { TenantTx } from "@/lib/db/scopes";
import { txClient } from "@/lib/db/tx-client";
import {
  emitDomainEvents,
  putTimelineEvents,
  upsertContact,
  type DomainEventInput,
  type TimelineInput,
} from "./records";

// Writes a batch of events (lib/ingest/process-event.ts: several events of one org in one
// transaction) makes once at its end instead of once per event: the rows of the calls it already
// holds, the contacts it already touched, and its keyed inserts (timeline entries, domain events,
// jobs). Each is a join (last state wins for a call's row, `greatest` / `and` for a contact, first
// or last entry for a key), so one statement per kind at the end leaves the rows the events leave
// one by one; nothing in the batch reads them in between (a call is read again only after what
// the batch holds went out: flushCallsMatching). Opt-in per transaction (deferBatchWrites): a
// caller that does not flush (flushBatchWrites) before committing writes at once, as before.

/** The columns of a call's row that applying a call event writes (apply-call.ts `values`). */
const CALL_COLUMNS = [
  "status",
  "statusRank",
  "statusSequence",
  "statusAt",
  "vapiCallId",
  "twilioCallSid",
  "direction",
  "startedAt",
  "endedAt",
  "durationSeconds",
  "endedReason",
  "cost",
  "costBreakdown",
  "recordingUrl",
  "summary",
  "structuredData",
  "successEvaluation",
  "contactId",
  "fromNumber",
  "toNumber",
  "lastMessageAt",
] as const satisfies readonly (keyof Conversation)[];
export type CallColumns = Pick<Conversation, (typeof CALL_COLUMNS)[number]>;

// The columns' names in the database, as the app's Drizzle client spells them (db/index.ts).
const casing = new CasingCache("snake_case");
const CALL_FIELDS = (() => {
  const columns = getTableColumns(conversations);
  return CALL_COLUMNS.map((key) => ({
    key,
    name: casing.getColumnCasing(columns[key]),
    type: columns[key].getSQLType(),
  }));
})();

// One statement for every held call: the rows as JSON (dates as ISO text, jsonb as JSON), typed
// by jsonb_to_recordset with the columns' own SQL types. Built once from the schema.
const UPDATE_CALLS = `
  update conversations c
     set ${CALL_FIELDS.map((f) => `${f.name} = v.${f.name}`).join(", ")}, updated_at = now()
    from jsonb_to_recordset($2::jsonb)
      as v(id uuid, ${CALL_FIELDS.map((f) => `${f.name} ${f.type}`).join(", ")})
   where c.org_id = $1::uuid and c.id = v.id`;

// Later touches of a contact already touched by the batch on the same channel: only the time
// moves forward and a real event makes a test-only contact real (lib/contacts/upsert-by-phone.ts
// `touched`: the contact found through the number's identity; the channel is already recorded).
// Grouped by contact: two numbers of one contact are one row to update.
const RETOUCH_CONTACTS = `
  update contacts c
     set last_interaction_at = greatest(c.last_interaction_at, v.at),
         test_only = c.test_only and v.test,
         updated_at = now()
    from (select i.contact_id, max(t.at) as at, bool_and(t.test) as test
            from jsonb_to_recordset($2::jsonb) as t(phone text, at timestamptz, test boolean)
            join contact_identities i
              on i.org_id = $1::uuid and i.kind = 'phone' and i.value = t.phone
           group by i.contact_id) v
   where c.org_id = $1::uuid and c.id = v.contact_id`;

type Touched = {
  id: string;
  channels: Set<string>;
  /** What the statements sent so far made of it (latest time, all touches test). */
  sent: { at: number; test: boolean };
  /** Including the touches deferred to the end. */
  wanted: { at: number; test: boolean };
};

/** A call event's keyed inserts: timeline entries, domain events, jobs (pg-boss's own SQL). */
export type KeyedWrites = {
  timeline: TimelineInput[];
  events: DomainEventInput[];
  jobs: (() => Promise<unknown>)[];
};

/** Plus the keyed inserts whose answer nobody waits for, in their order. */
type Batch = KeyedWrites & {
  /** Call rows written in memory only, by conversation id: the latest state of each. */
  calls: Map<string, Conversation>;
  phones: Map<string, Touched>;
};

/** Keyed inserts, one statement per kind (kept and refreshed timeline entries, domain events). */
function sendKeyedWrites(tx: TenantTx, writes: KeyedWrites) {
  return Promise.all([
    putTimelineEvents(tx, writes.timeline),
    emitDomainEvents(tx, writes.events),
    ...writes.jobs.map((job) => job()),
  ]);
}

const batches = new WeakMap<TenantTx, Batch>();

/** From now until flushBatchWrites, `tx` may hold writes back (idempotent). */
export function deferBatchWrites(tx: TenantTx) {
  if (!batches.has(tx)) {
    batches.set(tx, { calls: new Map(), phones: new Map(), timeline: [], events: [], jobs: [] });
  }
}

/**
 * The call's row with `values` written, if this transaction defers writes: held until the end
 * (returns the row as the update would), or null (the caller updates it now).
 */
export function holdCallWrite(
  tx: TenantTx,
  row: Conversation,
  values: CallColumns,
): Conversation | null {
  const batch = batches.get(tx);
  if (!batch) return null;
  // updated_at: now() is the transaction's start, which the row already holds (this transaction
  // wrote it: held rows are only those it inserted or updated).
  const next: Conversation = { ...row, ...values };
  batch.calls.set(row.id, next);
  return next;
}

/** A row updated now supersedes what was held for it. */
export function forgetCallWrite(tx: TenantTx, conversationId: string) {
  batches.get(tx)?.calls.delete(conversationId);
}

/**
 * Independent keyed inserts, one statement per kind (sendKeyedWrites): in a deferring transaction
 * at its end, with the batch's other held writes, in one round trip; else now. Nothing in a batch reads them back, except a merge of two rows
 * of a call, which flushes first (flushCallsMatching).
 */
export async function sendWithBatch(tx: TenantTx, writes: KeyedWrites) {
  const batch = batches.get(tx);
  if (batch) {
    batch.timeline.push(...writes.timeline);
    batch.events.push(...writes.events);
    batch.jobs.push(...writes.jobs);
    return;
  }
  await sendKeyedWrites(tx, writes);
}

/**
 * Before reading calls by these ids from the database: when a held row could be found, what the
 * batch holds goes out (the read may merge rows, moving their timeline).
 */
export async function flushCallsMatching(
  tx: TenantTx,
  ids: { vapiCallId?: string; twilioCallSid?: string },
) {
  const batch = batches.get(tx);
  if (!batch || batch.calls.size === 0) return;
  const hit = [...batch.calls.values()].some(
    (row) =>
      (ids.vapiCallId !== undefined && row.vapiCallId === ids.vapiCallId) ||
      (ids.twilioCallSid !== undefined && row.twilioCallSid === ids.twilioCallSid),
  );
  if (hit) await flushBatchWrites(tx);
}

async function flushCalls(tx: TenantTx, batch: Batch) {
  if (batch.calls.size === 0) return;
  const rows = [...batch.calls.values()].map((row) => {
    const out: Record<string, unknown> = { id: row.id };
    for (const { key, name } of CALL_FIELDS) out[name] = row[key];
    return out;
  });
  batch.calls.clear();
  await txClient(tx).unsafe(UPDATE_CALLS, [tx.orgId, JSON.stringify(rows)]);
}

/** A contact's touches with one more: the latest time, and test-only while every touch is a test. */
function withTouch(
  touches: Touched["sent"] | undefined,
  time: number,
  test: boolean,
): Touched["sent"] {
  return { at: Math.max(touches?.at ?? -Infinity, time), test: (touches?.test ?? true) && test };
}

/**
 * The contact a phone number belongs to, as upsertContact: created on first contact, touched
 * (last interaction, channel, test flag). In a deferring transaction a number already touched on
 * this channel is not sent again: its id is known and the rest of the touch goes out once, at the
 * end, for all numbers (the row is locked by this transaction since its first touch, so no merge
 * can move it meanwhile).
 */
export async function touchContact(
  tx: TenantTx,
  phoneE164: string,
  at: Date,
  channel: "voice" | "sms" | "webchat",
  test = false,
): Promise<string> {
  const batch = batches.get(tx);
  const seen = batch?.phones.get(phoneE164);
  const time = at.getTime();
  if (seen?.channels.has(channel)) {
    seen.wanted = withTouch(seen.wanted, time, test);
    return seen.id;
  }
  const id = await upsertContact(tx, phoneE164, at, channel, test);
  batch?.phones.set(phoneE164, {
    id,
    channels: new Set([...(seen?.channels ?? []), channel]),
    sent: withTouch(seen?.sent, time, test),
    wanted: withTouch(seen?.wanted, time, test),
  });
  return id;
}

async function flushContacts(tx: TenantTx, batch: Batch) {
  const due = [...batch.phones].filter(
    ([, p]) => p.wanted.at > p.sent.at || (p.sent.test && !p.wanted.test),
  );
  batch.phones.clear();
  if (due.length === 0) return;
  const rows = due.map(([phone, p]) => ({
    phone,
    at: new Date(p.wanted.at).toISOString(),
    test: p.wanted.test,
  }));
  await txClient(tx).unsafe(RETOUCH_CONTACTS, [tx.orgId, JSON.stringify(rows)]);
}

/**
 * Sends what the transaction held back (before its events are marked processed and it commits),
 * in one round trip; it may defer again afterwards.
 */
export async function flushBatchWrites(tx: TenantTx) {
  const batch = batches.get(tx);
  if (!batch) return;
  const held: KeyedWrites = {
    timeline: batch.timeline.splice(0),
    events: batch.events.splice(0),
    jobs: batch.jobs.splice(0),
  };
  await Promise.all([flushCalls(tx, batch), flushContacts(tx, batch), sendKeyedWrites(tx, held)]);
}
