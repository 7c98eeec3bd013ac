import "server-only";
import { and, eq, sql } from "drizzle-orm";
import { contacts, type Consent } from "@/db/schema";
import { requirePermission } from "@/lib/auth/permissions";
import { recordAudit } from "@/lib/audit/record";
import type { TenantContext } from "@/lib/context";
import { withTenant, type TenantTx } from "@/lib/db/scopes";
import { jsonEqual } from "@/lib/json";
import { refreshAgentBrief } from "@/lib/memory/memory-store";
import { findOwner, normalisePhones, replaceIdentities } from "../identities";
import { getLiveContactIn, orgCountry } from "../queries";
import type { CreateContactInput, ProfileInput } from "./schemas";

function consentFrom(
  previous: Consent,
  input: ProfileInput["consent"],
  source: string,
): Consent | undefined {
  if (!input) return undefined;
  const next: Consent = { ...previous };
  const at = new Date().toISOString();
  for (const channel of ["calls", "sms", "email"] as const) {
    const granted = input[channel];
    if (granted !== undefined && previous[channel]?.granted !== granted) {
      next[channel] = { granted, at, source };
    }
  }
  return next;
}

/** Lower-cased and deduplicated here, whoever calls: identities compare emails exactly. */
const normaliseEmails = (emails: string[]) => [
  ...new Set(emails.map((e) => e.trim().toLowerCase())),
];

const actorSource = (ctx: TenantContext) => (ctx.actor.type === "api_key" ? "api" : ctx.actor.type);

/**
 * Applies a profile change inside `tx`: phones and emails become the contact's identities (the
 * first of each is the primary), every other field given replaces its value. Returns the names of
 * the fields that changed, for the audit log (names only, never values).
 */
export async function applyProfile(
  tx: TenantTx,
  ctx: TenantContext,
  contactId: string,
  input: ProfileInput,
): Promise<string[]> {
  const current = await getLiveContactIn(tx, ctx, contactId);
  const set: Partial<typeof contacts.$inferInsert> = {};
  // Secondary numbers and addresses live only in identities: compare those lists too.
  const identitiesChanged: string[] = [];
  if (input.phones) {
    const phones = normalisePhones(input.phones, await orgCountry(tx));
    if (await replaceIdentities(tx, contactId, "phone", phones)) {
      identitiesChanged.push("phones");
    }
    set.phoneE164 = phones[0] ?? null;
  }
  if (input.emails) {
    const emails = normaliseEmails(input.emails);
    if (await replaceIdentities(tx, contactId, "email", emails)) {
      identitiesChanged.push("emails");
    }
    set.email = emails[0] ?? null;
  }
  if (input.name !== undefined) set.name = input.name;
  if (input.language !== undefined) set.language = input.language;
  if (input.tags) set.tags = [...new Set(input.tags)];
  if (input.leadStatus) set.leadStatus = input.leadStatus;
  if (input.leadFields) set.leadFields = input.leadFields;
  if (input.preferences) set.preferences = input.preferences;
  const consent = consentFrom(current.consent, input.consent, actorSource(ctx));
  if (consent) set.consent = consent;
  const changed = Object.keys(set).filter(
    (key) => !jsonEqual(set[key as keyof typeof set], current[key as keyof typeof current]),
  );
  if (changed.length > 0) {
    await tx
      .update(contacts)
      .set({ ...set, updatedAt: sql`now()` })
      .where(and(eq(contacts.orgId, ctx.org.id), eq(contacts.id, contactId)));
  }
  // The agent greets callers by the name in their brief: keep it in step with the profile.
  if (changed.includes("name")) await refreshAgentBrief(tx, contactId);
  return [...changed, ...identitiesChanged.filter((f) => !changed.includes(f))];
}

/** Changes a contact's profile; every change is audited by field name. */
export async function updateContactProfile(
  ctx: TenantContext,
  contactId: string,
  input: ProfileInput,
) {
  requirePermission(ctx, "contacts.write");
  return withTenant(ctx, async (tx) => {
    const changed = await applyProfile(tx, ctx, contactId, input);
    if (changed.length > 0) {
      await recordAudit(tx, ctx, {
        action: "contact.updated",
        targetType: "contact",
        targetId: contactId,
        metadata: { fields: changed },
      });
    }
    return { id: contactId, changed };
  });
}

/**
 * Creates a contact, or finds the one that already has one of its phone numbers or emails
 * (idempotent: the same request twice gives the same contact, unchanged the second time).
 */
export async function createContact(ctx: TenantContext, input: CreateContactInput) {
  requirePermission(ctx, "contacts.write");
  return withTenant(ctx, (tx) => createContactIn(tx, ctx, input));
}

export async function createContactIn(
  tx: TenantTx,
  ctx: TenantContext,
  input: CreateContactInput,
): Promise<{ id: string; created: boolean }> {
  const phones = normalisePhones(input.phones ?? [], await orgCountry(tx));
  const emails = normaliseEmails(input.emails ?? []);
  // Serialise creations of the same person: two concurrent requests must not make two contacts.
  for (const key of [...phones, ...emails].sort()) {
    await tx.execute(
      sql`select pg_advisory_xact_lock(hashtextextended(${`${ctx.org.id}:${key}`}, 0))`,
    );
  }
  const existing = (await findOwner(tx, "phone", phones)) ?? (await findOwner(tx, "email", emails));
  if (existing) return { id: existing, created: false };
  const [row] = await tx
    .insert(contacts)
    .values({ orgId: ctx.org.id, phoneE164: phones[0] ?? null, email: emails[0] ?? null })
    .returning({ id: contacts.id });
  const id = row!.id;
  await applyProfile(tx, ctx, id, { ...input, phones, emails });
  await recordAudit(tx, ctx, {
    action: "contact.created",
    targetType: "contact",
    targetId: id,
    metadata: { source: actorSource(ctx) },
  });
  return { id, created: true };
}
