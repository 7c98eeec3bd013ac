import "server-only";
import { recordPiiRead } from "@/lib/audit/pii";
import { refreshAgentBrief } from "@/lib/memory/memory-store";
import { and, eq, sql } from "drizzle-orm";
import {
  contactFacts,
  contactIdentities,
  contactMemory,
  contactMerges,
  contacts,
  conversations,
  timelineEvents,
  type Contact,
} from "@/db/schema";
import { moveActionRecords } from "@/lib/agent-actions/contact-merge";
import { requirePermission } from "@/lib/auth/permissions";
import { recordAudit } from "@/lib/audit/record";
import type { TenantContext } from "@/lib/context";
import { withTenant, type TenantTx } from "@/lib/db/scopes";
import { changedFields, mergeProfiles, storeFields, type FieldConflict } from "./plan";
import {
  assertDistinct,
  assertMergeable,
  identitiesOf,
  loadPair,
  type Identity,
  type MergeMoved,
} from "./records";

// Merging two contacts that are one person: the survivor keeps its profile, takes the other's
// conversations, timeline, facts, memory (when it has none), tasks and action journal entries
// (lib/agent-actions/contact-merge.ts) and every phone and email, and fills
// its empty fields from the other's. The merged contact stays, hidden (`mergedIntoId`), so the
// merge can be undone for 30 days (undo.ts).

export type MergeSide = Pick<
  Contact,
  | "id"
  | "name"
  | "language"
  | "tags"
  | "leadStatus"
  | "leadFields"
  | "channels"
  | "lastInteractionAt"
  | "createdAt"
> & { phones: string[]; emails: string[] };

export type MergePreview = {
  survivor: MergeSide;
  other: MergeSide;
  /** The survivor as it will be. */
  result: Omit<MergeSide, "createdAt">;
  /** The other contact's values the survivor keeps its own over. */
  conflicts: FieldConflict[];
  moves: { conversations: number; timelineEvents: number; facts: number; factsReplaced: number };
  /** Whose memory (summary, open items) the survivor will have. */
  memory: "survivor" | "other" | "none";
};

const side = (c: Contact, ids: { phones: string[]; emails: string[] }): MergeSide => ({
  id: c.id,
  name: c.name,
  language: c.language,
  tags: c.tags,
  leadStatus: c.leadStatus,
  leadFields: c.leadFields,
  channels: c.channels,
  lastInteractionAt: c.lastInteractionAt,
  createdAt: c.createdAt,
  ...ids,
});

const count = (n: number | undefined) => Number(n ?? 0);

async function countMoves(tx: TenantTx, survivorId: string, otherId: string) {
  const { orgId } = tx;
  const rows = await tx.execute<{
    conversations: number;
    timeline_events: number;
    facts: number;
    facts_replaced: number;
    survivor_memory: boolean;
    other_memory: boolean;
  }>(sql`
    select
      (select count(*) from conversations where org_id = ${orgId} and contact_id = ${otherId})::int as conversations,
      (select count(*) from timeline_events where org_id = ${orgId} and contact_id = ${otherId})::int as timeline_events,
      (select count(*) from contact_facts o where o.org_id = ${orgId} and o.contact_id = ${otherId}
          and not exists (select 1 from contact_facts s where s.org_id = ${orgId}
                           and s.contact_id = ${survivorId} and s.key = o.key))::int as facts,
      (select count(*) from contact_facts o where o.org_id = ${orgId} and o.contact_id = ${otherId}
          and exists (select 1 from contact_facts s where s.org_id = ${orgId}
                       and s.contact_id = ${survivorId} and s.key = o.key))::int as facts_replaced,
      exists (select 1 from contact_memory where org_id = ${orgId} and contact_id = ${survivorId}) as survivor_memory,
      exists (select 1 from contact_memory where org_id = ${orgId} and contact_id = ${otherId}) as other_memory`);
  const row = rows[0]!;
  return {
    moves: {
      conversations: count(row.conversations),
      timelineEvents: count(row.timeline_events),
      facts: count(row.facts),
      factsReplaced: count(row.facts_replaced),
    },
    memory: row.survivor_memory
      ? ("survivor" as const)
      : row.other_memory
        ? ("other" as const)
        : ("none" as const),
  };
}

/**
 * What merging `otherId` into `survivorId` would give; changes nothing, but records the read of
 * both contacts (contact.viewed, part "merge-preview").
 */
export async function previewMergeRecorded(
  ctx: TenantContext,
  survivorId: string,
  otherId: string,
): Promise<MergePreview> {
  requirePermission(ctx, "contacts.merge");
  assertDistinct(survivorId, otherId);
  return withTenant(ctx, async (tx) => {
    const [survivor, other] = await loadPair(tx, ctx, survivorId, otherId, false);
    assertMergeable(survivor, other);
    for (const id of [survivor.id, other.id]) await recordPiiRead(tx, ctx, id, "merge-preview");
    const [sIds, oIds] = [await identitiesOf(tx, survivor), await identitiesOf(tx, other)];
    const { result, conflicts } = mergeProfiles(survivor, other);
    const { moves, memory } = await countMoves(tx, survivor.id, other.id);
    return {
      survivor: side(survivor, sIds),
      other: side(other, oIds),
      result: {
        id: survivor.id,
        name: result.name,
        language: result.language,
        tags: result.tags,
        leadStatus: result.leadStatus,
        leadFields: result.leadFields,
        channels: result.channels,
        lastInteractionAt: result.lastInteractionAt,
        phones: [...new Set([...sIds.phones, ...oIds.phones])],
        emails: [...new Set([...sIds.emails, ...oIds.emails])],
      },
      conflicts,
      moves,
      memory,
    };
  });
}

