import "server-only";
import { and, eq, ne, notInArray, sql } from "drizzle-orm";
import { contactFacts, contactMemory, conversations } from "@/db/schema";
import { systemContext } from "@/lib/context";
import { withTenant, type TenantTx } from "@/lib/db/scopes";
import type { MemoryJob } from "@/lib/jobs/queues";
import { mergeOpenItems } from "./agent-brief";
import { defaultSummariser } from "./default-summariser";
import { loadConversation, previousSummaries, type Loaded } from "./load-conversation";
import { isWordless, offlineSummariser } from "./offline-summariser";
import { lockContactMemory, saveContactMemory } from "./memory-store";
import { boundDraft, composeRollingSummary, type MemoryDraft, type Summariser } from "./summariser";
import { smsThreadIdleMinutes } from "./triggers";

// memory.summarize: folds one resolved conversation into its contact's memory. Idempotent by
// construction rather than by a "done" flag: the conversation's facts are upserted by key with its
// id, its open items replace its earlier ones, and the rolling summary is rebuilt from the stored
// per-conversation summaries, never appended to. Running it twice, or again after a retry,
// replaces the conversation's contribution and never counts it twice; with the offline summariser
// (deterministic) the rows are exactly the same, an LLM may word them differently.

/** `force` (the API's explicit request) summarises now, whether or not the conversation ended. */
export type MemoryJobData = MemoryJob & { force?: boolean };
export type SummariseOutcome = "summarised" | "missing" | "no-contact" | "not-ended" | "not-idle";

// The idle check's job is timed on this server's clock, the last message on the provider's or the
// database's: a few seconds either way must not skip the summary.
const IDLE_TOLERANCE_MS = 5_000;

/** Whether the conversation is over: a call has ended, an SMS thread has been quiet long enough. */
function notReady(loaded: Loaded, now: Date): SummariseOutcome | null {
  if (loaded.channel === "voice" && loaded.status !== "ended") return "not-ended";
  if (loaded.channel === "sms" && loaded.lastMessageAt) {
    const quietMs = now.getTime() - loaded.lastMessageAt.getTime();
    // A later message came in; the job it enqueued will summarise the thread.
    if (quietMs < smsThreadIdleMinutes() * 60_000 - IDLE_TOLERANCE_MS) return "not-idle";
  }
  return null;
}

const fingerprint = (entries: { id: string; summary: string }[]) =>
  JSON.stringify(entries.map((e) => [e.id, e.summary]));

