import "server-only";
import { and, eq, isNull, sql } from "drizzle-orm";
import {
  API_DETECTOR,
  contacts,
  conversations,
  learningSignals,
  type LearningSignal,
} from "@/db/schema";
import { requirePermission } from "@/lib/auth/permissions";
import { recordAudit } from "@/lib/audit/record";
import { systemContext, type TenantContext } from "@/lib/context";
import { withTenant, type TenantTx } from "@/lib/db/scopes";
import { NotFoundError } from "@/lib/errors";
import { enqueue } from "@/lib/jobs/enqueue";
import { parseInput } from "@/lib/parse-input";
import {
  candidateGaps,
  lockOrgLearning,
  placeQuestion,
  refreshGaps,
  UNANSWERED,
} from "./gap-store";
import { learningPlaceJob } from "./place-job";
import { externalSignalSchema, type ExternalSignalInput } from "./schemas";
import { orgLanguage } from "./signals";

// Signals from outside Luneo (POST /api/v1/learning/signals): stored at once, idempotent on the
// sender's externalId (unique per org), then clustered by the learning.place job through the same
// gap store as ingested signals (candidateGaps → placeQuestion → refreshGaps, under the org's
// learning lock). The conversation rebuild never deletes them (signals.ts: detector "api").

export type ExternalSignalResult = { signal: LearningSignal; created: boolean };

async function existing(tx: TenantTx, externalId: string) {
  const [row] = await tx
    .select()
    .from(learningSignals)
    .where(and(eq(learningSignals.orgId, tx.orgId), eq(learningSignals.externalId, externalId)));
  return row;
}

/** The conversation and contact named by the sender, both of this org, or "not found". */
async function referencesOf(tx: TenantTx, input: ExternalSignalInput) {
  let contactId = input.contactId ?? null;
  let channel: LearningSignal["channel"] = "api";
  if (input.conversationId) {
    const [conversation] = await tx
      .select({ contactId: conversations.contactId, channel: conversations.channel })
      .from(conversations)
      .where(and(eq(conversations.orgId, tx.orgId), eq(conversations.id, input.conversationId)));
    if (!conversation) throw new NotFoundError("This conversation");
    contactId ??= conversation.contactId;
    channel = conversation.channel;
  }
  if (input.contactId) {
    const [contact] = await tx
      .select({ id: contacts.id })
      .from(contacts)
      .where(
        and(
          eq(contacts.orgId, tx.orgId),
          eq(contacts.id, input.contactId),
          isNull(contacts.mergedIntoId),
        ),
      );
    if (!contact) throw new NotFoundError("This contact");
  }
  return { contactId, channel };
}

export async function recordExternalSignal(
  ctx: TenantContext,
  raw: ExternalSignalInput,
): Promise<ExternalSignalResult> {
  requirePermission(ctx, "learning.write");
  const input = parseInput(externalSignalSchema, raw);
  return withTenant(ctx, async (tx) => {
    if (input.externalId) {
      const first = await existing(tx, input.externalId);
      if (first) return { signal: first, created: false };
    }
    const { contactId, channel } = await referencesOf(tx, input);
    const [inserted] = await tx
      .insert(learningSignals)
      .values({
        orgId: tx.orgId,
        conversationId: input.conversationId ?? null,
        contactId,
        channel,
        question: input.question,
        answer: "",
        outcome: input.outcome,
        language: input.language ?? (await orgLanguage(tx)),
        detector: API_DETECTOR,
        detectorVersion: 1,
        occurredAt: input.occurredAt ? new Date(input.occurredAt) : sql`now()`,
        externalId: input.externalId ?? null,
      })
      .onConflictDoNothing()
      .returning();
    // Two requests with the same externalId at once: the second finds the first's row.
    if (!inserted) return { signal: (await existing(tx, input.externalId!))!, created: false };
    if ((UNANSWERED as readonly string[]).includes(inserted.outcome)) {
      await enqueue(tx, learningPlaceJob, { orgId: tx.orgId, signalId: inserted.id });
    }
    await recordAudit(tx, ctx, {
      action: "learning.signal_received",
      targetType: "learning_signal",
      targetId: inserted.id,
      metadata: { outcome: inserted.outcome, conversationId: inserted.conversationId },
    });
    return { signal: inserted, created: true };
  });
}

export type PlaceOutcome = "placed" | "already-placed" | "missing" | "not-a-gap";

/** The job's work: put one unanswered API signal into its gap (or a new one), recount. */
export async function placeExternalSignal(
  orgId: string,
  signalId: string,
  now = new Date(),
): Promise<PlaceOutcome> {
  return withTenant(systemContext("learning.place", { id: orgId }), async (tx) => {
    await lockOrgLearning(tx);
    const [signal] = await tx
      .select()
      .from(learningSignals)
      .where(and(eq(learningSignals.orgId, tx.orgId), eq(learningSignals.id, signalId)));
    if (!signal) return "missing";
    if (signal.gapId) return "already-placed";
    if (!(UNANSWERED as readonly string[]).includes(signal.outcome)) return "not-a-gap";
    const placement = await placeQuestion(tx, await candidateGaps(tx, signal.language), {
      text: signal.question,
      language: signal.language,
      at: signal.occurredAt,
    });
    await tx
      .update(learningSignals)
      .set(placement)
      .where(and(eq(learningSignals.orgId, tx.orgId), eq(learningSignals.id, signal.id)));
    await refreshGaps(tx, [placement.gapId], now);
    return "placed";
  });
}
