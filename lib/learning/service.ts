import { trackAfterResponse } from "@/lib/analytics/track";
import "server-only";
import { and, eq, sql } from "drizzle-orm";
import { auditLog, learningGaps, type LearningGap } from "@/db/schema";
import { requirePermission } from "@/lib/auth/permissions";
import { recordAudit } from "@/lib/audit/record";
import type { TenantContext } from "@/lib/context";
import { withTenant, type TenantTx } from "@/lib/db/scopes";
import { ConflictError, NotFoundError } from "@/lib/errors";
import { enqueue } from "@/lib/jobs/enqueue";
import { parseInput } from "@/lib/parse-input";
import { ordered } from "@/lib/verticals/content";
import { editVerticalConfigIn } from "@/lib/verticals/service";
import { keptSuggestion } from "./adoption";
import { learningReclusterJob } from "./recluster-job";
import { suggestedAnswerAsOf } from "./suggestions";
import {
  approveGapSchema,
  dismissGapSchema,
  gapIdSchema,
  type ApproveGapInput,
  type DismissGapInput,
} from "./schemas";

// An admin's decisions on a gap. Each checks the version the admin saw: a second admin acting on
// the same gap from an older page gets a conflict, never a silent overwrite.

/** The knowledge entry an approved gap becomes (lib/verticals/content.ts: ids are [a-z0-9_-]). */
export const knowledgeIdOf = (gapId: string) => `learned-${gapId.toLowerCase()}`;

/**
 * Locks an open gap for a decision, after checking the version the admin saw. A gap merged away
 * by another admin is a conflict too (its merge is in the audit log), not a bare "not found".
 */
export async function lockGap(tx: TenantTx, gapId: string, version: number | undefined) {
  const [gap] = await tx
    .select()
    .from(learningGaps)
    .where(and(eq(learningGaps.orgId, tx.orgId), eq(learningGaps.id, gapId)))
    .for("update");
  if (!gap) {
    if (await wasMergedAway(tx, gapId)) {
      throw new ConflictError(
        "This gap was merged into another one by someone else. Reload to see where its questions went.",
      );
    }
    throw new NotFoundError("This gap");
  }
  if ((version !== undefined && gap.version !== version) || gap.status !== "open") {
    throw new ConflictError(
      gap.status === "open"
        ? "Someone changed this gap while you were looking at it. Reload to see their change."
        : `This gap was already ${gap.status} by someone else. Reload to see what was decided.`,
    );
  }
  return gap;
}

async function wasMergedAway(tx: TenantTx, gapId: string): Promise<boolean> {
  const [row] = await tx
    .select({ id: auditLog.id })
    .from(auditLog)
    .where(
      and(
        eq(auditLog.orgId, tx.orgId),
        eq(auditLog.action, GAP_MERGED_AWAY),
        eq(auditLog.targetType, "learning_gap"),
        eq(auditLog.targetId, gapId),
      ),
    )
    .limit(1);
  return row !== undefined;
}

/** The audit action written on the gap a merge removed (its questions went to metadata.into). */
export const GAP_MERGED_AWAY = "learning.gap_merged_away";

const decidedBy = (ctx: TenantContext) => (ctx.actor.type === "user" ? ctx.actor.userId : null);

/**
 * Approves a locked gap: the answer becomes a knowledge entry of the org's agent configuration
 * through the wizard's merge-patch path (so the next assistant-request carries it), and the gap is
 * kept as approved so later failures of the same question attach to it. Audited.
 */
