import "server-only";
import {
  UPSERT_CONTACT_BY_PHONE,
  upsertContactByPhoneParams,
  type PhoneContactTouch,
} from "@/lib/contacts/upsert-by-phone";
import type { WebhookTx } from "./inbox-store";

// Contact lookups the webhook route answers with, in its own transaction (tenant scope is set).

/**
 * The contact a phone number belongs to, created on first contact, in this postgres.js
 * transaction (the rule and its statement: lib/contacts/upsert-by-phone.ts, which the ingest job
 * sends too).
 */
export async function upsertContactByPhone(tx: WebhookTx, touch: Omit<PhoneContactTouch, "orgId">) {
  const [row] = await tx.unsafe<{ id: string }[]>(
    UPSERT_CONTACT_BY_PHONE,
    upsertContactByPhoneParams({ ...touch, orgId: tx.orgId }),
    // Prepared once per connection, as the tagged queries of this hot path are.
    { prepare: true },
  );
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
