import "server-only";
import { and, eq, like, sql, type SQL } from "drizzle-orm";
import type { TenantTx } from "@/lib/db/scopes";
import { domainEvents, messages, timelineEvents } from "@/db/schema";
import {
  UPSERT_CONTACT_BY_PHONE,
  upsertContactByPhoneParams,
} from "@/lib/contacts/upsert-by-phone";

// Writes every normaliser shares. All are idempotent on a dedupe key, so a retried or replayed
// job never duplicates a timeline entry or a domain event.

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
  const rows = await tx.execute<{ id: string }>(positional(UPSERT_CONTACT_BY_PHONE, params));
  const [row] = rows as unknown as { id: string }[];
  return row!.id;
}

/** Positional SQL text as Drizzle SQL: each `$n` becomes the n-th value, bound as a parameter. */
function positional(text: string, params: readonly unknown[]): SQL {
  const pieces = text.split(/\$(\d+)/);
  return sql.join(
    pieces.map((piece, i) => (i % 2 === 0 ? sql.raw(piece) : sql`${params[Number(piece) - 1]}`)),
  );
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

/** The rows of a call's transcript (dedupe keys `t:<turn>`) in a conversation of the org. */
export function transcriptRows(orgId: string, conversationId: string): SQL | undefined {
  return and(
    eq(messages.orgId, orgId),
    eq(messages.conversationId, conversationId),
    like(messages.dedupeKey, "t:%"),
  );
}
