import type { LearningLanguage } from "@/db/schema/learning";
import { contentStems } from "./language";

// How alike two questions are, behind one interface so another measure (an embeddings provider)
// can stand in for the offline default. The default is lexical (docs/adr/0014): the stems of the
// words that carry meaning, plus character trigrams of those words (they catch "livraison" and
// "livrer", typos and plurals the stemmer leaves apart), each part L2-normalised, then weighed
// together; two questions compare by the cosine of their vectors. When a whole set is clustered
// (the weekly pass), features are also weighed by their rarity in that set (tf-idf).

export type Vector = ReadonlyMap<string, number>;

export interface Similarity {
  readonly name: string;
  vectorize(text: string, language: LearningLanguage): Vector;
  /**
   * The vectors of one set of questions clustered together, re-weighed by what the set says
   * (the lexical default: each feature by its rarity in the set). Depends on the set, never on
   * its order. Absent: the vectors are used as they are.
   */
  weighForSet?(vectors: readonly Vector[]): Vector[];
  /**
   * Its own cosine thresholds when its scale is not the lexical one (embeddings): joining a gap,
   * gathering near-duplicates, merging clusters. Absent: cluster.ts's constants.
   */
  readonly thresholds?: { join: number; leader: number; merge: number };
}

const STEM_WEIGHT = 1;
const TRIGRAM_WEIGHT = 0.6;

function normalise(counts: Map<string, number>, weight: number, into: Map<string, number>) {
  let norm = 0;
  for (const v of counts.values()) norm += v * v;
  norm = Math.sqrt(norm);
  if (norm === 0) return;
  for (const [k, v] of counts) into.set(k, (v / norm) * weight);
}

/**
 * Inverse document frequency over the set, smoothed (ln((n + 1) / (df + 1)) + 1, as
 * scikit-learn's TfidfVectorizer): words every caller uses ("order", "apartment", "price") weigh
 * less than the ones that tell questions apart ("deposit", "refund", "parking").
 */
function byRarity(vectors: readonly Vector[]): Vector[] {
  const df = new Map<string, number>();
  for (const v of vectors) for (const k of v.keys()) df.set(k, (df.get(k) ?? 0) + 1);
  const n = vectors.length;
  return vectors.map((v) => {
    const out = new Map<string, number>();
    for (const [k, x] of v) out.set(k, x * (Math.log((n + 1) / (df.get(k)! + 1)) + 1));
    return out;
  });
}

export const lexical: Similarity = {
  name: "lexical-v2",
  weighForSet: byRarity,
  vectorize(text, language) {
    const stems = contentStems(text, language);
    const words = new Map<string, number>();
    const grams = new Map<string, number>();
    for (const stem of stems) {
      words.set(`w:${stem}`, (words.get(`w:${stem}`) ?? 0) + 1);
      const padded = ` ${stem} `;
      for (let i = 0; i + 3 <= padded.length; i++) {
        const g = `c:${padded.slice(i, i + 3)}`;
        grams.set(g, (grams.get(g) ?? 0) + 1);
      }
    }
    const vector = new Map<string, number>();
    normalise(words, STEM_WEIGHT, vector);
    normalise(grams, TRIGRAM_WEIGHT, vector);
    return vector;
  },
};

export function dot(a: Vector, b: Vector): number {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let sum = 0;
  for (const [k, v] of small) {
    const w = large.get(k);
    if (w !== undefined) sum += v * w;
  }
  return sum;
}

export function norm(a: Vector): number {
  let sum = 0;
  for (const v of a.values()) sum += v * v;
  return Math.sqrt(sum);
}

export function cosine(a: Vector, b: Vector): number {
  const n = norm(a) * norm(b);
  return n === 0 ? 0 : dot(a, b) / n;
}

/** The cosine of two texts under the offline default. */
export function lexicalSimilarity(a: string, b: string, language: LearningLanguage): number {
  return cosine(lexical.vectorize(a, language), lexical.vectorize(b, language));
}

/** The mean of `vectors` (a cluster's centroid). */
export function centroid(vectors: readonly Vector[]): Vector {
  const sum = new Map<string, number>();
  for (const v of vectors) for (const [k, x] of v) sum.set(k, (sum.get(k) ?? 0) + x);
  for (const [k, x] of sum) sum.set(k, x / vectors.length);
  return sum;
}
