import "server-only";
import { and, asc, eq, sql } from "drizzle-orm";
import { z } from "zod";
import type { TenantTx } from "@/lib/db/scopes";
import { contactFacts, contactMemory, contacts, orgVerticals, type OpenItem } from "@/db/schema";
import { computeAgentBrief, type AgentBrief } from "./agent-brief";
import type { QualificationFieldRef } from "./summariser";

// Writes the memory job and the admin's corrections share. Whatever feeds the agent brief — the
// memory, the facts (jobs, corrections, merges and their undo) and the contact's name (profile
// edits) — recomputes it in the same transaction. One input is not followed: after a change of
// trade the facts keep the old trade's order until the contact's next summary.

// Lenient on purpose: a stored configuration this code cannot read costs the facts their lead
// field keys, not the memory (the assistant-request path makes the same choice).
const qualificationSchema = z.object({
  qualification: z.record(
    z.string(),
    z.object({
      position: z.number(),
      field: z.object({
        key: z.string(),
        label: z.string(),
        type: z.enum(["choice", "text", "number", "date"]),
        options: z.array(z.string()).optional(),
        unit: z.string().optional(),
      }),
    }),
  ),
});

/** The lead fields of the org's vertical, in question order (none before a vertical is chosen). */
export async function qualificationFieldsOf(tx: TenantTx): Promise<QualificationFieldRef[]> {
  const { orgId } = tx;
  const [row] = await tx
    .select({ resolved: orgVerticals.resolved })
    .from(orgVerticals)
    .where(eq(orgVerticals.orgId, orgId));
  const parsed = qualificationSchema.safeParse(row?.resolved);
  if (!parsed.success) return [];
  return Object.values(parsed.data.qualification)
    .sort((a, b) => a.position - b.position)
    .map((q) => q.field);
}

/** Serialises memory writes of one contact (two conversations ending together, an admin's edit). */
export async function lockContactMemory(tx: TenantTx, contactId: string) {
  const { orgId } = tx;
  await tx.execute(
    sql`select pg_advisory_xact_lock(hashtextextended(${`${orgId}:memory:${contactId}`}, 0))`,
  );
}

export type MemoryPatch = {
  summary: string;
  openItems: OpenItem[];
  lastConversationId: string | null;
};

/**
 * Writes the contact's memory row — `patch` when given, otherwise what is stored — with its agent
 * brief recomputed from the facts as they are now in this transaction.
 */
export async function saveContactMemory(
  tx: TenantTx,
  contactId: string,
  patch?: MemoryPatch,
): Promise<AgentBrief> {
  const { orgId } = tx;
  const [contact] = await tx
    .select({ name: contacts.name })
    .from(contacts)
    .where(and(eq(contacts.orgId, orgId), eq(contacts.id, contactId)));
  const [stored] = patch
    ? [undefined]
    : await tx
        .select()
        .from(contactMemory)
        .where(and(eq(contactMemory.orgId, orgId), eq(contactMemory.contactId, contactId)));
  const facts = await tx
    .select({ key: contactFacts.key, value: contactFacts.value })
    .from(contactFacts)
    .where(and(eq(contactFacts.orgId, orgId), eq(contactFacts.contactId, contactId)))
    .orderBy(asc(contactFacts.key));
  const fields = await qualificationFieldsOf(tx);
  const memory = patch ?? {
    summary: stored?.summary ?? "",
    openItems: stored?.openItems ?? [],
    lastConversationId: stored?.lastConversationId ?? null,
  };
  const agentBrief = computeAgentBrief({
    contactName: contact?.name ?? null,
    summary: memory.summary,
    openItems: memory.openItems,
    facts,
    qualificationKeys: fields.map((f) => f.key),
  });
  const values = { ...memory, agentBrief, updatedAt: sql`now()` };
  await tx
    .insert(contactMemory)
    .values({ orgId, contactId, ...values })
    .onConflictDoUpdate({ target: [contactMemory.orgId, contactMemory.contactId], set: values });
  return agentBrief;
}

/**
 * Recomputes the agent brief of a contact that has a memory row (after its facts or name changed
 * elsewhere, e.g. a merge or its undo); a contact without memory is left without one.
 */
export async function refreshAgentBrief(tx: TenantTx, contactId: string) {
  const { orgId } = tx;
  const [row] = await tx
    .select({ contactId: contactMemory.contactId })
    .from(contactMemory)
    .where(and(eq(contactMemory.orgId, orgId), eq(contactMemory.contactId, contactId)));
  if (row) await saveContactMemory(tx, contactId);
}
