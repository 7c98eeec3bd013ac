import "server-only";
import { sql } from "drizzle-orm";
import type { TenantTx } from "@/lib/db/scopes";
import { domainEvents, timelineEvents } from "@/db/schema";

// Writes every normaliser shares. All are idempotent on a dedupe key, so a retried or replayed
// job never duplicates a timeline entry or a domain event.

/** The webhook route has an SQL twin (lib/webhooks/contacts-sql.ts): change both together. */
/**
 * The contact a phone number belongs to (through its identities, so a number merged into another
 * contact reaches the survivor), created on first contact. Records the channel used and moves
 * "last interaction" forward only. One statement; its twin for the webhook route is
 * lib/webhooks/contacts-sql.ts `upsertContactByPhone` (same rule).
 */
export async function upsertContact(
  tx: TenantTx,
  phoneE164: string,
  at: Date,
  channel: "voice" | "sms" | "webchat",
  /** Luneo's test event: a new contact is test-only; a real event makes any contact real. */
  test = false,
): Promise<string> {
  const { orgId } = tx;
  const rows = await tx.execute<{ id: string }>(sql`
    with known as (
      select contact_id from contact_identities
       where org_id = ${orgId} and kind = 'phone' and value = ${phoneE164}
    ), touched as (
      update contacts
         set last_interaction_at = greatest(last_interaction_at, ${at.toISOString()}::timestamptz),
             channels = case when ${channel} = any(channels) then channels else channels || ${channel}::text end,
             test_only = test_only and ${test}::boolean,
             updated_at = now()
       where org_id = ${orgId} and id = (select contact_id from known)
      -- A merge that committed while this statement waited on the row lock hid this contact:
      -- the caller belongs to the survivor now.
      returning coalesce(merged_into_id, id) as id
    ), created as (
      insert into contacts (org_id, phone_e164, last_interaction_at, channels, test_only)
      select ${orgId}, ${phoneE164}, ${at.toISOString()}::timestamptz, array[${channel}::text], ${test}::boolean
       where not exists (select 1 from known)
      on conflict (org_id, phone_e164) do update
        set last_interaction_at = greatest(contacts.last_interaction_at, excluded.last_interaction_at),
            channels = case when ${channel} = any(contacts.channels) then contacts.channels
                            else contacts.channels || ${channel}::text end,
            test_only = contacts.test_only and excluded.test_only,
            updated_at = now()
      returning id
    ), identity as (
      insert into contact_identities (org_id, kind, value, contact_id)
      select ${orgId}, 'phone', ${phoneE164}, id from created
      on conflict do nothing
    )
    select id from touched union all select id from created`);
  const [row] = rows as unknown as { id: string }[];
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

export async function putTimelineEvent(tx: TenantTx, input: TimelineInput) {
  const insert = tx.insert(timelineEvents).values({ orgId: tx.orgId, ...input });
  await (input.refresh
    ? insert.onConflictDoUpdate({
        target: [timelineEvents.orgId, timelineEvents.dedupeKey],
        set: { data: input.data, occurredAt: input.occurredAt, contactId: input.contactId },
      })
    : insert.onConflictDoNothing());
}

/** Records a domain event once; returns whether it is new. */
export async function emitDomainEvent(
  tx: TenantTx,
  event: { type: string; dedupeKey: string; occurredAt: Date; payload: Record<string, unknown> },
): Promise<boolean> {
  const rows = await tx
    .insert(domainEvents)
    .values({ orgId: tx.orgId, ...event })
    .onConflictDoNothing()
    .returning({ id: domainEvents.id });
  return rows.length > 0;
}
