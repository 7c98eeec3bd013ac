import "server-only";
import { and, asc, eq, sql } from "drizzle-orm";
import { z } from "zod";
import { contactSegments } from "@/db/schema";
import { requirePermission } from "@/lib/auth/permissions";
import { recordAudit } from "@/lib/audit/record";
import type { TenantContext } from "@/lib/context";
import { withTenant } from "@/lib/db/scopes";
import { ConflictError, NotFoundError } from "@/lib/errors";
import { parseInput } from "@/lib/parse-input";
import { isUniqueViolation } from "@/lib/tenancy/sign-up";
import { contactFilterSchema, type ContactFilter } from "../filters";

// Saved segments: a name for a filter of the contacts list. A segment is applied by turning it
// back into the list's URL (filterToSearchParams), so a segment and a hand-made filter are the
// same link and paging, export and sharing work alike.

/** True when the filter narrows the list (the sort alone does not). */
export function filterHasConditions(filter: ContactFilter): boolean {
  return activeFilterNames(filter).length > 0;
}

/** Names of the filters in use, for audit entries (values can be personal data: a search, an answer). */
export function activeFilterNames(filter: ContactFilter): string[] {
  return Object.entries(filter)
    .filter(([key, value]) => key !== "sort" && isSet(value))
    .map(([key]) => key);
}

const isSet = (value: unknown) =>
  Array.isArray(value)
    ? value.length > 0
    : typeof value === "object" && value !== null
      ? Object.keys(value).length > 0
      : Boolean(value);

export const createSegmentSchema = z.object({
  name: z
    .string()
    .trim()
    .min(1, "Name the segment, e.g. “Qualified buyers”.")
    .max(60, "Use at most 60 characters."),
  filter: contactFilterSchema.refine(filterHasConditions, {
    message: "Choose at least one filter before saving it as a segment.",
  }),
});
export type CreateSegmentInput = z.input<typeof createSegmentSchema>;

export type Segment = {
  id: string;
  name: string;
  /** Null when the saved filter no longer reads under the current filter schema. */
  filter: ContactFilter | null;
  createdAt: Date;
};

const NAME_TAKEN = "A segment already has this name. Choose another.";

const readFilter = (stored: unknown): ContactFilter | null => {
  const parsed = contactFilterSchema.safeParse(stored);
  return parsed.success ? parsed.data : null;
};

const isUuid = (id: string) =>
  /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id);

/** The org's segments, by name. */
export async function listSegments(ctx: TenantContext): Promise<Segment[]> {
  requirePermission(ctx, "contacts.read");
  const rows = await withTenant(ctx, (tx) =>
    tx
      .select({
        id: contactSegments.id,
        name: contactSegments.name,
        filter: contactSegments.filter,
        createdAt: contactSegments.createdAt,
      })
      .from(contactSegments)
      .where(eq(contactSegments.orgId, ctx.org.id))
      .orderBy(asc(sql`lower(${contactSegments.name})`), asc(contactSegments.id)),
  );
  return rows.map((row) => ({ ...row, filter: readFilter(row.filter) }));
}

/** One segment of the org, or NOT_FOUND (another org's segment is missing, not forbidden). */
export async function getSegment(ctx: TenantContext, id: string): Promise<Segment> {
  requirePermission(ctx, "contacts.read");
  if (!isUuid(id)) throw new NotFoundError("This segment");
  const [row] = await withTenant(ctx, (tx) =>
    tx
      .select()
      .from(contactSegments)
      .where(and(eq(contactSegments.orgId, ctx.org.id), eq(contactSegments.id, id))),
  );
  if (!row) throw new NotFoundError("This segment");
  return { id: row.id, name: row.name, filter: readFilter(row.filter), createdAt: row.createdAt };
}

/** Saves a filter under a name unique in the org (whatever its case). */
export async function createSegment(
  ctx: TenantContext,
  input: CreateSegmentInput,
): Promise<{ id: string; name: string }> {
  requirePermission(ctx, "contacts.write");
  const { name, filter } = parseInput(createSegmentSchema, input);
  try {
    return await withTenant(ctx, async (tx) => {
      const [row] = await tx
        .insert(contactSegments)
        .values({
          orgId: ctx.org.id,
          name,
          filter,
          createdBy: ctx.actor.type === "user" ? ctx.actor.userId : null,
        })
        .returning({ id: contactSegments.id });
      const id = row!.id;
      await recordAudit(tx, ctx, {
        action: "contacts.segment_created",
        targetType: "contact_segment",
        targetId: id,
        metadata: { filters: activeFilterNames(filter) },
      });
      return { id, name };
    });
  } catch (error) {
    if (isUniqueViolation(error, "contact_segments_org_name_key")) {
      throw new ConflictError(NAME_TAKEN, { name: [NAME_TAKEN] });
    }
    throw error;
  }
}

export async function deleteSegment(ctx: TenantContext, id: string): Promise<void> {
  requirePermission(ctx, "contacts.write");
  if (!isUuid(id)) throw new NotFoundError("This segment");
  await withTenant(ctx, async (tx) => {
    const deleted = await tx
      .delete(contactSegments)
      .where(and(eq(contactSegments.orgId, ctx.org.id), eq(contactSegments.id, id)))
      .returning({ id: contactSegments.id });
    if (deleted.length === 0) throw new NotFoundError("This segment");
    await recordAudit(tx, ctx, {
      action: "contacts.segment_deleted",
      targetType: "contact_segment",
      targetId: id,
    });
  });
}
