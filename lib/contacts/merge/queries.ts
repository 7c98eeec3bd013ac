import "server-only";
import { and, desc, eq, isNull, sql } from "drizzle-orm";
import { contactMerges, contacts, type Contact } from "@/db/schema";
import { hasPermission, requirePermission } from "@/lib/auth/permissions";
import type { TenantContext } from "@/lib/context";
import { withTenant } from "@/lib/db/scopes";
import { getContactIn } from "../queries";
import { UNDO_WINDOW_DAYS, isUuid, mergeMovedSchema } from "./records";

/** The contact a merge page starts from (NOT_FOUND across orgs), for whoever may merge. */
export async function getMergeStart(
  ctx: TenantContext,
  contactId: string,
): Promise<Pick<Contact, "id" | "name" | "phoneE164" | "email" | "mergedIntoId">> {
  requirePermission(ctx, "contacts.merge");
  return withTenant(ctx, async (tx) => {
    const c = await getContactIn(tx, ctx, contactId);
    return {
      id: c.id,
      name: c.name,
      phoneE164: c.phoneE164,
      email: c.email,
      mergedIntoId: c.mergedIntoId,
    };
  });
}

export type UndoableMerge = {
  id: string;
  mergedId: string;
  /** The merged contact's name, or its former phone or email. */
  mergedLabel: string;
  mergedAt: Date;
  /** When the merge becomes final. */
  finalAt: Date;
};

/**
 * The latest merge into this contact that can still be undone, or null (also for a viewer who may
 * not merge, so the banner simply does not show).
 */
export async function latestUndoableMerge(
  ctx: TenantContext,
  contactId: string,
): Promise<UndoableMerge | null> {
  if (!hasPermission(ctx, "contacts.merge") || !isUuid(contactId)) return null;
  const [row] = await withTenant(ctx, (tx) =>
    tx
      .select({
        id: contactMerges.id,
        mergedId: contactMerges.mergedId,
        mergedAt: contactMerges.mergedAt,
        moved: contactMerges.moved,
        name: contacts.name,
      })
      .from(contactMerges)
      .innerJoin(
        contacts,
        and(eq(contacts.orgId, contactMerges.orgId), eq(contacts.id, contactMerges.mergedId)),
      )
      .where(
        and(
          eq(contactMerges.orgId, ctx.org.id),
          eq(contactMerges.survivorId, contactId),
          isNull(contactMerges.undoneAt),
          sql`${contactMerges.mergedAt} >= now() - make_interval(days => ${UNDO_WINDOW_DAYS})`,
        ),
      )
      .orderBy(desc(contactMerges.mergedAt))
      .limit(1),
  );
  if (!row) return null;
  const former = mergeMovedSchema.safeParse(row.moved);
  const label =
    row.name ??
    (former.success ? (former.data.merged.phoneE164 ?? former.data.merged.email) : null) ??
    "A contact";
  return {
    id: row.id,
    mergedId: row.mergedId,
    mergedLabel: label,
    mergedAt: row.mergedAt,
    finalAt: new Date(row.mergedAt.getTime() + UNDO_WINDOW_DAYS * 24 * 60 * 60 * 1000),
  };
}
