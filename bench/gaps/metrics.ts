// Clustering quality against labels: homogeneity, completeness and V-measure as Rosenberg and
// Hirschberg define them (EMNLP 2007), the same entropy-based definitions scikit-learn implements.
// - homogeneity: each cluster holds members of one class only, 1 − H(C|K) / H(C);
// - completeness: all members of a class are in one cluster, 1 − H(K|C) / H(K);
// - V-measure: their harmonic mean.
// By convention a score is 1 when its denominator entropy is 0 (one class, or one cluster).

export type Scores = { homogeneity: number; completeness: number; vMeasure: number };

const entropy = (counts: Iterable<number>, total: number) => {
  let h = 0;
  for (const n of counts) if (n > 0) h -= (n / total) * Math.log(n / total);
  return h;
};

/** H(A|B): the entropy of A left once B is known, from the contingency table `joint[a][b]`. */
function conditionalEntropy(
  joint: Map<string, Map<string, number>>,
  bTotals: Map<string, number>,
  total: number,
) {
  let h = 0;
  for (const row of joint.values()) {
    for (const [b, n] of row) h -= (n / total) * Math.log(n / bTotals.get(b)!);
  }
  return h;
}

/** `classes[i]` is item i's true label, `clusters[i]` the cluster it was put in. */
export function clusteringScores(classes: readonly string[], clusters: readonly string[]): Scores {
  if (classes.length !== clusters.length) throw new Error("one cluster per labelled item");
  const total = classes.length;
  if (total === 0) return { homogeneity: 1, completeness: 1, vMeasure: 1 };
  const byClass = new Map<string, Map<string, number>>();
  const byCluster = new Map<string, Map<string, number>>();
  const classTotals = new Map<string, number>();
  const clusterTotals = new Map<string, number>();
  for (let i = 0; i < total; i++) {
    const c = classes[i]!;
    const k = clusters[i]!;
    classTotals.set(c, (classTotals.get(c) ?? 0) + 1);
    clusterTotals.set(k, (clusterTotals.get(k) ?? 0) + 1);
    const row = byClass.get(c) ?? new Map<string, number>();
    row.set(k, (row.get(k) ?? 0) + 1);
    byClass.set(c, row);
    const column = byCluster.get(k) ?? new Map<string, number>();
    column.set(c, (column.get(c) ?? 0) + 1);
    byCluster.set(k, column);
  }
  const hC = entropy(classTotals.values(), total);
  const hK = entropy(clusterTotals.values(), total);
  const homogeneity = hC === 0 ? 1 : 1 - conditionalEntropy(byClass, clusterTotals, total) / hC;
  const completeness = hK === 0 ? 1 : 1 - conditionalEntropy(byCluster, classTotals, total) / hK;
  const vMeasure =
    homogeneity + completeness === 0
      ? 0
      : (2 * homogeneity * completeness) / (homogeneity + completeness);
  return { homogeneity, completeness, vMeasure };
}

/**
 * The share of items whose most similar other item (ties: the lower index) has the same class:
 * how well a similarity tells intents apart before any clustering. A clustering can hardly be more
 * homogeneous at a useful completeness than this lets it be. `similarity(i, j)` for i ≠ j.
 */
export function nearestNeighbourAgreement(
  classes: readonly string[],
  similarity: (i: number, j: number) => number,
): number {
  const n = classes.length;
  if (n < 2) return 1;
  let agree = 0;
  for (let i = 0; i < n; i++) {
    let best = -1;
    let bestScore = -Infinity;
    for (let j = 0; j < n; j++) {
      if (j === i) continue;
      const s = similarity(i, j);
      if (s > bestScore) [best, bestScore] = [j, s];
    }
    if (classes[best] === classes[i]) agree++;
  }
  return agree / n;
}
