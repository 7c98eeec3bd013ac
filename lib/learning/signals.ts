import "server-only";
import { and, asc, eq, isNotNull, sql } from "drizzle-orm";
import {
  conversations,
  learningSignals,
  messages,
  orgVerticals,
  type LearningLanguage,
} from "@/db/schema";
import { systemContext } from "@/lib/context";
import { withTenant, type TenantTx } from "@/lib/db/scopes";
import { smsThreadIdleMinutes } from "@/lib/memory/triggers";
import { detectSignals, RULE_DETECTOR } from "./detector";
import {
  candidateGaps,
  lockOrgLearning,
  placeQuestion,
  refreshGaps,
  UNANSWERED,
} from "./gap-store";
import { learningLanguageOf } from "./language";

// learning.signals: rebuilds one conversation's learning signals. Idempotent by replacement: the
// conversation's rows are deleted and written again in one transaction, and the gaps they left or
// joined are recounted, so running it twice (or after a fuller transcript arrived) converges.

export type SignalsOutcome = "written" | "missing" | "not-ended" | "not-idle";

const IDLE_TOLERANCE_MS = 5_000;
/** Transcript turns read (the end of a very long SMS thread). */
const MAX_TURNS = 400;

/** The agent's language from the org's configuration, the detector's fallback. */
async function orgLanguage(tx: TenantTx): Promise<LearningLanguage> {
  const [row] = await tx
    .select({ language: sql<string | null>`${orgVerticals.resolved} -> 'agent' ->> 'language'` })
    .from(orgVerticals)
    .where(eq(orgVerticals.orgId, tx.orgId));
  return learningLanguageOf(row?.language);
}

/** Rebuilds the signals of one conversation inside `tx` (the seed and the job both call this). */
export async function rebuildSignalsIn(
  tx: TenantTx,
  conversationId: string,
  { now = new Date(), force = false }: { now?: Date; force?: boolean } = {},
): Promise<SignalsOutcome> {
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
  const drafts = detectSignals(
    {
      channel: conversation.channel,
      status: conversation.status,
      endedReason: conversation.endedReason,
      successEvaluation: conversation.successEvaluation,
      structuredData: conversation.structuredData,
      at,
      turns,
    },
    await orgLanguage(tx),
  );

  await lockOrgLearning(tx);
  const removed = await tx
    .delete(learningSignals)
    .where(
      and(eq(learningSignals.orgId, orgId), eq(learningSignals.conversationId, conversationId)),
    )
    .returning({ gapId: learningSignals.gapId });
  const touched = new Set(removed.flatMap((r) => (r.gapId ? [r.gapId] : [])));

  const candidates = new Map<LearningLanguage, Awaited<ReturnType<typeof candidateGaps>>>();
  const rows = [];
  for (const d of drafts) {
    let placement: { gapId: string | null; askedAgain: boolean } = {
      gapId: null,
      askedAgain: false,
    };
    if ((UNANSWERED as readonly string[]).includes(d.outcome) && d.question) {
      if (!candidates.has(d.language))
        candidates.set(d.language, await candidateGaps(tx, d.language));
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
      contactId: conversation.contactId,
      channel: conversation.channel,
      question: d.question,
      answer: d.answer,
      outcome: d.outcome,
      language: d.language,
      detector: RULE_DETECTOR.name,
      detectorVersion: RULE_DETECTOR.version,
      occurredAt: d.occurredAt,
      ...placement,
    });
  }
  if (rows.length) await tx.insert(learningSignals).values(rows);
  await refreshGaps(tx, touched, now);
  return "written";
}

/** The job's entry: one tenant transaction as the system. */
export async function rebuildConversationSignals(
  job: { orgId: string; conversationId: string; force?: boolean },
  now = new Date(),
): Promise<SignalsOutcome> {
  const ctx = systemContext("learning.signals", { id: job.orgId });
  return withTenant(ctx, (tx) =>
    rebuildSignalsIn(tx, job.conversationId, { now, force: job.force ?? false }),
  );
}

/** Conversations of the org that have messages (the seed rebuilds them all). */
export async function conversationIdsWithMessages(tx: TenantTx): Promise<string[]> {
  const rows = await tx
    .selectDistinct({ id: messages.conversationId })
    .from(messages)
    .where(and(eq(messages.orgId, tx.orgId), isNotNull(messages.conversationId)));
  return rows.map((r) => r.id).sort();
}
