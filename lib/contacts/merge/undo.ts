import "server-only";
import { refreshAgentBrief } from "@/lib/memory/memory-store";
import { and, eq, ne, sql, type AnyColumn, type SQL } from "drizzle-orm";
import {
  contactFacts,
  contactMemory,
  contactMerges,
  contacts,
  conversations,
  timelineEvents,
} from "@/db/schema";
import { moveActionRecords } from "@/lib/agent-actions/contact-merge";
import { requirePermission } from "@/lib/auth/permissions";
import { recordAudit } from "@/lib/audit/record";
import type { TenantContext } from "@/lib/context";
import { withTenant } from "@/lib/db/scopes";
import { AppError, NotFoundError } from "@/lib/errors";
import { jsonEqual } from "@/lib/json";
import { loadFields, type MergedProfileField } from "./plan";
import {
  FINAL_MERGE_MESSAGE,
  UNDO_WINDOW_DAYS,
  isUuid,
  loadPair,
  mergeMovedSchema,
} from "./records";

// Undoing a merge (within 30 days) puts back exactly what it moved: the rows listed in
// `contact_merges.moved` go back to the merged contact, its phones and emails become its own again,
// and both profiles return to their values before the merge.
//
// What happened since the merge is kept, by one rule: **only what the merge moved goes back, and
// only where it still is.**
// - A conversation, timeline event, fact or memory the survivor got after the merge (say a new
//   call from the merged contact's number) stays with the survivor. Calls from that number reach
//   the merged contact again from the undo on.
// - A moved row goes back as it is now (a fact edited since keeps its new value).
// - A survivor field the merge filled goes back to its previous value only if nobody changed it
//   since (a name typed after the merge, or a later last interaction, is kept).
// - A phone or email of the merged contact removed from the survivor since comes back to the
//   merged contact, unless another contact has taken it.
// - A survivor that was itself merged into a third contact since must be unmerged first.

/** A list of ids or keys as one parameter (a contact may have more rows than bind parameters). */
const inList = (column: AnyColumn, values: string[], cast = "text"): SQL =>
  sql`${column} in (select jsonb_array_elements_text(${JSON.stringify(values)}::jsonb)::${sql.raw(cast)})`;

