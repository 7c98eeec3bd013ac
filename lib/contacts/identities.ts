import "server-only";
import { and, eq, inArray, notInArray, sql } from "drizzle-orm";
import type { CountryCode } from "libphonenumber-js";
import type { TenantTx } from "@/lib/db/scopes";
import { contactIdentities } from "@/db/schema";
import { ConflictError, ValidationError } from "@/lib/errors";
import { toE164 } from "./phone";

type Kind = "phone" | "email";

/** Numbers as typed → E.164 (deduplicated, order kept), or field errors naming each bad one. */
export function normalisePhones(
  phones: string[],
  country: CountryCode,
  field = "phones",
): string[] {
  const errors: Record<string, string[]> = {};
  const out: string[] = [];
  phones.forEach((raw, i) => {
    const e164 = toE164(raw, country);
    if (!e164)
      errors[`${field}.${i}`] = [`“${raw.slice(0, 40)}” is not a phone number we can call.`];
    else if (!out.includes(e164)) out.push(e164);
  });
  if (Object.keys(errors).length > 0) throw new ValidationError(errors);
  return out;
}

/** The contact that owns any of these identities, if one does. */
export async function findOwner(
  tx: TenantTx,
  kind: Kind,
  values: string[],
): Promise<string | null> {
  const { orgId } = tx;
  if (values.length === 0) return null;
  const [row] = await tx
    .select({ contactId: contactIdentities.contactId })
    .from(contactIdentities)
    .where(
      and(
        eq(contactIdentities.orgId, orgId),
        eq(contactIdentities.kind, kind),
        inArray(contactIdentities.value, values),
      ),
    )
    .limit(1);
  return row?.contactId ?? null;
}

/**
 * Makes `values` exactly the contact's identities of `kind`. A value owned by another contact is a
 * conflict (merge the two instead), reported on the field that holds it. Returns whether the set
 * of identities changed.
 */
export async function replaceIdentities(
  tx: TenantTx,
  contactId: string,
  kind: Kind,
  values: string[],
): Promise<boolean> {
  const { orgId } = tx;
  const before = await tx
    .select({ value: contactIdentities.value })
    .from(contactIdentities)
    .where(
      and(
        eq(contactIdentities.orgId, orgId),
        eq(contactIdentities.contactId, contactId),
        eq(contactIdentities.kind, kind),
      ),
    );
  const same = before.length === values.length && before.every((row) => values.includes(row.value));
  if (same) return false;
  if (values.length > 0) {
    const taken = await tx
      .select({ value: contactIdentities.value, contactId: contactIdentities.contactId })
      .from(contactIdentities)
      .where(
        and(
          eq(contactIdentities.orgId, orgId),
          eq(contactIdentities.kind, kind),
          inArray(contactIdentities.value, values),
          sql`${contactIdentities.contactId} <> ${contactId}`,
        ),
      );
    if (taken.length > 0) {
      const field = kind === "phone" ? "phones" : "emails";
      throw new ConflictError(
        `${taken[0]!.value} already belongs to another contact. Merge the two contacts instead.`,
        { [`${field}.${values.indexOf(taken[0]!.value)}`]: ["Already another contact's."] },
      );
    }
  }
  await tx
    .delete(contactIdentities)
    .where(
      and(
        eq(contactIdentities.orgId, orgId),
        eq(contactIdentities.contactId, contactId),
        eq(contactIdentities.kind, kind),
        values.length > 0 ? notInArray(contactIdentities.value, values) : sql`true`,
      ),
    );
  if (values.length > 0) {
    await tx
      .insert(contactIdentities)
      .values(values.map((value) => ({ orgId, kind, value, contactId })))
      .onConflictDoNothing();
  }
  return true;
}