export async function approveLockedGap(
  tx: TenantTx,
  ctx: TenantContext,
  gap: LearningGap,
  { question, answer }: { question: string; answer: string },
) {
  const knowledgeId = knowledgeIdOf(gap.id);
  await editVerticalConfigIn(
    tx,
    ctx,
    (current) => {
      const entries = current ? ordered(current.knowledge) : [];
      const position = entries.length ? Math.max(...entries.map((e) => e.position)) + 1 : 0;
      return { knowledge: { [knowledgeId]: { position, question, answer } } };
    },
    { action: "verticals.knowledge_learned", sections: ["knowledge"] },
  );
  // The suggestion the admin was offered, as it stands now (the weekly report recomputes the same
  // thing as of the decision): whether the approved answer kept it is the adoption KPI.
  const suggestion = await suggestedAnswerAsOf(tx, gap, new Date());
  return decide(
    tx,
    ctx,
    gap,
    {
      status: "approved",
      suggestionKept: suggestion === null ? null : keptSuggestion(suggestion, answer),
      canonicalQuestion: question,
      answer,
      knowledgeId,
    },
    { action: "learning.gap_approved", metadata: { knowledgeId, signals: gap.signalCount } },
  );
}

/** A decision on a locked gap: its new fields, who and when, its version bumped; audited. */
async function decide(
  tx: TenantTx,
  ctx: TenantContext,
  gap: LearningGap,
  fields: Partial<typeof learningGaps.$inferInsert>,
  audit: { action: string; metadata?: Record<string, unknown> },
) {
  const [updated] = await tx
    .update(learningGaps)
    .set({
      ...fields,
      snoozedUntil: null,
      decidedBy: decidedBy(ctx),
      decidedAt: sql`now()`,
      version: sql`${learningGaps.version} + 1`,
      updatedAt: sql`now()`,
    })
    .where(and(eq(learningGaps.orgId, tx.orgId), eq(learningGaps.id, gap.id)))
    .returning();
  await recordAudit(tx, ctx, { ...audit, targetType: "learning_gap", targetId: gap.id });
  return updated!;
}

/** Dismisses a locked gap with a reason. Audited. */
export async function dismissLockedGap(
  tx: TenantTx,
  ctx: TenantContext,
  gap: LearningGap,
  reason: string,
) {
  return decide(
    tx,
    ctx,
    gap,
    { status: "dismissed", dismissReason: reason },
    { action: "learning.gap_dismissed" },
  );
}

/** Approves a gap with the admin's answer (and the question, reworded or as it stands). */
export async function approveGap(
  ctx: TenantContext,
  gapId: string,
  input: Omit<ApproveGapInput, "question"> & { question?: string },
) {
  requirePermission(ctx, "learning.write");
  const id = parseInput(gapIdSchema, gapId);
  const { answer, version, ...rest } = parseInput(
    approveGapSchema.partial({ question: true }),
    input,
  );
  const updated = await withTenant(ctx, async (tx) => {
    const gap = await lockGap(tx, id, version);
    // The API may approve the canonical question as it stands.
    const question = rest.question ?? gap.canonicalQuestion;
    return approveLockedGap(tx, ctx, gap, { question, answer });
  });
  // Product analytics: the org taught its agent (no question or answer text leaves).
  trackAfterResponse(ctx.org.id, "gap approved", {});
  return updated;
}

/** Dismisses a gap with a reason (not a question the agent should answer). */
export async function dismissGap(ctx: TenantContext, gapId: string, input: DismissGapInput) {
  requirePermission(ctx, "learning.write");
  const id = parseInput(gapIdSchema, gapId);
  const { reason, version } = parseInput(dismissGapSchema, input);
  return withTenant(ctx, async (tx) => {
    const gap = await lockGap(tx, id, version);
    return dismissLockedGap(tx, ctx, gap, reason);
  });
}

/**
 * Asks for the org's re-clustering now (the weekly pass, on demand); answered with the job to
 * follow. Writes no gap itself: the job does, under the org's learning lock. Audited.
 */
export async function requestAnalysis(ctx: TenantContext): Promise<{ jobId: string }> {
  requirePermission(ctx, "learning.write");
  return withTenant(ctx, async (tx) => {
    const jobId = await enqueue(tx, learningReclusterJob, { orgId: tx.orgId });
    if (!jobId) throw new Error("pg-boss did not create the re-clustering job");
    await recordAudit(tx, ctx, {
      action: "learning.analysis_requested",
      targetType: "job",
      targetId: jobId,
    });
    return { jobId };
  });
}
