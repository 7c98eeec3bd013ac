import "server-only";
import { and, desc, eq, gt, lt, sql } from "drizzle-orm";
import { learningSignals, type LearningLanguage } from "@/db/schema";
import type { TenantTx } from "@/lib/db/scopes";
import { lexicalSimilarity } from "./similarity";

// The one rule for a gap's suggested answer: the best later answer of the org's own conversations
// to the same question (a turn the detector counted as answered), when one is close enough. A
// gap's page and the review list (whose bulk approval approves these suggestions) show it as of
// now; approving records whether the admin kept it, and the weekly report recomputes it as of the
// approval (later calls carry the approved answer itself), for the adoption KPI (adoption.ts).

/** Answered turns read per language: the most recent ones. */
const ANSWERED_READ = 500;
const MIN_SIMILARITY = 0.55;

type GapForSuggestion = {
  id: string;
  language: LearningLanguage;
  canonicalQuestion: string;
  firstSeenAt: Date;
};

/** Suggested answers by gap id, from answers given after each gap opened and before `before`. */
export async function suggestAnswers(
  tx: TenantTx,
  gaps: readonly GapForSuggestion[],
  before?: Date,
): Promise<Map<string, string>> {
  const suggestions = new Map<string, string>();
  for (const language of new Set(gaps.map((g) => g.language))) {
    const ofLanguage = gaps.filter((g) => g.language === language);
    const since = new Date(Math.min(...ofLanguage.map((g) => g.firstSeenAt.getTime())));
    const answered = await tx
      .select({
        question: learningSignals.question,
        answer: learningSignals.answer,
        occurredAt: learningSignals.occurredAt,
      })
      .from(learningSignals)
      .where(
        and(
          eq(learningSignals.orgId, tx.orgId),
          eq(learningSignals.language, language),
          eq(learningSignals.outcome, "answered"),
          sql`${learningSignals.question} <> ''`,
          sql`${learningSignals.answer} <> ''`,
          gt(learningSignals.occurredAt, since),
          before ? lt(learningSignals.occurredAt, before) : undefined,
        ),
      )
      .orderBy(desc(learningSignals.occurredAt))
      .limit(ANSWERED_READ);
    for (const gap of ofLanguage) {
      let best = MIN_SIMILARITY;
      for (const a of answered) {
        if (a.occurredAt <= gap.firstSeenAt) continue;
        const score = lexicalSimilarity(gap.canonicalQuestion, a.question, language);
        if (score > best) {
          suggestions.set(gap.id, a.answer);
          best = score;
        }
      }
    }
  }
  return suggestions;
}

/** One gap's suggested answer as it stood at `before` (an approval), or null. */
export async function suggestedAnswerAsOf(
  tx: TenantTx,
  gap: GapForSuggestion,
  before: Date,
): Promise<string | null> {
  return (await suggestAnswers(tx, [gap], before)).get(gap.id) ?? null;
}
