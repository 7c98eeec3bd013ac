// The contact a phone number belongs to, created on first contact: the one rule both the webhook
// route (postgres.js, lib/webhooks/contacts-sql.ts: a call is answered with its contact's id) and
// the ingest job (Drizzle, lib/ingest/records.ts: every call and SMS) apply. It is written once,
// as positional SQL text that each client sends with the same parameters, rather than as two
// copies held together by a test: with one text there is nothing to keep in step.
// lib/contacts/upsert-by-phone.test.ts runs both clients on the same generated histories.
//
// The number is found through its identities, so a number merged into another contact reaches
// the survivor. The channel used is recorded, "last interaction" only moves forward, and a real
// event makes a test-only contact real (Luneo's test event creates test-only contacts). One
// statement: concurrent first calls from one number meet on the (org_id, phone_e164) key.

export type PhoneContactTouch = {
  orgId: string;
  /** E.164, as toE164 gives it. */
  phoneE164: string;
  /** When the interaction happened. */
  at: Date;
  channel: "voice" | "sms" | "webchat";
  /** Luneo's test event: a new contact is test-only; a real event makes any contact real. */
  test: boolean;
};

/** $1 org, $2 phone, $3 at, $4 channel, $5 test; returns the contact's `id`. */
export const UPSERT_CONTACT_BY_PHONE = `
  with known as (
    select contact_id from contact_identities
     where org_id = $1::uuid and kind = 'phone' and value = $2::text
  ), touched as (
    update contacts
       set last_interaction_at = greatest(last_interaction_at, $3::timestamptz),
           channels = case when $4::text = any(channels) then channels else channels || $4::text end,
           test_only = test_only and $5::boolean,
           updated_at = now()
     where org_id = $1::uuid and id = (select contact_id from known)
    -- A merge that committed while this statement waited on the row lock hid this contact:
    -- the caller belongs to the survivor now.
    returning coalesce(merged_into_id, id) as id
  ), created as (
    insert into contacts (org_id, phone_e164, last_interaction_at, channels, test_only)
    select $1::uuid, $2::text, $3::timestamptz, array[$4::text], $5::boolean
     where not exists (select 1 from known)
    on conflict (org_id, phone_e164) do update
      set last_interaction_at = greatest(contacts.last_interaction_at, excluded.last_interaction_at),
          channels = case when $4::text = any(contacts.channels) then contacts.channels
                          else contacts.channels || $4::text end,
          test_only = contacts.test_only and excluded.test_only,
          updated_at = now()
    returning id
  ), identity as (
    insert into contact_identities (org_id, kind, value, contact_id)
    select $1::uuid, 'phone', $2::text, id from created
    on conflict do nothing
  )
  select id from touched union all select id from created`;

/** The statement's parameters, in order. */
export function upsertContactByPhoneParams(
  touch: PhoneContactTouch,
): [string, string, string, string, boolean] {
  return [touch.orgId, touch.phoneE164, touch.at.toISOString(), touch.channel, touch.test];
}
