import type { LearningLanguage } from "@/db/schema/learning";
import { agglomerate } from "./agglomerate";
import { cosine, lexical, type Similarity, type Vector } from "./similarity";

// Clustering unanswered questions into gaps. Two uses:
// - online, as signals arrive: a question joins the nearest open gap of its language when its
//   similarity to the gap's centroid reaches JOIN_THRESHOLD, else it opens a gap (nearestCluster);
// - the weekly pass (clusterQuestions): every open question of the period clustered again from
//   scratch, in an order that depends only on the questions themselves (sorted by text, then id),
//   with features weighed by their rarity in the set (Similarity.weighForSet): near-duplicates
//   gathered, then group-average agglomeration, then each question to the cluster it is most
//   alike (agglomerate.ts). The same set of questions therefore gives the same clusters whatever
//   order it arrived in. Thresholds tuned on `npm run bench:gaps` (figures in bench/README.md).

export const JOIN_THRESHOLD = 0.4;
/** Weekly pass: cosine at which a question joins a near-duplicate group. */
export const LEADER_THRESHOLD = 0.7;
/** Weekly pass: mean cosine of every cross pair at which two clusters merge. */
export const MERGE_THRESHOLD = 0.3;

export type QuestionItem = { id: string; question: string; language: LearningLanguage };
export type QuestionCluster = {
  language: LearningLanguage;
  /** Members ordered by id. */
  members: QuestionItem[];
  /** The most central member's question. */
  canonical: QuestionItem;
};

const byTextThenId = (a: QuestionItem, b: QuestionItem) =>
  a.question < b.question
    ? -1
    : a.question > b.question
      ? 1
      : a.id < b.id
        ? -1
        : a.id > b.id
          ? 1
          : 0;

/** The index of the centroid nearest to `v` at or above `threshold`, or -1 (ties: the lower index). */
export function nearestCluster(v: Vector, centroids: readonly Vector[], threshold: number): number {
  let best = -1;
  let bestScore = threshold;
  for (let i = 0; i < centroids.length; i++) {
    const score = cosine(v, centroids[i]!);
    if (score > bestScore || (best === -1 && score >= threshold)) [best, bestScore] = [i, score];
  }
  return best;
}

/** The member nearest to the centroid (ties: text, then id): a cluster's canonical question. */
export function canonicalOf(items: readonly QuestionItem[], vectors: readonly Vector[]): number {
  const sum = new Map<string, number>();
  for (const v of vectors) for (const [k, x] of v) sum.set(k, (sum.get(k) ?? 0) + x);
  let best = 0;
  let bestScore = -1;
  for (let i = 0; i < items.length; i++) {
    const score = cosine(vectors[i]!, sum);
    const better =
      score > bestScore + 1e-12 ||
      (Math.abs(score - bestScore) <= 1e-12 && byTextThenId(items[i]!, items[best]!) < 0);
    if (better) [best, bestScore] = [i, score];
  }
  return best;
}

function clusterOneLanguage(items: QuestionItem[], similarity: Similarity): QuestionCluster[] {
  const sorted = items.toSorted(byTextThenId);
  const vectors = sorted.map((i) => similarity.vectorize(i.question, i.language));
  const groups = agglomerate(similarity.weighForSet?.(vectors) ?? vectors, {
    leader: similarity.thresholds?.leader ?? LEADER_THRESHOLD,
    merge: similarity.thresholds?.merge ?? MERGE_THRESHOLD,
  });
  return groups.map((members) => {
    const memberItems = members.map((m) => sorted[m]!);
    const canonical =
      memberItems[
        canonicalOf(
          memberItems,
          members.map((m) => vectors[m]!),
        )
      ]!;
    return {
      language: canonical.language,
      members: memberItems.toSorted((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)),
      canonical,
    };
  });
}

/** Clusters `items` per language; the result depends only on the set of items, not their order. */
export function clusterQuestions(
  items: readonly QuestionItem[],
  similarity: Similarity = lexical,
): QuestionCluster[] {
  const byLanguage = new Map<LearningLanguage, QuestionItem[]>();
  for (const item of items) {
    const list = byLanguage.get(item.language) ?? [];
    list.push(item);
    byLanguage.set(item.language, list);
  }
  return [...byLanguage.keys()]
    .sort()
    .flatMap((language) => clusterOneLanguage(byLanguage.get(language)!, similarity))
    .sort((a, b) => byTextThenId(a.canonical, b.canonical));
}
