import "server-only";
import { and, desc, eq, gt, sql } from "drizzle-orm";
import { learningSignals, type LearningLanguage } from "@/db/schema";
import type { TenantTx } from "@/lib/db/scopes";
import { lexicalSimilarity } from "./similarity";

// A suggested answer for a gap: the best later answer of the org's own conversations to the same
// question (a turn the detector counted as answered), when one is close enough. Shared by a gap's
// page and the review list (whose bulk approval approves these suggestions).

/** Answered turns read per language: the most recent ones. */
const ANSWERED_READ = 500;
const MIN_SIMILARITY = 0.55;

type GapForSuggestion = {
  id: string;
  language: LearningLanguage;
  canonicalQuestion: string;
  firstSeenAt: Date;
};

export async function suggestAnswers(
  tx: TenantTx,
  gaps: readonly GapForSuggestion[],
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
