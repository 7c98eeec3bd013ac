import "server-only";
import { and, asc, eq, isNotNull, ne, sql } from "drizzle-orm";
import {
  API_DETECTOR,
  conversations,
  learningSignals,
  messages,
  orgVerticals,
  type LearningLanguage,
} from "@/db/schema";
import { systemContext } from "@/lib/context";
import { withTenant, type TenantTx } from "@/lib/db/scopes";
import { smsThreadIdleMinutes } from "@/lib/memory/triggers";
import { detectSignals, type ConversationForSignals, type SignalDraft } from "./detector";
import {
  candidateGaps,
  lockOrgLearning,
  placeQuestion,
  refreshGaps,
  UNANSWERED,
  type Candidate,
} from "./gap-store";
import { defaultRefiner, rulesOnly, type OutcomeRefiner, type Refined } from "./refiner";
import { learningLanguageOf } from "./language";

// learning.signals: rebuilds one conversation's learning signals. Idempotent by replacement: the
// conversation's rows are deleted and written again in one transaction (after the rule detector
// and, when an LLM is configured, its review: refiner.ts), and the gaps they left or
// joined are recounted, so running it twice (or after a fuller transcript arrived) converges.

export type SignalsOutcome = "written" | "missing" | "not-ended" | "not-idle";

const IDLE_TOLERANCE_MS = 5_000;
/** Transcript turns read (the end of a very long SMS thread). */
const MAX_TURNS = 400;

/** The agent's language from the org's configuration, the detector's fallback. */
export async function orgLanguage(tx: TenantTx): Promise<LearningLanguage> {
  const [row] = await tx
    .select({ language: sql<string | null>`${orgVerticals.resolved} -> 'agent' ->> 'language'` })
    .from(orgVerticals)
    .where(eq(orgVerticals.orgId, tx.orgId));
  return learningLanguageOf(row?.language);
}

type Loaded = {
  contactId: string | null;
  channel: "voice" | "sms" | "webchat";
  updatedAt: Date;
  input: ConversationForSignals;
  drafts: SignalDraft[];
};

/** Reads a conversation and runs the rule detector; an outcome string when there is nothing to do. */
async function loadForSignals(
  tx: TenantTx,
  conversationId: string,
  { now, force }: { now: Date; force: boolean },
): Promise<Loaded | SignalsOutcome> {
  const { orgId } = tx;
  const [conversation] = await tx
    .select()
    .from(conversations)
    .where(and(eq(conversations.orgId, orgId), eq(conversations.id, conversationId)));
  if (!conversation) return "missing";
  if (!force) {
    if (conversation.channel === "voice" && conversation.status !== "ended") return "not-ended";
    if (conversation.channel === "sms" && conversation.lastMessageAt) {
      const quiet = now.getTime() - conversation.lastMessageAt.getTime();
      if (quiet < smsThreadIdleMinutes() * 60_000 - IDLE_TOLERANCE_MS) return "not-idle";
    }
  }
  const turns = await tx
    .select({
      seq: messages.seq,
      role: messages.role,
      content: messages.content,
      sentAt: messages.sentAt,
    })
    .from(messages)
    .where(and(eq(messages.orgId, orgId), eq(messages.conversationId, conversationId)))
    .orderBy(asc(messages.seq))
    .limit(MAX_TURNS);
  const at =
    conversation.endedAt ??
    conversation.lastMessageAt ??
    conversation.startedAt ??
    conversation.createdAt;
  const input: ConversationForSignals = {
    channel: conversation.channel,
    status: conversation.status,
    endedReason: conversation.endedReason,
    successEvaluation: conversation.successEvaluation,
    structuredData: conversation.structuredData,
    at,
    turns,
  };
  return {
    contactId: conversation.contactId,
    channel: conversation.channel,
    updatedAt: conversation.updatedAt,
    input,
    drafts: detectSignals(input, await orgLanguage(tx)),
  };
}