export type MergeOutcome = {
  mergeId: string;
  survivorId: string;
  mergedId: string;
  moves: { conversations: number; timelineEvents: number; facts: number; identities: number };
};

/**
 * Merges `mergedId` into `survivorId` in one transaction, both contact rows locked. Everything it
 * moves and every survivor field it fills is written to `contact_merges.moved` for the undo.
 */
export async function mergeContacts(
  ctx: TenantContext,
  input: { survivorId: string; mergedId: string },
): Promise<MergeOutcome> {
  requirePermission(ctx, "contacts.merge");
  const { survivorId, mergedId } = input;
  assertDistinct(survivorId, mergedId);
  return withTenant(ctx, async (tx) => {
    const orgId = ctx.org.id;
    const [survivor, merged] = await loadPair(tx, ctx, survivorId, mergedId, true);
    assertMergeable(survivor, merged);
    const { result } = mergeProfiles(survivor, merged);

    const movedConversations = await tx
      .update(conversations)
      .set({ contactId: survivorId, updatedAt: sql`now()` })
      .where(and(eq(conversations.orgId, orgId), eq(conversations.contactId, mergedId)))
      .returning({ id: conversations.id });
    const movedEvents = await tx
      .update(timelineEvents)
      .set({ contactId: survivorId })
      .where(and(eq(timelineEvents.orgId, orgId), eq(timelineEvents.contactId, mergedId)))
      .returning({ id: timelineEvents.id });
    // On the same key the survivor's fact wins; the merged contact's stays with it, hidden.
    const movedFacts = await tx
      .update(contactFacts)
      .set({ contactId: survivorId })
      .where(
        and(
          eq(contactFacts.orgId, orgId),
          eq(contactFacts.contactId, mergedId),
          sql`not exists (select 1 from contact_facts s where s.org_id = ${orgId}
                and s.contact_id = ${survivorId} and s.key = ${contactFacts.key})`,
        ),
      )
      .returning({ key: contactFacts.key });
    const replacedFacts = await tx
      .select({ key: contactFacts.key, value: contactFacts.value })
      .from(contactFacts)
      .where(and(eq(contactFacts.orgId, orgId), eq(contactFacts.contactId, mergedId)));
    const memory = await moveMemory(tx, survivorId, mergedId);
    const movedIdentities: Identity[] = await tx
      .update(contactIdentities)
      .set({ contactId: survivorId })
      .where(and(eq(contactIdentities.orgId, orgId), eq(contactIdentities.contactId, mergedId)))
      .returning({ kind: contactIdentities.kind, value: contactIdentities.value });
    const actionRecords = await moveActionRecords(tx, mergedId, survivorId);

    // The merged contact lets go of its phone first: the survivor may take it (unique per org).
    await tx
      .update(contacts)
      .set({
        mergedIntoId: survivorId,
        mergedAt: sql`now()`,
        phoneE164: null,
        email: null,
        updatedAt: sql`now()`,
      })
      .where(and(eq(contacts.orgId, orgId), eq(contacts.id, mergedId)));
    const fields = changedFields(survivor, result);
    if (fields.length > 0) {
      const set: Partial<typeof contacts.$inferInsert> = {};
      for (const field of fields) Object.assign(set, { [field]: result[field] });
      await tx
        .update(contacts)
        .set({ ...set, updatedAt: sql`now()` })
        .where(and(eq(contacts.orgId, orgId), eq(contacts.id, survivorId)));
    }

    // The call-time brief reads the survivor's facts and name: recompute it with what moved in.
    await refreshAgentBrief(tx, survivorId);

    const moved: MergeMoved = {
      version: 1,
      conversations: movedConversations.map((r) => r.id),
      timelineEvents: movedEvents.map((r) => r.id),
      facts: { moved: movedFacts.map((r) => r.key), replaced: replacedFacts },
      memory,
      identities: movedIdentities,
      survivor: { before: storeFields(survivor, fields), after: storeFields(result, fields) },
      merged: { phoneE164: merged.phoneE164, email: merged.email },
      ...actionRecords,
    };
    const [row] = await tx
      .insert(contactMerges)
      .values({
        orgId,
        survivorId,
        mergedId,
        moved,
        mergedBy: ctx.actor.type === "user" ? ctx.actor.userId : null,
        mergedAt: sql`now()`,
      })
      .returning({ id: contactMerges.id });
    const mergeId = row!.id;
    await recordAudit(tx, ctx, {
      action: "contact.merged",
      targetType: "contact",
      targetId: survivorId,
      metadata: { mergeId, survivorId, mergedId },
    });
    return {
      mergeId,
      survivorId,
      mergedId,
      moves: {
        conversations: moved.conversations.length,
        timelineEvents: moved.timelineEvents.length,
        facts: moved.facts.moved.length,
        identities: moved.identities.length,
      },
    };
  });
}

/** The survivor keeps its own memory; when it has none, it takes the merged contact's. */
async function moveMemory(
  tx: TenantTx,
  survivorId: string,
  mergedId: string,
): Promise<MergeMoved["memory"]> {
  const { orgId } = tx;
  const [own] = await tx
    .select({ id: contactMemory.contactId })
    .from(contactMemory)
    .where(and(eq(contactMemory.orgId, orgId), eq(contactMemory.contactId, survivorId)));
  if (own) return "kept";
  const moved = await tx
    .update(contactMemory)
    .set({ contactId: survivorId })
    .where(and(eq(contactMemory.orgId, orgId), eq(contactMemory.contactId, mergedId)))
    .returning({ id: contactMemory.contactId });
  return moved.length > 0 ? "moved" : "none";
}
