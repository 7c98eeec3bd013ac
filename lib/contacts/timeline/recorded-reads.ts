import "server-only";
import { recordPiiRead } from "@/lib/audit/pii";
import { and, asc, desc, eq, gt, inArray, lt, lte, or, sql } from "drizzle-orm";
import { conversations, messages, timelineEvents, type Conversation } from "@/db/schema";
import { requirePermission } from "@/lib/auth/permissions";
import type { TenantContext } from "@/lib/context";
import { withTenant, type TenantTx } from "@/lib/db/scopes";
import { decodeCursor, encodeCursor } from "@/lib/pagination";
import { getContactIn } from "../queries";

// A contact's timeline: newest first, keyset-paged on (occurred_at desc, id), served by
// timeline_events_org_contact_idx. Dates are ISO strings: the same page goes to the browser as JSON
// (GET /contacts/[id]/timeline) and into the server-rendered first page. Every page read is
// recorded (contact.viewed, part "timeline"), hence the file's name and the function's suffix.

export const TIMELINE_PAGE_SIZE = 20;
const MAX_PAGE_SIZE = 100;
/** SMS are short: a thread's newest messages come with its entry, no extra request. */
export const SMS_MESSAGES_PER_THREAD = 20;

export type TimelineConversation = {
  id: string;
  channel: Conversation["channel"];
  direction: Conversation["direction"];
  status: string;
  /** When a provider last reported the call's status; null when none ever did (status "queued"
   * is then only the stored default, not something VAPI or Twilio said). */
  statusAt: string | null;
  /** The latest event of the conversation (its end, last status or last message). */
  lastEventAt: string | null;
  startedAt: string | null;
  endedAt: string | null;
  durationSeconds: number | null;
  endedReason: string | null;
  /** USD, as the provider bills it. */
  cost: number | null;
  summary: string | null;
  summarySource: NonNullable<Conversation["summarySource"]> | null;
  /** http(s) only: the link is opened as is. */
  recordingUrl: string | null;
  /** Turns said or written by the contact or the agent (tool calls not counted). */
  messageCount: number;
};

export type TimelineMessage = {
  id: string;
  role: "user" | "assistant";
  content: string;
  sentAt: string | null;
};

export type TimelineEntry = {
  id: string;
  /** call.started, call.ended, sms.received, note, booking.created, … */
  kind: string;
  occurredAt: string;
  data: Record<string, unknown>;
  conversation: TimelineConversation | null;
  /** SMS threads only: the newest messages of the thread, oldest first. */
  messages?: TimelineMessage[];
};

export type TimelinePage = { entries: TimelineEntry[]; nextCursor: string | null };

const te = timelineEvents;

// A call writes call.started then call.ended; an SMS thread writes one sms.* event per message.
// The timeline shows one entry per conversation and family (call, sms): its newest event in the
// timeline's own order, with the conversation's current facts joined. Events of other kinds show
// one by one. Served by timeline_events_org_conversation_idx.
const FAMILY = sql`split_part(${te.kind}, '.', 1)`;
const newestOfItsConversation = sql`not (
  ${FAMILY} in ('call', 'sms') and exists (
    select 1 from timeline_events newer
     where newer.org_id = ${te.orgId}
       and newer.conversation_id = ${te.conversationId}
       and split_part(newer.kind, '.', 1) = ${FAMILY}
       and (newer.occurred_at > ${te.occurredAt}
            or (newer.occurred_at = ${te.occurredAt} and newer.id < ${te.id}))
  )
)`;

const SPOKEN = sql`('user', 'assistant')`;

/** A provider's URL is linked only when it is a web address (never `javascript:` and the like). */
function webUrl(value: string | null): string | null {
  if (!value) return null;
  try {
    const url = new URL(value);
    return url.protocol === "https:" || url.protocol === "http:" ? url.toString() : null;
  } catch {
    return null;
  }
}

