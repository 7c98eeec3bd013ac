import "server-only";
import { and, count, desc, eq, gte, inArray, lt, sql } from "drizzle-orm";
import { learningGaps, learningSignals, type LearningLanguage } from "@/db/schema";
import { requirePermission } from "@/lib/auth/permissions";
import type { TenantContext } from "@/lib/context";
import { withTenant, type TenantTx } from "@/lib/db/scopes";
import { NotFoundError } from "@/lib/errors";
import { parseInput } from "@/lib/parse-input";
import { keptSuggestion } from "./adoption";
import { JOIN_THRESHOLD } from "./cluster";
import { reportWeek, reportWeeks, reportWeekSchema, type ReportWeek } from "./report-week";
import { cosine, lexical, type Vector } from "./similarity";
import { suggestedAnswerAsOf } from "./suggestions";

// The weekly report of the learning loop (docs/adr/0014, "The weekly report"): what was new, what
// the admins taught, whether the agent now answers what it used to miss, and how often the
// admins kept the suggested answer (the seed KPI). Shown on /learning/reports/<week> and mailed
// to the admins each Monday (report-mail.ts); both read it here, live.

/** Questions of the week read for the answered share (the latest, on a very busy week). */
export const COVERED_SAMPLE = 5_000;
const TOP_NEW_GAPS = 5;

export type WeeklyReport = ReportWeek & {
  /** Agent turns of the week, and how many the agent could not answer (deflected, negative). */
  turns: number;
  unanswered: number;
  newGaps: { count: number; top: { id: string; question: string; signals: number }[] };
  approved: { id: string; question: string; answer: string; keptSuggestion: boolean | null }[];
  /** Questions this week that an answer approved before them covers, and how many were answered. */
  covered: { questions: number; answered: number; sampled: boolean };
  /** Approved answers whose gap had a suggestion, and how many kept it (unedited or near). */
  adoption: { withSuggestion: number; kept: number };
};

async function newGapsOf(tx: TenantTx, week: ReportWeek) {
  const inWeek = and(
    eq(learningGaps.orgId, tx.orgId),
    gte(learningGaps.firstSeenAt, week.start),
    lt(learningGaps.firstSeenAt, week.end),
  );
  const [total] = await tx.select({ n: count() }).from(learningGaps).where(inWeek);
  const top = await tx
    .select({
      id: learningGaps.id,
      question: learningGaps.canonicalQuestion,
      signals: learningGaps.signalCount,
    })
    .from(learningGaps)
    .where(inWeek)
    .orderBy(desc(learningGaps.signalCount), desc(learningGaps.impact), learningGaps.id)
    .limit(TOP_NEW_GAPS);
  return { count: total?.n ?? 0, top };
}

async function approvedIn(tx: TenantTx, week: ReportWeek) {
  const gaps = await tx
    .select()
    .from(learningGaps)
    .where(
      and(
        eq(learningGaps.orgId, tx.orgId),
        eq(learningGaps.status, "approved"),
        gte(learningGaps.decidedAt, week.start),
        lt(learningGaps.decidedAt, week.end),
      ),
    )
    .orderBy(learningGaps.decidedAt, learningGaps.id);
  const approved: WeeklyReport["approved"] = [];
  for (const gap of gaps) {
    // The suggestion as it stood when the admin approved (later answers are the approved one).
    const suggestion = await suggestedAnswerAsOf(tx, gap, gap.decidedAt!);
    approved.push({
      id: gap.id,
      question: gap.canonicalQuestion,
      answer: gap.answer ?? "",
      keptSuggestion: suggestion === null ? null : keptSuggestion(suggestion, gap.answer ?? ""),
    });
  }
  return approved;
}

/**
 * The week's questions an answer approved before them covers (same language, lexical cosine to
 * the approved question at least the clustering's join threshold), and how many of those the
 * agent answered: how often it now answers what it used to miss.
 */
