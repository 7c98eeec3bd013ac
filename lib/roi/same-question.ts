import type { LearningLanguage } from "@/db/schema/learning";
import { JOIN_THRESHOLD } from "@/lib/learning/cluster";
import { contentStems } from "@/lib/learning/language";
import { lexicalSimilarity } from "@/lib/learning/similarity";

// "The same question" for the resolution rule (classify.ts): two conversations of one caller ask
// the same thing when a question of the later one is in the same learning gap as a question of
// the first, or is as close to it as the learning module needs to put two questions in one gap
// (its lexical similarity, JOIN_THRESHOLD). The questions are the learning signals' (lib/learning:
// what the caller said before each agent turn). Pure, so the rollup and its tests share it.

export type AskedQuestion = { question: string; language: LearningLanguage; gapId: string | null };

/** As alike as two questions of one learning gap must be (lib/learning/cluster.ts). */
export const SAME_QUESTION_SIMILARITY = JOIN_THRESHOLD;

/**
 * A turn that asks something: at least two words that carry meaning, and a question mark or a
 * third such word. "Okay, thanks." or "Hello?" before an agent turn is not a question, and would
 * otherwise match every other call's goodbye.
 */
export function isSubstantive(q: AskedQuestion): boolean {
  const stems = contentStems(q.question, q.language).length;
  return stems >= 2 && (q.question.trim().endsWith("?") || stems >= 3);
}

/**
 * Did the later conversation ask again what the first one asked? When either has no question to
 * compare (no transcript, signals not built yet, only small talk), Luneo cannot tell, and counts
 * it as asked again: the resolution rate errs on the modest side.
 */
export function askedAgain(first: readonly AskedQuestion[], later: readonly AskedQuestion[]) {
  const before = first.filter(isSubstantive);
  const after = later.filter(isSubstantive);
  if (before.length === 0 || after.length === 0) return true;
  return before.some((a) =>
    after.some(
      (b) =>
        (a.gapId !== null && a.gapId === b.gapId) ||
        (a.language === b.language &&
          lexicalSimilarity(a.question, b.question, a.language) >= SAME_QUESTION_SIMILARITY),
    ),
  );
}
