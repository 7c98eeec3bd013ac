import "server-only";
import { and, eq, like, type SQL } from "drizzle-orm";
import type { TenantTx } from "@/lib/db/scopes";
import { txClient } from "@/lib/db/tx-client";
import { messages } from "@/db/schema";
import {
  UPSERT_CONTACT_BY_PHONE,
  upsertContactByPhoneParams,
} from "@/lib/contacts/upsert-by-phone";

// Writes every normaliser shares. All are idempotent on a dedupe key, so a retried or replayed
// job never duplicates a timeline entry or a domain event.
//
// They run for nearly every event, so their SQL is written once here and sent on the
// transaction's postgres.js connection (prepared there, lib/db/prepared-queries.ts) rather than
// built by Drizzle per event (its query building was the worker's largest own cost). The
// client passes dates and JSON through as given (db/index.ts): they go as text, cast in the SQL.

/**
 * The contact a phone number belongs to, created on first contact (the rule and its statement:
 * lib/contacts/upsert-by-phone.ts, which the webhook route sends too).
 */
export async function upsertContact(
  tx: TenantTx,
  phoneE164: string,
  at: Date,
  channel: "voice" | "sms" | "webchat",
  /** Luneo's test event: a new contact is test-only; a real event makes any contact real. */
  test = false,
): Promise<string> {
  const params = upsertContactByPhoneParams({ orgId: tx.orgId, phoneE164, at, channel, test });
  const [row] = await txClient(tx).unsafe<{ id: string }[]>(UPSERT_CONTACT_BY_PHONE, params);
  return row!.id;
}

export type TimelineInput = {
  contactId: string | null;
  conversationId: string | null;
  kind: string;
  occurredAt: Date;
  data: Record<string, unknown>;
  dedupeKey: string;
  /** Replace the data of an existing entry (a call's end facts get richer as reports arrive). */
  refresh?: boolean;
};

/** One timeline entry, once per dedupe key (`refresh`: the key's entry takes the new facts). */
export async function putTimelineEvent(tx: TenantTx, input: TimelineInput) {
  await putTimelineEvents(tx, [input]);
}

// Several entries in one statement (a batch's, lib/ingest/batch-writes.ts), as putTimelineEvent
// one after the other would leave them: for a key given twice, a kept entry is the first, a
// refreshed one takes the last one's data, time and contact (its kind and conversation are
// in its key).
const INSERT_TIMELINES = `
  insert into timeline_events
    (org_id, contact_id, conversation_id, kind, occurred_at, data, dedupe_key)
  select $1::uuid, t.contact_id, t.conversation_id, t.kind, t.occurred_at, t.data, t.dedupe_key
    from jsonb_to_recordset($2::jsonb)
      as t(contact_id uuid, conversation_id uuid, kind text, occurred_at timestamptz, data jsonb,
           dedupe_key text)`;
const KEEP_TIMELINES = `${INSERT_TIMELINES} on conflict do nothing`;
const REFRESH_TIMELINES = `${INSERT_TIMELINES}
  on conflict (org_id, dedupe_key) do update
    set data = excluded.data, occurred_at = excluded.occurred_at,
        contact_id = excluded.contact_id`;

export async function putTimelineEvents(tx: TenantTx, inputs: TimelineInput[]) {
  const row = (input: TimelineInput) => ({
    contact_id: input.contactId,
    conversation_id: input.conversationId,
    kind: input.kind,
    occurred_at: input.occurredAt.toISOString(),
    data: input.data,
    dedupe_key: input.dedupeKey,
  });
  const kept = new Map<string, TimelineInput>();
  const refreshed = new Map<string, TimelineInput>();
  for (const input of inputs) {
    if (input.refresh) refreshed.set(input.dedupeKey, input);
    else if (!kept.has(input.dedupeKey)) kept.set(input.dedupeKey, input);
  }
  const client = txClient(tx);
  await Promise.all(
    (
      [
        [KEEP_TIMELINES, kept],
        [REFRESH_TIMELINES, refreshed],
      ] as const
    )
      .filter(([, rows]) => rows.size > 0)
      .map(([text, rows]) =>
        client.unsafe(text, [tx.orgId, JSON.stringify([...rows.values()].map(row))]),
      ),
  );
}

export type DomainEventInput = {
  type: string;
  dedupeKey: string;
  occurredAt: Date;
  payload: Record<string, unknown>;
};

const INSERT_DOMAIN_EVENTS = `
  insert into domain_events (org_id, type, dedupe_key, occurred_at, payload)
  select $1::uuid, e.type, e.dedupe_key, e.occurred_at, e.payload
    from jsonb_to_recordset($2::jsonb)
      as e(type text, dedupe_key text, occurred_at timestamptz, payload jsonb)
  on conflict do nothing
  returning 1`;

/**
 * Several domain events in one statement, each recorded once (a key given twice: the first);
 * how many were new.
 */
export async function emitDomainEvents(tx: TenantTx, events: DomainEventInput[]): Promise<number> {
  const first = new Map<string, DomainEventInput>();
  for (const event of events) if (!first.has(event.dedupeKey)) first.set(event.dedupeKey, event);
  if (first.size === 0) return 0;
  const rows = [...first.values()].map((event) => ({
    type: event.type,
    dedupe_key: event.dedupeKey,
    occurred_at: event.occurredAt.toISOString(),
    payload: event.payload,
  }));
  const inserted = await txClient(tx).unsafe(INSERT_DOMAIN_EVENTS, [
    tx.orgId,
    JSON.stringify(rows),
  ]);
  return inserted.length;
}

/** Records a domain event once; returns whether it is new. */
export async function emitDomainEvent(tx: TenantTx, event: DomainEventInput): Promise<boolean> {
  return (await emitDomainEvents(tx, [event])) > 0;
}

/** The rows of a call's transcript (dedupe keys `t:<turn>`) in a conversation of the org. */
export function transcriptRows(orgId: string, conversationId: string): SQL | undefined {
  return and(
    eq(messages.orgId, orgId),
    eq(messages.conversationId, conversationId),
    like(messages.dedupeKey, "t:%"),
  );
}
