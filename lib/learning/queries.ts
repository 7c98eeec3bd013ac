import "server-only";
import { and, asc, count, desc, eq, gt, inArray, sql } from "drizzle-orm";
import { learningGaps, learningSignals, type GapStatus } from "@/db/schema";
import { requirePermission } from "@/lib/auth/permissions";
import type { TenantContext } from "@/lib/context";
import { withTenant } from "@/lib/db/scopes";
import { NotFoundError } from "@/lib/errors";
import { getBoss } from "@/lib/jobs/boss";
import { parseInput } from "@/lib/parse-input";
import { UNANSWERED } from "./gap-store";
import { learningReclusterJob } from "./recluster-job";
import { gapIdSchema, type GapFilter } from "./schemas";
import { lexicalSimilarity } from "./similarity";

// Reads of the review page (/learning): members read, admins decide (service.ts).

const LIST_LIMIT = 100;
const EXAMPLES = 50;

export type GapRow = {
  id: string;
  language: "en" | "fr";
  status: GapStatus;
  canonicalQuestion: string;
  signalCount: number;
  callerCount: number;
  firstSeenAt: Date;
  lastSeenAt: Date;
  impact: number;
  answer: string | null;
  version: number;
  /** Times asked in the last 7 days and the 7 before (the trend). */
  lastWeek: number;
  weekBefore: number;
};

export async function listGaps(ctx: TenantContext, filter: GapFilter, now = new Date()) {
  requirePermission(ctx, "learning.read");
  const weekAgo = new Date(now.getTime() - 7 * 86_400_000);
  const twoWeeksAgo = new Date(now.getTime() - 14 * 86_400_000);
  return withTenant(ctx, async (tx): Promise<GapRow[]> => {
    const gaps = await tx
      .select({
        id: learningGaps.id,
        language: learningGaps.language,
        status: learningGaps.status,
        canonicalQuestion: learningGaps.canonicalQuestion,
        signalCount: learningGaps.signalCount,
        callerCount: learningGaps.callerCount,
        firstSeenAt: learningGaps.firstSeenAt,
        lastSeenAt: learningGaps.lastSeenAt,
        impact: learningGaps.impact,
        answer: learningGaps.answer,
        version: learningGaps.version,
      })
      .from(learningGaps)
      .where(
        and(
          eq(learningGaps.orgId, tx.orgId),
          eq(learningGaps.status, filter.status),
          filter.language ? eq(learningGaps.language, filter.language) : undefined,
        ),
      )
      .orderBy(desc(learningGaps.impact), desc(learningGaps.lastSeenAt), asc(learningGaps.id))
      .limit(LIST_LIMIT);
    if (gaps.length === 0) return [];
    const trend = await tx
      .select({
        gapId: learningSignals.gapId,
        lastWeek: sql<number>`count(*) filter (where ${learningSignals.occurredAt} > ${weekAgo.toISOString()}::timestamptz)::int`,
        weekBefore: sql<number>`count(*) filter (where ${learningSignals.occurredAt} <= ${weekAgo.toISOString()}::timestamptz)::int`,
      })
      .from(learningSignals)
      .where(
        and(
          eq(learningSignals.orgId, tx.orgId),
          inArray(
            learningSignals.gapId,
            gaps.map((g) => g.id),
          ),
          gt(learningSignals.occurredAt, twoWeeksAgo),
        ),
      )
      .groupBy(learningSignals.gapId);
    const byGap = new Map(trend.map((t) => [t.gapId, t]));
    return gaps.map((g) => ({
      ...g,
      lastWeek: byGap.get(g.id)?.lastWeek ?? 0,
      weekBefore: byGap.get(g.id)?.weekBefore ?? 0,
    }));
  });
}

/** Counts per status, for the filters and the navigation. */
export async function countGaps(ctx: TenantContext): Promise<Record<GapStatus, number>> {
  requirePermission(ctx, "learning.read");
  const rows = await withTenant(ctx, (tx) =>
    tx
      .select({ status: learningGaps.status, n: count() })
      .from(learningGaps)
      .where(eq(learningGaps.orgId, tx.orgId))
      .groupBy(learningGaps.status),
  );
  const counts = { open: 0, approved: 0, dismissed: 0, expired: 0 };
  for (const r of rows) counts[r.status] = r.n;
  return counts;
}

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
  conversationId: string;
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
    // A suggested answer: the best later answer of the org's own conversations to the same
    // question (a turn the detector counted as answered), when one is close enough.
    const answered = await tx
      .select({ question: learningSignals.question, answer: learningSignals.answer })
      .from(learningSignals)
      .where(
        and(
          eq(learningSignals.orgId, tx.orgId),
          eq(learningSignals.language, gap.language),
          eq(learningSignals.outcome, "answered"),
          sql`${learningSignals.question} <> ''`,
          gt(learningSignals.occurredAt, gap.firstSeenAt),
        ),
      )
      .orderBy(desc(learningSignals.occurredAt))
      .limit(500);
    let suggestion: string | null = null;
    let best = 0.55;
    for (const a of answered) {
      const score = lexicalSimilarity(gap.canonicalQuestion, a.question, gap.language);
      if (score > best) [suggestion, best] = [a.answer, score];
    }
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