async function coveredIn(tx: TenantTx, week: ReportWeek): Promise<WeeklyReport["covered"]> {
  const approved = await tx
    .select({
      question: learningGaps.canonicalQuestion,
      language: learningGaps.language,
      decidedAt: learningGaps.decidedAt,
    })
    .from(learningGaps)
    .where(
      and(
        eq(learningGaps.orgId, tx.orgId),
        eq(learningGaps.status, "approved"),
        lt(learningGaps.decidedAt, week.end),
      ),
    );
  if (approved.length === 0) return { questions: 0, answered: 0, sampled: false };
  const answers = approved.map((a) => ({
    ...a,
    vector: lexical.vectorize(a.question, a.language),
  }));
  const languages = [...new Set(approved.map((a) => a.language))];
  const signals = await tx
    .select({
      question: learningSignals.question,
      outcome: learningSignals.outcome,
      language: learningSignals.language,
      occurredAt: learningSignals.occurredAt,
    })
    .from(learningSignals)
    .where(
      and(
        eq(learningSignals.orgId, tx.orgId),
        gte(learningSignals.occurredAt, week.start),
        lt(learningSignals.occurredAt, week.end),
        inArray(learningSignals.language, languages),
        sql`${learningSignals.question} <> ''`,
      ),
    )
    .orderBy(desc(learningSignals.occurredAt))
    .limit(COVERED_SAMPLE + 1);
  const sampled = signals.length > COVERED_SAMPLE;
  let questions = 0;
  let answered = 0;
  for (const s of signals.slice(0, COVERED_SAMPLE)) {
    let vector: Vector | null = null;
    const covers = answers.some((a) => {
      if (a.language !== s.language || !a.decidedAt || a.decidedAt > s.occurredAt) return false;
      vector ??= lexical.vectorize(s.question, s.language as LearningLanguage);
      return cosine(vector, a.vector) >= JOIN_THRESHOLD;
    });
    if (!covers) continue;
    questions += 1;
    if (s.outcome === "answered") answered += 1;
  }
  return { questions, answered, sampled };
}

async function turnsIn(tx: TenantTx, week: ReportWeek) {
  const [row] = await tx
    .select({
      turns: count(),
      unanswered: sql<number>`count(*) filter (where ${learningSignals.outcome} in ('deflected', 'negative'))::int`,
    })
    .from(learningSignals)
    .where(
      and(
        eq(learningSignals.orgId, tx.orgId),
        gte(learningSignals.occurredAt, week.start),
        lt(learningSignals.occurredAt, week.end),
      ),
    );
  return { turns: row?.turns ?? 0, unanswered: row?.unanswered ?? 0 };
}

/** The report of `week` inside a tenant transaction (the page's verb and the mail job). */
export async function weeklyReportIn(tx: TenantTx, week: ReportWeek): Promise<WeeklyReport> {
  const approved = await approvedIn(tx, week);
  const withSuggestion = approved.filter((a) => a.keptSuggestion !== null);
  return {
    ...week,
    ...(await turnsIn(tx, week)),
    newGaps: await newGapsOf(tx, week),
    approved,
    covered: await coveredIn(tx, week),
    adoption: {
      withSuggestion: withSuggestion.length,
      kept: withSuggestion.filter((a) => a.keptSuggestion).length,
    },
  };
}

/** The report page's read: members read it; an unknown week is a 404. */
export async function getWeeklyReport(ctx: TenantContext, week: string): Promise<WeeklyReport> {
  requirePermission(ctx, "learning.read");
  const parsed = parseInput(reportWeekSchema, week);
  return withTenant(ctx, async (tx) => {
    const range = await reportWeek(tx, parsed);
    if (!range) throw new NotFoundError("This week's report");
    return weeklyReportIn(tx, range);
  });
}

/** The weeks with a report, latest first, and the org's current week. */
export async function listReportWeeks(ctx: TenantContext) {
  requirePermission(ctx, "learning.read");
  return withTenant(ctx, (tx) => reportWeeks(tx));
}

/** The share as a whole percentage, or null with nothing to divide. */
export function percent(part: number, whole: number): number | null {
  return whole === 0 ? null : Math.round((part / whole) * 100);
}
