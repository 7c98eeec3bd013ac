import "server-only";
import { and, asc, desc, eq, isNotNull, isNull, ne, or, sql } from "drizzle-orm";
import type { TenantTx } from "@/lib/db/scopes";
import { contactFacts, contactMemory, conversations, messages, orgs } from "@/db/schema";
import { qualificationFieldsOf } from "./memory-store";
import type { ConversationForMemory, MemoryChannel, PreviousSummary } from "./summariser";
import type { MemoryJobData, SummariseOutcome } from "./summarise";

// What the memory job reads of a conversation, in one tenant transaction: the conversation and its
// transcript, what the contact's memory holds from its *other* conversations (so summarising this
// one again cannot count it twice), and the vertical's lead fields.

/** Conversations of the contact the rolling summary is built from. */
const PREVIOUS_SUMMARIES = 10;
/** Transcript turns read (the end of a long SMS thread). */
const MAX_TURNS = 400;

/** When a conversation happened: the call's end, else its last message, start or creation. */
export const whenOf = (c: {
  endedAt: Date | null;
  lastMessageAt: Date | null;
  startedAt: Date | null;
  createdAt: Date;
}) => c.endedAt ?? c.lastMessageAt ?? c.startedAt ?? c.createdAt;
const whenSql = sql`coalesce(${conversations.endedAt}, ${conversations.lastMessageAt}, ${conversations.startedAt}, ${conversations.createdAt})`;

export type Loaded = {
  contactId: string;
  channel: MemoryChannel;
  status: string;
  lastMessageAt: Date | null;
  updatedAt: Date;
  /** The summary as loaded: VAPI's when `vapiSummary`, else an earlier run's (or none). */
  summary: string | null;
  vapiSummary: boolean;
  previous: (PreviousSummary & { id: string })[];
  input: ConversationForMemory;
};

export async function previousSummaries(tx: TenantTx, contactId: string, conversationId: string) {
  const { orgId } = tx;
  const rows = await tx
    .select({
      id: conversations.id,
      channel: conversations.channel,
      summary: conversations.summary,
      endedAt: conversations.endedAt,
      lastMessageAt: conversations.lastMessageAt,
      startedAt: conversations.startedAt,
      createdAt: conversations.createdAt,
    })
    .from(conversations)
    .where(
      and(
        eq(conversations.orgId, orgId),
        eq(conversations.contactId, contactId),
        ne(conversations.id, conversationId),
        isNotNull(conversations.summarisedAt),
        isNotNull(conversations.summary),
      ),
    )
    .orderBy(desc(whenSql), desc(conversations.id))
    .limit(PREVIOUS_SUMMARIES);
  return rows.map((r) => ({ id: r.id, channel: r.channel, at: whenOf(r), summary: r.summary! }));
}

export async function loadConversation(
  tx: TenantTx,
  job: MemoryJobData,
): Promise<Loaded | SummariseOutcome> {
  const { orgId, conversationId } = job;
  const [conversation] = await tx
    .select()
    .from(conversations)
    .where(and(eq(conversations.orgId, orgId), eq(conversations.id, conversationId)));
  // Gone: a call seen first by Twilio and VAPI apart was joined into the other row, whose own end
  // enqueued its own job.
  if (!conversation) return "missing";
  const contactId = conversation.contactId;
  if (!contactId) return "no-contact";

  const turns = (
    await tx
      .select({ role: messages.role, content: messages.content })
      .from(messages)
      .where(and(eq(messages.orgId, orgId), eq(messages.conversationId, conversationId)))
      .orderBy(desc(messages.seq))
      .limit(MAX_TURNS)
  ).toReversed();
  const [org] = await tx.select({ timezone: orgs.timezone }).from(orgs).where(eq(orgs.id, orgId));
  const [memory] = await tx
    .select({ openItems: contactMemory.openItems })
    .from(contactMemory)
    .where(and(eq(contactMemory.orgId, orgId), eq(contactMemory.contactId, contactId)));
  const facts = await tx
    .select({ key: contactFacts.key, value: contactFacts.value, source: contactFacts.source })
    .from(contactFacts)
    .where(
      and(
        eq(contactFacts.orgId, orgId),
        eq(contactFacts.contactId, contactId),
        or(isNull(contactFacts.conversationId), ne(contactFacts.conversationId, conversationId)),
      ),
    )
    .orderBy(asc(contactFacts.key));
  const previous = await previousSummaries(tx, contactId, conversationId);

  // Ingestion stores VAPI's analysis summary without a source; this job marks it "vapi".
  const vapiSummary = Boolean(
    conversation.summary &&
    (conversation.summarySource === null || conversation.summarySource === "vapi"),
  );
  const structuredData = conversation.structuredData;
  return {
    contactId,
    channel: conversation.channel,
    status: conversation.status,
    lastMessageAt: conversation.lastMessageAt,
    updatedAt: conversation.updatedAt,
    summary: conversation.summary,
    vapiSummary,
    previous,
    input: {
      channel: conversation.channel,
      at: whenOf(conversation),
      timeZone: org?.timezone ?? "UTC",
      turns,
      analysis:
        vapiSummary || structuredData
          ? { summary: vapiSummary ? conversation.summary : null, structuredData }
          : null,
      memory: {
        previousSummaries: previous.map(({ at, channel, summary }) => ({ at, channel, summary })),
        openItems: (memory?.openItems ?? []).filter((i) => i.conversationId !== conversationId),
        facts,
      },
      qualificationFields: await qualificationFieldsOf(tx),
    },
  };
}