async function write(
  tx: TenantTx,
  job: MemoryJobData,
  loaded: Loaded,
  draft: MemoryDraft,
): Promise<"written" | "changed" | "missing"> {
  const { orgId, conversationId } = job;
  const { contactId } = loaded;
  // Ingestion locks the row the same way: an event applied meanwhile (VAPI's report arriving,
  // another SMS) is seen here, and this run starts over rather than write over it.
  const [current] = await tx
    .select({
      updatedAt: conversations.updatedAt,
      summary: conversations.summary,
      contactId: conversations.contactId,
    })
    .from(conversations)
    .where(and(eq(conversations.orgId, orgId), eq(conversations.id, conversationId)))
    .for("update");
  if (!current) return "missing";
  if (
    current.updatedAt.getTime() !== loaded.updatedAt.getTime() ||
    current.summary !== loaded.summary ||
    current.contactId !== contactId
  ) {
    return "changed";
  }
  await lockContactMemory(tx, contactId);

  const summary = loaded.vapiSummary ? loaded.summary! : draft.summary;
  await tx
    .update(conversations)
    .set(
      loaded.vapiSummary
        ? { summarySource: "vapi", summarisedAt: sql`now()` }
        : { summary: summary || null, summarySource: draft.source, summarisedAt: sql`now()` },
    )
    .where(and(eq(conversations.orgId, orgId), eq(conversations.id, conversationId)));

  const at = loaded.input.at;
  // What this conversation taught before and no longer does goes (a retry after a fuller
  // transcript); an admin's facts are never touched.
  await tx.delete(contactFacts).where(
    and(
      eq(contactFacts.orgId, orgId),
      eq(contactFacts.contactId, contactId),
      eq(contactFacts.conversationId, conversationId),
      ne(contactFacts.source, "admin"),
      draft.facts.length
        ? notInArray(
            contactFacts.key,
            draft.facts.map((f) => f.key),
          )
        : undefined,
    ),
  );
  if (draft.facts.length) {
    await tx
      .insert(contactFacts)
      .values(draft.facts.map((f) => ({ orgId, contactId, conversationId, ...f })))
      .onConflictDoUpdate({
        target: [contactFacts.orgId, contactFacts.contactId, contactFacts.key],
        set: {
          value: sql`excluded.value`,
          conversationId: sql`excluded.conversation_id`,
          source: sql`excluded.source`,
          updatedBy: null,
          updatedAt: sql`now()`,
        },
        // Never over an admin's fact, and never over what a more recent conversation said: the
        // result does not depend on the order conversations are summarised in.
        setWhere: sql`contact_facts.source <> 'admin' and (
          contact_facts.conversation_id is null
          or contact_facts.conversation_id = excluded.conversation_id
          or coalesce((select coalesce(c.ended_at, c.last_message_at, c.started_at, c.created_at)
                         from conversations c
                        where c.org_id = contact_facts.org_id and c.id = contact_facts.conversation_id),
                      '-infinity'::timestamptz) <= ${at.toISOString()}::timestamptz)`,
      });
  }

  // Re-read under the contact's lock: another conversation summarised since the load changes
  // the rolling summary, which is then rebuilt from what is stored now.
  const previous = await previousSummaries(tx, contactId, conversationId);
  const rollingSummary =
    fingerprint(previous) === fingerprint(loaded.previous)
      ? draft.rollingSummary
      : composeRollingSummary(
          [{ at, channel: loaded.channel, summary }, ...previous],
          loaded.input.timeZone,
        );
  const [memory] = await tx
    .select({ openItems: contactMemory.openItems })
    .from(contactMemory)
    .where(and(eq(contactMemory.orgId, orgId), eq(contactMemory.contactId, contactId)));
  const openItems = mergeOpenItems(
    memory?.openItems ?? [],
    conversationId,
    draft.openItems.map((text) => ({ text, conversationId, createdAt: at.toISOString() })),
  );
  const latest = previous[0];
  await saveContactMemory(tx, contactId, {
    summary: rollingSummary,
    openItems,
    lastConversationId: latest && latest.at > at ? latest.id : conversationId,
  });
  return "written";
}

export type SummariseDeps = { summariser?: Summariser; now?: () => Date };

/**
 * Summarises one conversation into its contact's memory. The summariser runs between two short
 * transactions (an LLM may take seconds; no lock is held meanwhile). Throws only for the database
 * (pg-boss retries); a failing LLM has already fallen back to the offline summariser.
 */
export async function summariseConversation(
  job: MemoryJobData,
  deps: SummariseDeps = {},
): Promise<SummariseOutcome> {
  const ctx = systemContext("memory.summarise", { id: job.orgId });
  const summariser = deps.summariser ?? defaultSummariser();
  for (let attempt = 1; attempt <= 3; attempt++) {
    const loaded = await withTenant(ctx, (tx) => loadConversation(tx, job));
    if (typeof loaded === "string") return loaded;
    const waiting = job.force ? null : notReady(loaded, deps.now?.() ?? new Date());
    if (waiting) return waiting;
    // Nothing said: no LLM is asked to summarise silence (it would invent a sentence for it).
    const writer = isWordless(loaded.input) ? offlineSummariser : summariser;
    const draft = boundDraft(await writer.summarise(loaded.input));
    const written = await withTenant(ctx, (tx) => write(tx, job, loaded, draft));
    if (written !== "changed") return written === "written" ? "summarised" : "missing";
  }
  throw new Error("the conversation kept changing while it was being summarised");
}
