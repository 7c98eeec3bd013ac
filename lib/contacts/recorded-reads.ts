import "server-only";
import { and, asc, eq, inArray } from "drizzle-orm";
import type { CountryCode } from "libphonenumber-js";
import { contactIdentities, conversations, messages, orgs, type Contact } from "@/db/schema";
import { requirePermission } from "@/lib/auth/permissions";
import { recordPiiRead } from "@/lib/audit/pii";
import { recordAudit } from "@/lib/audit/record";
import type { TenantContext } from "@/lib/context";
import { withTenant } from "@/lib/db/scopes";
import { NotFoundError } from "@/lib/errors";
import type { ContactFilter } from "./filters";
import { getContactIn, listContactsIn, type ContactPage } from "./queries";
import { activeFilterNames } from "./segments/service";

// Recorded reads: reading a person's data (profile, transcripts, the list through the API) writes
// an audit entry (contact.viewed, transcript.viewed, contacts.listed) in the same transaction as
// the read, naming the target only. The rule of lib/contacts: a read that records itself is named
// …Recorded (here, timeline/recorded-reads.ts, merge's previewMergeRecorded, list's
// exportContactsRecorded); queries.ts records nothing and holds the building blocks these use.
// lib/contacts/recorded-reads.test.ts checks both halves.

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export type ContactReading = {
  contact: Contact;
  /** Every number of the contact, the primary first. */
  phones: string[];
  /** Every address of the contact, the primary first. */
  emails: string[];
  /** The org's country (how numbers are shown) and time zone (how days are cut). */
  country: CountryCode;
  timezone: string;
};

// A contact written before identities existed may hold its primary value only on its own row.
const primaryFirst = (values: string[], primary: string | null) =>
  primary ? [primary, ...values.filter((v) => v !== primary)] : values;

/**
 * One contact for the contact page, with all its numbers and addresses, recording
 * `contact.viewed`. Call it once per page load. A contact merged into another is returned
 * unaudited (its `mergedIntoId` set): the page shows nothing of it and sends the reader on to the
 * survivor, whose own load is audited.
 */
export async function getContactRecorded(
  ctx: TenantContext,
  contactId: string,
): Promise<ContactReading> {
  requirePermission(ctx, "contacts.read");
  return withTenant(ctx, async (tx) => {
    const contact = await getContactIn(tx, ctx, contactId);
    const [org] = await tx
      .select({ country: orgs.country, timezone: orgs.timezone })
      .from(orgs)
      .where(eq(orgs.id, ctx.org.id));
    const reading = {
      contact,
      phones: [] as string[],
      emails: [] as string[],
      country: (org?.country ?? "US") as CountryCode,
      timezone: org?.timezone ?? "UTC",
    };
    if (contact.mergedIntoId) return reading;

    const identities = await tx
      .select({ kind: contactIdentities.kind, value: contactIdentities.value })
      .from(contactIdentities)
      .where(
        and(eq(contactIdentities.orgId, ctx.org.id), eq(contactIdentities.contactId, contactId)),
      )
      .orderBy(asc(contactIdentities.createdAt), asc(contactIdentities.value));
    const of = (kind: "phone" | "email") =>
      identities.filter((i) => i.kind === kind).map((i) => i.value);
    const phones = primaryFirst(of("phone"), contact.phoneE164);
    const emails = primaryFirst(of("email"), contact.email);

    await recordPiiRead(tx, ctx, contact.id, "profile");
    return { ...reading, phones, emails };
  });
}

export type TranscriptTurn = {
  id: string;
  /** `user` is the caller or texter, `assistant` the AI agent. */
  role: "user" | "assistant";
  content: string;
  sentAt: string | null;
  seq: number;
};

export type Transcript = {
  conversationId: string;
  channel: "voice" | "sms" | "webchat";
  turns: TranscriptTurn[];
};

/**
 * The spoken (or written) turns of one of the contact's conversations, recording
 * `transcript.viewed`. A conversation of another contact or another org is NOT_FOUND, unaudited.
 */
export async function getTranscriptRecorded(
  ctx: TenantContext,
  contactId: string,
  conversationId: string,
): Promise<Transcript> {
  requirePermission(ctx, "contacts.read");
  if (!UUID.test(contactId) || !UUID.test(conversationId)) {
    throw new NotFoundError("This conversation");
  }
  return withTenant(ctx, async (tx) => {
    const [conversation] = await tx
      .select({ id: conversations.id, channel: conversations.channel })
      .from(conversations)
      .where(
        and(
          eq(conversations.orgId, ctx.org.id),
          eq(conversations.id, conversationId),
          eq(conversations.contactId, contactId),
        ),
      );
    if (!conversation) throw new NotFoundError("This conversation");
    // Tool calls and the system prompt are the agent's plumbing, not part of what was said.
    const rows = await tx
      .select({
        id: messages.id,
        role: messages.role,
        content: messages.content,
        sentAt: messages.sentAt,
        seq: messages.seq,
      })
      .from(messages)
      .where(
        and(
          eq(messages.orgId, ctx.org.id),
          eq(messages.conversationId, conversationId),
          inArray(messages.role, ["user", "assistant"]),
        ),
      )
      .orderBy(asc(messages.seq));
    await recordAudit(tx, ctx, {
      action: "transcript.viewed",
      targetType: "conversation",
      targetId: conversationId,
      metadata: { contactId },
    });
    return {
      conversationId: conversation.id,
      channel: conversation.channel,
      turns: rows.map((r) => ({
        id: r.id,
        role: r.role as TranscriptTurn["role"],
        content: r.content,
        sentAt: r.sentAt?.toISOString() ?? null,
        seq: r.seq,
      })),
    };
  });
}

/**
 * A page of the contacts list for an API client, recorded as `contacts.listed` (the filters' names
 * and the row count, never their values): a key paging through the list reads personal data in
 * bulk, as an export does.
 */
export async function listContactsRecorded(
  ctx: TenantContext,
  filter: ContactFilter,
  page: { cursor?: string | null; limit?: number },
): Promise<ContactPage> {
  requirePermission(ctx, "contacts.read");
  return withTenant(ctx, async (tx) => {
    const result = await listContactsIn(tx, ctx, filter, page);
    await recordAudit(tx, ctx, {
      action: "contacts.listed",
      targetType: "contact",
      metadata: {
        filters: activeFilterNames(filter),
        rows: result.rows.length,
        page: page.cursor ? "next" : "first",
      },
    });
    return result;
  });
}
