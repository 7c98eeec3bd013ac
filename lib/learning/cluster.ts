import type { LearningLanguage } from "@/db/schema/learning";
import { cosine, lexical, type Similarity, type Vector } from "./similarity";

// Clustering unanswered questions into gaps. Two uses:
// - online, as signals arrive: a question joins the nearest open gap of its language when its
//   similarity to the gap's centroid reaches JOIN_THRESHOLD, else it opens a gap (nearestCluster);
// - the weekly pass (clusterQuestions): every open question of the period clustered again from
//   scratch, in an order that depends only on the questions themselves (sorted by text, then id),
//   near-duplicate clusters merged, each question moved to its nearest final centroid. The same
//   set of questions therefore gives the same clusters whatever order it arrived in.

export const JOIN_THRESHOLD = 0.4;
export const MERGE_THRESHOLD = 0.5;

export type QuestionItem = { id: string; question: string; language: LearningLanguage };
export type QuestionCluster = {
  language: LearningLanguage;
  /** Members ordered by id. */
  members: QuestionItem[];
  /** The most central member's question. */
  canonical: QuestionItem;
};

type Working = { sum: Map<string, number>; count: number; items: number[] };

const centroidOf = (c: Working): Vector => {
  const v = new Map<string, number>();
  for (const [k, x] of c.sum) v.set(k, x / c.count);
  return v;
};

const add = (c: Working, v: Vector, index: number) => {
  for (const [k, x] of v) c.sum.set(k, (c.sum.get(k) ?? 0) + x);
  c.count++;
  c.items.push(index);
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
  // 1. Leader pass in the canonical order.
  let clusters: Working[] = [];
  let centroids: Vector[] = [];
  vectors.forEach((v, index) => {
    const at = nearestCluster(v, centroids, JOIN_THRESHOLD);
    if (at === -1) {
      const c: Working = { sum: new Map(), count: 0, items: [] };
      add(c, v, index);
      clusters.push(c);
      centroids.push(centroidOf(c));
    } else {
      add(clusters[at]!, v, index);
      centroids[at] = centroidOf(clusters[at]!);
    }
  });
  // 2. Merge near-duplicates, the most similar pair first (ties: the lower indexes).
  for (;;) {
    let pair: [number, number] | null = null;
    let bestScore = MERGE_THRESHOLD;
    for (let i = 0; i < centroids.length; i++) {
      for (let j = i + 1; j < centroids.length; j++) {
        const score = cosine(centroids[i]!, centroids[j]!);
        if (score > bestScore || (pair === null && score >= MERGE_THRESHOLD)) {
          pair = [i, j];
          bestScore = score;
        }
      }
    }
    if (!pair) break;
    const [i, j] = pair;
    const into = clusters[i]!;
    for (const index of clusters[j]!.items) add(into, vectors[index]!, index);
    clusters = clusters.filter((_, k) => k !== j);
    centroids = clusters.map(centroidOf);
  }
  // 3. Every question to its nearest final centroid (the leader pass is order-sensitive inside).
  const final: number[][] = centroids.map(() => []);
  vectors.forEach((v, index) => {
    const at = nearestCluster(v, centroids, -1);
    final[at === -1 ? 0 : at]!.push(index);
  });
  return final
    .filter((members) => members.length > 0)
    .map((members) => {
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