/** One page of a contact's timeline (NOT_FOUND for another org's contact). Transcripts are not loaded. */
export async function getTimelinePageRecorded(
  ctx: TenantContext,
  contactId: string,
  page: { cursor?: string | null; limit?: number } = {},
): Promise<TimelinePage> {
  requirePermission(ctx, "contacts.read");
  const limit = Math.min(Math.max(Math.trunc(page.limit ?? TIMELINE_PAGE_SIZE), 1), MAX_PAGE_SIZE);
  const after = decodeCursor(page.cursor);
  return withTenant(ctx, async (tx) => {
    await getContactIn(tx, ctx, contactId);
    // Summaries, notes and SMS bodies are personal data: each page read is recorded.
    await recordPiiRead(tx, ctx, contactId, "timeline");
    const rows = await tx
      .select({
        id: te.id,
        kind: te.kind,
        occurredAt: te.occurredAt,
        data: te.data,
        conversationId: conversations.id,
        channel: conversations.channel,
        direction: conversations.direction,
        status: conversations.status,
        statusAt: conversations.statusAt,
        lastEventAt: conversations.lastMessageAt,
        startedAt: conversations.startedAt,
        endedAt: conversations.endedAt,
        durationSeconds: conversations.durationSeconds,
        endedReason: conversations.endedReason,
        cost: conversations.cost,
        summary: conversations.summary,
        summarySource: conversations.summarySource,
        recordingUrl: conversations.recordingUrl,
        messageCount: sql<number>`(select count(*)::int from messages m
          where m.org_id = ${te.orgId} and m.conversation_id = ${te.conversationId}
            and m.role in ${SPOKEN})`,
      })
      .from(te)
      .leftJoin(
        conversations,
        and(eq(conversations.orgId, te.orgId), eq(conversations.id, te.conversationId)),
      )
      .where(
        and(
          eq(te.orgId, ctx.org.id),
          eq(te.contactId, contactId),
          newestOfItsConversation,
          after
            ? or(lt(te.occurredAt, after.at), and(eq(te.occurredAt, after.at), gt(te.id, after.id)))
            : undefined,
        ),
      )
      .orderBy(desc(te.occurredAt), asc(te.id))
      .limit(limit + 1);
    const shown = rows.slice(0, limit);

    const threadIds = shown
      .filter((r) => r.channel === "sms" && r.conversationId)
      .map((r) => r.conversationId!);
    const threads = await smsThreads(tx, [...new Set(threadIds)]);

    const entries = shown.map((r): TimelineEntry => {
      const conversation: TimelineConversation | null =
        r.conversationId && r.channel
          ? {
              id: r.conversationId,
              channel: r.channel,
              direction: r.direction,
              status: r.status ?? "unknown",
              statusAt: r.statusAt?.toISOString() ?? null,
              lastEventAt: r.lastEventAt?.toISOString() ?? null,
              startedAt: r.startedAt?.toISOString() ?? null,
              endedAt: r.endedAt?.toISOString() ?? null,
              durationSeconds: r.durationSeconds,
              endedReason: r.endedReason,
              cost: r.cost,
              summary: r.summary,
              // Ingestion stores VAPI's own analysis without naming it; every other writer does.
              summarySource: r.summarySource ?? (r.summary ? "vapi" : null),
              recordingUrl: webUrl(r.recordingUrl),
              messageCount: r.messageCount,
            }
          : null;
      return {
        id: r.id,
        kind: r.kind,
        occurredAt: r.occurredAt.toISOString(),
        data: r.data,
        conversation,
        ...(conversation?.channel === "sms"
          ? { messages: threads.get(conversation.id) ?? [] }
          : {}),
      };
    });
    const last = shown.at(-1);
    return {
      entries,
      nextCursor:
        rows.length > limit && last ? encodeCursor({ at: last.occurredAt, id: last.id }) : null,
    };
  });
}

/** The newest messages of each thread, oldest first, in one query. */
async function smsThreads(
  tx: TenantTx,
  conversationIds: string[],
): Promise<Map<string, TimelineMessage[]>> {
  const { orgId } = tx;
  const threads = new Map<string, TimelineMessage[]>();
  if (conversationIds.length === 0) return threads;
  const ranked = tx
    .select({
      id: messages.id,
      conversationId: messages.conversationId,
      role: messages.role,
      content: messages.content,
      sentAt: messages.sentAt,
      seq: messages.seq,
      rank: sql<number>`row_number() over (partition by ${messages.conversationId} order by ${messages.seq} desc)`.as(
        "rank",
      ),
    })
    .from(messages)
    .where(
      and(
        eq(messages.orgId, orgId),
        inArray(messages.conversationId, conversationIds),
        sql`${messages.role} in ${SPOKEN}`,
      ),
    )
    .as("ranked");
  const rows = await tx
    .select()
    .from(ranked)
    .where(lte(ranked.rank, SMS_MESSAGES_PER_THREAD))
    .orderBy(ranked.conversationId, asc(ranked.seq));
  for (const row of rows) {
    const list = threads.get(row.conversationId) ?? [];
    list.push({
      id: row.id,
      role: row.role as TimelineMessage["role"],
      content: row.content,
      sentAt: row.sentAt ? new Date(row.sentAt).toISOString() : null,
    });
    threads.set(row.conversationId, list);
  }
  return threads;
}
