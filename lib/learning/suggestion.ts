import "server-only";
import { and, desc, eq, gt, lt, sql } from "drizzle-orm";
import { learningSignals, type LearningGap } from "@/db/schema";
import type { TenantTx } from "@/lib/db/scopes";
import { lexicalSimilarity } from "./similarity";

// The suggested answer of a gap: the best later answer of the org's own conversations to the same
// question (a turn the detector counted as answered), when one is close enough. The gap's page
// shows it as of now (queries.ts, getGap: the same rule); the weekly report recomputes it as of
// the approval, to tell whether the admin kept it (adoption.ts).

const POOL = 500;
const MIN_SIMILARITY = 0.55;

export async function suggestedAnswerAsOf(
  tx: TenantTx,
  gap: Pick<LearningGap, "canonicalQuestion" | "language" | "firstSeenAt">,
  before: Date,
): Promise<string | null> {
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
        lt(learningSignals.occurredAt, before),
      ),
    )
    .orderBy(desc(learningSignals.occurredAt))
    .limit(POOL);
  let suggestion: string | null = null;
  let best = MIN_SIMILARITY;
  for (const a of answered) {
    const score = lexicalSimilarity(gap.canonicalQuestion, a.question, gap.language);
    if (score > best) [suggestion, best] = [a.answer, score];
  }
  return suggestion;
}
