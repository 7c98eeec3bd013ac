import "server-only";
import { recordPiiRead } from "@/lib/audit/pii";
import { and, asc, eq } from "drizzle-orm";
import {
  contactFacts,
  contactMemory,
  conversations,
  orgs,
  type MemorySource,
  type OpenItem,
} from "@/db/schema";
import { requirePermission } from "@/lib/auth/permissions";
import { getContactIn } from "@/lib/contacts/queries";
import type { TenantContext } from "@/lib/context";
import { withTenant } from "@/lib/db/scopes";
import { NotFoundError } from "@/lib/errors";
import { getBoss } from "@/lib/jobs/boss";
import { QUEUES } from "@/lib/jobs/queues";
import { idSchema } from "./schemas";
import type { MemoryJobData } from "./summarise";

export type MemoryFact = {
  key: string;
  value: string;
  source: MemorySource;
  updatedAt: Date;
  /** Where it was learnt ("from the call of 16 Nov"); null when an admin or an import set it. */
  conversation: { id: string; channel: "voice" | "sms" | "webchat"; startedAt: Date } | null;
};

export type ContactMemoryView = {
  contactId: string;
  /** The rolling summary, most recent conversation first ("" until the first one). */
  summary: string;
  openItems: OpenItem[];
  facts: MemoryFact[];
  lastConversationId: string | null;
  updatedAt: Date | null;
  /** The org's IANA time zone, for showing the days facts were learnt on. */
  timezone: string;
};

/** What Luneo remembers of one contact, each fact with where it came from. */
export async function getContactMemory(
  ctx: TenantContext,
  contactId: string,
): Promise<ContactMemoryView> {
  requirePermission(ctx, "memory.read");
  return withTenant(ctx, async (tx) => {
    const contact = await getContactIn(tx, ctx, contactId);
    // What a caller said about themselves is personal data: the read is recorded.
    await recordPiiRead(tx, ctx, contact.id, "memory");
    const orgId = ctx.org.id;
    const [org] = await tx.select({ timezone: orgs.timezone }).from(orgs).where(eq(orgs.id, orgId));
    const [memory] = await tx
      .select()
      .from(contactMemory)
      .where(and(eq(contactMemory.orgId, orgId), eq(contactMemory.contactId, contact.id)));
    const rows = await tx
      .select({
        key: contactFacts.key,
        value: contactFacts.value,
        source: contactFacts.source,
        updatedAt: contactFacts.updatedAt,
        conversationId: conversations.id,
        channel: conversations.channel,
        startedAt: conversations.startedAt,
        createdAt: conversations.createdAt,
      })
      .from(contactFacts)
      .leftJoin(
        conversations,
        and(
          eq(conversations.orgId, contactFacts.orgId),
          eq(conversations.id, contactFacts.conversationId),
        ),
      )
      .where(and(eq(contactFacts.orgId, orgId), eq(contactFacts.contactId, contact.id)))
      .orderBy(asc(contactFacts.key));
    return {
      contactId: contact.id,
      summary: memory?.summary ?? "",
      openItems: memory?.openItems ?? [],
      facts: rows.map((r) => ({
        key: r.key,
        value: r.value,
        source: r.source,
        updatedAt: r.updatedAt,
        conversation:
          r.conversationId && r.channel && r.createdAt
            ? { id: r.conversationId, channel: r.channel, startedAt: r.startedAt ?? r.createdAt }
            : null,
      })),
      lastConversationId: memory?.lastConversationId ?? null,
      updatedAt: memory?.updatedAt ?? null,
      timezone: org?.timezone ?? "UTC",
    };
  });
}

export type MemoryJobStatus = {
  id: string;
  state: "created" | "retry" | "active" | "completed" | "cancelled" | "failed";
  createdOn: Date;
  completedOn: Date | null;
};

/** A summary job the org requested, as pg-boss reports it (another org's job is not found). */
export async function getSummaryJob(ctx: TenantContext, jobId: string): Promise<MemoryJobStatus> {
  requirePermission(ctx, "memory.read");
  if (!idSchema.safeParse(jobId).success) throw new NotFoundError("This job");
  const boss = await getBoss();
  // Archived after 12 h of completion: still answered from the archive.
  const job = await boss.getJobById<MemoryJobData>(QUEUES.memory.name, jobId, {
    includeArchive: true,
  });
  if (!job || job.data?.orgId !== ctx.org.id) throw new NotFoundError("This job");
  return {
    id: job.id,
    state: job.state,
    createdOn: job.createdOn,
    completedOn: job.completedOn ?? null,
  };
}