export async function undoMerge(
  ctx: TenantContext,
  mergeId: string,
): Promise<{ survivorId: string; mergedId: string }> {
  requirePermission(ctx, "contacts.merge");
  if (!isUuid(mergeId)) throw new NotFoundError("This merge");
  return withTenant(ctx, async (tx) => {
    const orgId = ctx.org.id;
    const [merge] = await tx
      .select({
        survivorId: contactMerges.survivorId,
        mergedId: contactMerges.mergedId,
        moved: contactMerges.moved,
        undoneAt: contactMerges.undoneAt,
        final: sql<boolean>`${contactMerges.mergedAt} < now() - make_interval(days => ${UNDO_WINDOW_DAYS})`,
      })
      .from(contactMerges)
      .where(and(eq(contactMerges.orgId, orgId), eq(contactMerges.id, mergeId)))
      .for("update");
    if (!merge) throw new NotFoundError("This merge");
    if (merge.undoneAt) throw new AppError("VALIDATION", "This merge has already been undone.");
    if (merge.final) throw new AppError("VALIDATION", FINAL_MERGE_MESSAGE);
    const { survivorId, mergedId } = merge;
    const [survivor, merged] = await loadPair(tx, ctx, survivorId, mergedId, true);
    if (survivor.mergedIntoId) {
      throw new AppError(
        "VALIDATION",
        "The contact kept by this merge has since been merged into another one: undo that merge first.",
      );
    }
    if (merged.mergedIntoId !== survivorId) {
      throw new AppError("CONFLICT", "This merge no longer matches its contacts.");
    }
    const moved = mergeMovedSchema.parse(merge.moved);

    if (moved.conversations.length > 0) {
      await tx
        .update(conversations)
        .set({ contactId: mergedId, updatedAt: sql`now()` })
        .where(
          and(
            eq(conversations.orgId, orgId),
            eq(conversations.contactId, survivorId),
            inList(conversations.id, moved.conversations, "uuid"),
          ),
        );
    }
    if (moved.timelineEvents.length > 0) {
      await tx
        .update(timelineEvents)
        .set({ contactId: mergedId })
        .where(
          and(
            eq(timelineEvents.orgId, orgId),
            eq(timelineEvents.contactId, survivorId),
            inList(timelineEvents.id, moved.timelineEvents, "uuid"),
          ),
        );
    }
    if (moved.facts.moved.length > 0) {
      await tx
        .update(contactFacts)
        .set({ contactId: mergedId })
        .where(
          and(
            eq(contactFacts.orgId, orgId),
            eq(contactFacts.contactId, survivorId),
            inList(contactFacts.key, moved.facts.moved),
            sql`not exists (select 1 from contact_facts m where m.org_id = ${orgId}
                  and m.contact_id = ${mergedId} and m.key = ${contactFacts.key})`,
          ),
        );
    }
    if (moved.memory === "moved") {
      await tx
        .update(contactMemory)
        .set({ contactId: mergedId })
        .where(
          and(
            eq(contactMemory.orgId, orgId),
            eq(contactMemory.contactId, survivorId),
            sql`not exists (select 1 from contact_memory m where m.org_id = ${orgId}
                  and m.contact_id = ${mergedId})`,
          ),
        );
    }
    await moveActionRecords(tx, survivorId, mergedId, moved);
    if (moved.identities.length > 0) {
      await tx.execute(sql`
        insert into contact_identities (org_id, kind, value, contact_id)
        select ${orgId}, i.kind, i.value, ${mergedId}::uuid
          from jsonb_to_recordset(${JSON.stringify(moved.identities)}::jsonb) as i(kind text, value text)
        on conflict (org_id, kind, value) do update set contact_id = excluded.contact_id
          where contact_identities.contact_id = ${survivorId}`);
    }

    // The survivor first: it may give back the phone number the merged contact takes again.
    const after = loadFields(moved.survivor.after);
    const before = loadFields(moved.survivor.before);
    const restore: Record<string, unknown> = {};
    for (const field of Object.keys(after) as MergedProfileField[]) {
      if (jsonEqual(survivor[field], after[field])) restore[field] = before[field] ?? null;
    }
    if (Object.keys(restore).length > 0) {
      await tx
        .update(contacts)
        .set({ ...restore, updatedAt: sql`now()` })
        .where(and(eq(contacts.orgId, orgId), eq(contacts.id, survivorId)));
    }
    const phone = moved.merged.phoneE164;
    const [phoneTaken] = phone
      ? await tx
          .select({ id: contacts.id })
          .from(contacts)
          .where(
            and(
              eq(contacts.orgId, orgId),
              eq(contacts.phoneE164, phone),
              ne(contacts.id, mergedId),
            ),
          )
      : [];
    await tx
      .update(contacts)
      .set({
        mergedIntoId: null,
        mergedAt: null,
        phoneE164: phoneTaken ? null : phone,
        email: moved.merged.email,
        updatedAt: sql`now()`,
      })
      .where(and(eq(contacts.orgId, orgId), eq(contacts.id, mergedId)));

    // Facts and memory went back: so do the briefs the agent hears.
    await refreshAgentBrief(tx, survivorId);
    await refreshAgentBrief(tx, mergedId);

    await tx
      .update(contactMerges)
      .set({ undoneAt: sql`now()` })
      .where(and(eq(contactMerges.orgId, orgId), eq(contactMerges.id, mergeId)));
    await recordAudit(tx, ctx, {
      action: "contact.merge_undone",
      targetType: "contact",
      targetId: survivorId,
      metadata: { mergeId, survivorId, mergedId },
    });
    return { survivorId, mergedId };
  });
}
