import "server-only";
import type { WebhookTx } from "./inbox-store";

// Contact lookups the webhook route answers with, in its own transaction (tenant scope is set).

/** The SQL twin of lib/ingest/records.ts `upsertContact` (same rule), for this postgres.js transaction. */
export async function upsertContactByPhone(tx: WebhookTx, phoneE164: string) {
  const { orgId } = tx;
  const [row] = await tx<{ id: string }[]>`
    with known as (
      select contact_id from contact_identities
       where org_id = ${orgId} and kind = 'phone' and value = ${phoneE164}
    ), touched as (
      update contacts
         set last_interaction_at = greatest(last_interaction_at, now()),
             channels = case when 'voice' = any(channels) then channels else channels || 'voice'::text end,
             test_only = false,
             updated_at = now()
       where org_id = ${orgId} and id = (select contact_id from known)
      -- A merge that committed while this statement waited on the row lock hid this contact:
      -- the caller belongs to the survivor now.
      returning coalesce(merged_into_id, id) as id
    ), created as (
      insert into contacts (org_id, phone_e164, last_interaction_at, channels)
      select ${orgId}, ${phoneE164}, now(), array['voice'::text]
       where not exists (select 1 from known)
      on conflict (org_id, phone_e164) do update
        set last_interaction_at = greatest(contacts.last_interaction_at, excluded.last_interaction_at),
            channels = case when 'voice' = any(contacts.channels) then contacts.channels
                            else contacts.channels || 'voice'::text end,
            test_only = false,
            updated_at = now()
      returning id
    ), identity as (
      insert into contact_identities (org_id, kind, value, contact_id)
      select ${orgId}, 'phone', ${phoneE164}, id from created
      on conflict do nothing
    )
    select id from touched union all select id from created`;
  return row!.id;
}

/**
 * A caller's contact through any of its phone identities (merged numbers reach the survivor), with
 * the agent brief the memory job precomputed (null before its first summarised conversation).
 */
export async function findContactByPhone(tx: WebhookTx, phoneE164: string) {
  const { orgId } = tx;
  const [row] = await tx<
    {
      id: string;
      name: string | null;
      last_interaction_at: Date | null;
      agent_brief: Record<string, unknown> | null;
    }[]
  >`
    select c.id, c.name, c.last_interaction_at, m.agent_brief
      from contact_identities i
      join contacts c on c.org_id = i.org_id and c.id = i.contact_id
      left join contact_memory m on m.org_id = c.org_id and m.contact_id = c.id
     where i.org_id = ${orgId} and i.kind = 'phone' and i.value = ${phoneE164}`;
  return row ?? null;
}