/** Replaces the conversation's signals with `refined` and recounts the gaps they left or joined. */
async function writeSignals(
  tx: TenantTx,
  conversationId: string,
  loaded: Loaded,
  refined: Refined,
  now: Date,
): Promise<void> {
  const { orgId } = tx;
  await lockOrgLearning(tx);
  const removed = await tx
    .delete(learningSignals)
    .where(
      and(
        eq(learningSignals.orgId, orgId),
        eq(learningSignals.conversationId, conversationId),
        // Signals sent through the API about this conversation are the sender's, not the rebuild's.
        ne(learningSignals.detector, API_DETECTOR),
      ),
    )
    .returning({ gapId: learningSignals.gapId });
  const touched = new Set(removed.flatMap((r) => (r.gapId ? [r.gapId] : [])));

  const candidates = new Map<LearningLanguage, Candidate[]>();
  const rows = [];
  for (const d of refined.drafts) {
    let placement: { gapId: string | null; askedAgain: boolean } = {
      gapId: null,
      askedAgain: false,
    };
    if ((UNANSWERED as readonly string[]).includes(d.outcome) && d.question) {
      if (!candidates.has(d.language)) {
        candidates.set(d.language, await candidateGaps(tx, d.language));
      }
      placement = await placeQuestion(tx, candidates.get(d.language)!, {
        text: d.question,
        language: d.language,
        at: d.occurredAt,
      });
      touched.add(placement.gapId!);
    }
    rows.push({
      orgId,
      conversationId,
      seq: d.seq,
      contactId: loaded.contactId,
      channel: loaded.channel,
      question: d.question,
      answer: d.answer,
      outcome: d.outcome,
      language: d.language,
      detector: refined.detector,
      detectorVersion: refined.version,
      occurredAt: d.occurredAt,
      ...placement,
    });
  }
  if (rows.length) await tx.insert(learningSignals).values(rows);
  await refreshGaps(tx, touched, now);
}

/** Rebuilds the signals of one conversation inside `tx` with the rule detector (the seed). */
export async function rebuildSignalsIn(
  tx: TenantTx,
  conversationId: string,
  { now = new Date(), force = false }: { now?: Date; force?: boolean } = {},
): Promise<SignalsOutcome> {
  const loaded = await loadForSignals(tx, conversationId, { now, force });
  if (typeof loaded === "string") return loaded;
  await writeSignals(
    tx,
    conversationId,
    loaded,
    await rulesOnly.refine(loaded.input, loaded.drafts),
    now,
  );
  return "written";
}

/**
 * The job's work: read and detect in one short transaction, let the refiner (an LLM may take
 * seconds; no lock is held meanwhile) review the outcomes, write in a second transaction — or
 * start over when the conversation changed in between (VAPI's report arriving).
 */
export async function rebuildConversationSignals(
  job: { orgId: string; conversationId: string; force?: boolean },
  { now = new Date(), refiner = defaultRefiner() }: { now?: Date; refiner?: OutcomeRefiner } = {},
): Promise<SignalsOutcome> {
  const ctx = systemContext("learning.signals", { id: job.orgId });
  const options = { now, force: job.force ?? false };
  for (let attempt = 1; attempt <= 3; attempt++) {
    const loaded = await withTenant(ctx, (tx) => loadForSignals(tx, job.conversationId, options));
    if (typeof loaded === "string") return loaded;
    const refined = await refiner.refine(loaded.input, loaded.drafts);
    const written = await withTenant(ctx, async (tx) => {
      const [current] = await tx
        .select({ updatedAt: conversations.updatedAt })
        .from(conversations)
        .where(and(eq(conversations.orgId, tx.orgId), eq(conversations.id, job.conversationId)))
        .for("update");
      if (!current) return "missing" as const;
      if (current.updatedAt.getTime() !== loaded.updatedAt.getTime()) return "changed" as const;
      await writeSignals(tx, job.conversationId, loaded, refined, now);
      return "written" as const;
    });
    if (written !== "changed") return written;
  }
  throw new Error("the conversation kept changing while its signals were being rebuilt");
}

/** Conversations of the org that have messages (the seed rebuilds them all). */
export async function conversationIdsWithMessages(tx: TenantTx): Promise<string[]> {
  const rows = await tx
    .selectDistinct({ id: messages.conversationId })
    .from(messages)
    .where(and(eq(messages.orgId, tx.orgId), isNotNull(messages.conversationId)));
  return rows.map((r) => r.id).sort();
}
