import "server-only";
import { and, asc, eq, inArray, sql } from "drizzle-orm";
import { z } from "zod";
import type { TenantTx } from "@/lib/db/scopes";
import { contactIdentities, contacts, type Contact } from "@/db/schema";
import type { TenantContext } from "@/lib/context";
import { AppError, NotFoundError } from "@/lib/errors";
import { MERGED_PROFILE_FIELDS } from "./plan";

// What service.ts (the merge) and undo.ts share: loading the pair, and the record a merge keeps so that
// its undo can put everything back.

/** Merges can be undone for this long, then they are final. */
export const UNDO_WINDOW_DAYS = 30;
export const FINAL_MERGE_MESSAGE = "Merges can be undone for 30 days; this one is final.";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (id: string) => UUID.test(id);

const storedProfile = z.partialRecord(z.enum(MERGED_PROFILE_FIELDS), z.unknown());

/** `contact_merges.moved`: every id the merge moved and every value it replaced. */
export const mergeMovedSchema = z.object({
  version: z.literal(1),
  conversations: z.array(z.string()),
  timelineEvents: z.array(z.string()),
  facts: z.object({
    /** Keys of the merged contact's facts now on the survivor. */
    moved: z.array(z.string()),
    /** The merged contact's facts the survivor's won over (left on the merged contact). */
    replaced: z.array(z.object({ key: z.string(), value: z.string() })),
  }),
  /** "moved": the merged contact's memory became the survivor's (it had none). */
  memory: z.enum(["moved", "kept", "none"]),
  identities: z.array(z.object({ kind: z.enum(["phone", "email"]), value: z.string() })),
  survivor: z.object({ before: storedProfile, after: storedProfile }),
  merged: z.object({ phoneE164: z.string().nullable(), email: z.string().nullable() }),
  /** The merged contact's tasks and action journal entries (absent from merges made before). */
  tasks: z.array(z.string()).default([]),
  actionExecutions: z.array(z.string()).default([]),
});
export type MergeMoved = z.infer<typeof mergeMovedSchema>;

/**
 * Both contacts of the org, in the order asked. With `lock`, their rows are locked in id order
 * (two merges over the same pair never deadlock). Another org's contact is missing.
 */
export async function loadPair(
  tx: TenantTx,
  ctx: TenantContext,
  firstId: string,
  secondId: string,
  lock: boolean,
): Promise<[Contact, Contact]> {
  if (!isUuid(firstId) || !isUuid(secondId)) throw new NotFoundError("This contact");
  const query = tx
    .select()
    .from(contacts)
    .where(and(eq(contacts.orgId, ctx.org.id), inArray(contacts.id, [firstId, secondId])))
    .orderBy(asc(contacts.id));
  const rows = lock ? await query.for("update") : await query;
  const first = rows.find((r) => r.id === firstId);
  const second = rows.find((r) => r.id === secondId);
  if (!first || !second) throw new NotFoundError("This contact");
  return [first, second];
}

/** A contact cannot be merged into itself. */
export function assertDistinct(survivorId: string, otherId: string): void {
  if (survivorId === otherId) {
    throw new AppError("VALIDATION", "Choose two different contacts to merge.");
  }
}

/** Refuses a pair that cannot be merged: one of them already merged away. */
export function assertMergeable(survivor: Contact, other: Contact): void {
  for (const contact of [survivor, other]) {
    if (contact.mergedIntoId) {
      throw new AppError(
        "VALIDATION",
        `${contact.name ?? "One of these contacts"} has already been merged into another contact.`,
      );
    }
  }
}

export type Identity = { kind: "phone" | "email"; value: string };

/** A contact's phones and emails, its primary ones first, then oldest first. */
export async function identitiesOf(
  tx: TenantTx,
  contact: Contact,
): Promise<{ phones: string[]; emails: string[] }> {
  const rows = await tx
    .select({ kind: contactIdentities.kind, value: contactIdentities.value })
    .from(contactIdentities)
    .where(
      and(eq(contactIdentities.orgId, contact.orgId), eq(contactIdentities.contactId, contact.id)),
    )
    .orderBy(
      sql`${contactIdentities.value} = ${contact.phoneE164 ?? ""} or ${contactIdentities.value} = ${contact.email ?? ""} desc`,
      asc(contactIdentities.createdAt),
      asc(contactIdentities.value),
    );
  return {
    phones: rows.filter((r) => r.kind === "phone").map((r) => r.value),
    emails: rows.filter((r) => r.kind === "email").map((r) => r.value),
  };
}
