import "server-only";
import { sql } from "drizzle-orm";
import type { Transaction } from "@/db";
import { contacts, domainEvents, timelineEvents } from "@/db/schema";

// Writes every normaliser shares. All are idempotent on a dedupe key, so a retried or replayed
// job never duplicates a timeline entry or a domain event.

/** The webhook route has an SQL twin (lib/webhooks/contacts-sql.ts): change both together. */
export async function upsertContact(
  tx: Transaction,
  orgId: string,
  phoneE164: string,
  at: Date,
): Promise<string> {
  const [row] = await tx
    .insert(contacts)
    .values({ orgId, phoneE164, lastInteractionAt: at })
    .onConflictDoUpdate({
      target: [contacts.orgId, contacts.phoneE164],
      set: {
        lastInteractionAt: sql`greatest(${contacts.lastInteractionAt}, excluded.last_interaction_at)`,
        updatedAt: sql`now()`,
      },
    })
    .returning({ id: contacts.id });
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

export async function putTimelineEvent(tx: Transaction, orgId: string, input: TimelineInput) {
  const insert = tx.insert(timelineEvents).values({ orgId, ...input });
  await (input.refresh
    ? insert.onConflictDoUpdate({
        target: [timelineEvents.orgId, timelineEvents.dedupeKey],
        set: { data: input.data, occurredAt: input.occurredAt, contactId: input.contactId },
      })
    : insert.onConflictDoNothing());
}

/** Records a domain event once; returns whether it is new. */
export async function emitDomainEvent(
  tx: Transaction,
  orgId: string,
  event: { type: string; dedupeKey: string; occurredAt: Date; payload: Record<string, unknown> },
): Promise<boolean> {
  const rows = await tx
    .insert(domainEvents)
    .values({ orgId, ...event })
    .onConflictDoNothing()
    .returning({ id: domainEvents.id });
  return rows.length > 0;
}
