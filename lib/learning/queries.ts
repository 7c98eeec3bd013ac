import "server-only";
import { and, asc, count, desc, eq, gt, sql } from "drizzle-orm";
import { learningGaps, learningSignals } from "@/db/schema";
import { requirePermission } from "@/lib/auth/permissions";
import type { TenantContext } from "@/lib/context";
import { withTenant } from "@/lib/db/scopes";
import { NotFoundError } from "@/lib/errors";
import { getBoss } from "@/lib/jobs/boss";
import { olderThan } from "@/lib/pagination";
import { parseInput } from "@/lib/parse-input";
import { UNANSWERED } from "./gap-store";
import { learningReclusterJob } from "./recluster-job";
import { gapIdSchema } from "./schemas";
import { suggestAnswers } from "./suggestions";

// Reads of the review page (/learning): members read, admins decide (service.ts).

const LIST_LIMIT = 100;
const EXAMPLES = 50;

export { countGaps, listGaps, type GapRow } from "./gap-list";

/** What the agent did with every assistant turn over the last `days` days, per outcome. */
export async function outcomeTotals(ctx: TenantContext, days = 28, now = new Date()) {
  requirePermission(ctx, "learning.read");
  const since = new Date(now.getTime() - days * 86_400_000);
  const rows = await withTenant(ctx, (tx) =>
    tx
      .select({ outcome: learningSignals.outcome, n: count() })
      .from(learningSignals)
      .where(and(eq(learningSignals.orgId, tx.orgId), gt(learningSignals.occurredAt, since)))
      .groupBy(learningSignals.outcome),
  );
  const totals = { answered: 0, deflected: 0, escalated: 0, abandoned: 0, negative: 0 };
  for (const r of rows) totals[r.outcome] = r.n;
  return totals;
}

export type GapExample = {
  id: string;
  question: string;
  answer: string;
  outcome: string;
  occurredAt: Date;
  conversationId: string | null;
  contactId: string | null;
  channel: string;
  askedAgain: boolean;
};

export async function getGap(
  ctx: TenantContext,
  gapId: string,
  { examples: limit = EXAMPLES }: { examples?: number } = {},
) {
  requirePermission(ctx, "learning.read");
  const id = parseInput(gapIdSchema, gapId);
  return withTenant(ctx, async (tx) => {
    const [gap] = await tx
      .select()
      .from(learningGaps)
      .where(and(eq(learningGaps.orgId, tx.orgId), eq(learningGaps.id, id)));
    if (!gap) throw new NotFoundError("This gap");
    const examples: GapExample[] = await tx
      .select({
        id: learningSignals.id,
        question: learningSignals.question,
        answer: learningSignals.answer,
        outcome: learningSignals.outcome,
        occurredAt: learningSignals.occurredAt,
        conversationId: learningSignals.conversationId,
        contactId: learningSignals.contactId,
        channel: learningSignals.channel,
        askedAgain: learningSignals.askedAgain,
      })
      .from(learningSignals)
      .where(and(eq(learningSignals.orgId, tx.orgId), eq(learningSignals.gapId, gap.id)))
      .orderBy(desc(learningSignals.occurredAt), asc(learningSignals.id))
      .limit(limit);
    const suggestion = (await suggestAnswers(tx, [gap])).get(gap.id) ?? null;
    return { gap, examples, suggestion };
  });
}

export type ApprovedAnswer = {
  id: string;
  question: string;
  answer: string;
  language: "en" | "fr";
  decidedAt: Date | null;
  /** Failures of the same question after approval: the answer may need editing. */
  askedAgain: number;
};

export async function listApprovedAnswers(ctx: TenantContext): Promise<ApprovedAnswer[]> {
  requirePermission(ctx, "learning.read");
  return withTenant(ctx, (tx) =>
    tx
      .select({
        id: learningGaps.id,
        question: learningGaps.canonicalQuestion,
        answer: sql<string>`coalesce(${learningGaps.answer}, '')`,
        language: learningGaps.language,
        decidedAt: learningGaps.decidedAt,
        askedAgain: sql<number>`(select count(*)::int from learning_signals s
          where s.org_id = learning_gaps.org_id and s.gap_id = learning_gaps.id and s.asked_again
            and s.outcome in (${sql.join(
              UNANSWERED.map((o) => sql`${o}`),
              sql`, `,
            )}))`,
      })
      .from(learningGaps)
      .where(and(eq(learningGaps.orgId, tx.orgId), eq(learningGaps.status, "approved")))
      .orderBy(desc(learningGaps.decidedAt), asc(learningGaps.id))
      .limit(LIST_LIMIT),
  );
}

export type AnalysisJobStatus = {
  id: string;
  state: string;
  createdOn: Date;
  completedOn: Date | null;
  /** The pass's counts once it completed. */
  output: { signals: number; gaps: number; expired: number } | null;
};

/** The state of a re-clustering job of this org (requested through the API). */
export async function getAnalysisJob(
  ctx: TenantContext,
  jobId: string,
): Promise<AnalysisJobStatus> {
  requirePermission(ctx, "learning.read");
  if (!gapIdSchema.safeParse(jobId).success) throw new NotFoundError("This job");
  const boss = await getBoss();
  const job = await boss.getJobById<{ orgId: string }>(learningReclusterJob.name, jobId, {
    includeArchive: true,
  });
  if (!job || job.data?.orgId !== ctx.org.id) throw new NotFoundError("This job");
  const output = job.state === "completed" ? (job.output as AnalysisJobStatus["output"]) : null;
  return {
    id: job.id,
    state: job.state,
    createdOn: job.createdOn,
    completedOn: job.completedOn ?? null,
    output: output ?? null,
  };
}

/** Signals read per round trip when a gap's signals are all read (the API's contract). */
const SIGNALS_BATCH = 2000;

export type GapSignal = {
  id: string;
  question: string;
  outcome: string;
  conversationId: string | null;
  occurredAt: Date;
};

/**
 * A gap with all of its signals, the most recent first, read in keyset batches within one
 * transaction (GET /api/v1/learning/gaps/:id promises them all, however many).
 */
export async function getGapWithSignals(ctx: TenantContext, gapId: string) {
  requirePermission(ctx, "learning.read");
  const id = parseInput(gapIdSchema, gapId);
  return withTenant(ctx, async (tx) => {
    const [gap] = await tx
      .select()
      .from(learningGaps)
      .where(and(eq(learningGaps.orgId, tx.orgId), eq(learningGaps.id, id)));
    if (!gap) throw new NotFoundError("This gap");
    const signals: GapSignal[] = [];
    for (;;) {
      const last = signals.at(-1);
      const batch = await tx
        .select({
          id: learningSignals.id,
          question: learningSignals.question,
          outcome: learningSignals.outcome,
          conversationId: learningSignals.conversationId,
          occurredAt: learningSignals.occurredAt,
        })
        .from(learningSignals)
        .where(
          and(
            eq(learningSignals.orgId, tx.orgId),
            eq(learningSignals.gapId, gap.id),
            last
              ? olderThan(learningSignals.occurredAt, learningSignals.id, {
                  at: last.occurredAt,
                  id: last.id,
                })
              : undefined,
          ),
        )
        .orderBy(desc(learningSignals.occurredAt), desc(learningSignals.id))
        .limit(SIGNALS_BATCH);
      signals.push(...batch);
      if (batch.length < SIGNALS_BATCH) return { gap, signals };
    }
  });
}
