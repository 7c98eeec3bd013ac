import "server-only";
import type postgres from "postgres";

// Contact lookups the webhook route answers with, in its own transaction (tenant scope is set).

/** The SQL twin of lib/ingest/records.ts `upsertContact` (same rule), for this postgres.js transaction. */
export async function upsertContactByPhone(
  tx: postgres.TransactionSql,
  orgId: string,
  phoneE164: string,
) {
  const [row] = await tx<{ id: string }[]>`
    insert into contacts (org_id, phone_e164, last_interaction_at)
    values (${orgId}, ${phoneE164}, now())
    on conflict (org_id, phone_e164) do update
      set last_interaction_at = greatest(contacts.last_interaction_at, excluded.last_interaction_at), updated_at = now()
    returning id`;
  return row!.id;
}

export async function findContactByPhone(
  tx: postgres.TransactionSql,
  orgId: string,
  phoneE164: string,
) {
  const [row] = await tx<{ id: string; name: string | null; last_interaction_at: Date | null }[]>`
    select id, name, last_interaction_at from contacts where org_id = ${orgId} and phone_e164 = ${phoneE164}`;
  return row ?? null;
}
