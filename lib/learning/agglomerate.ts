import type { Vector } from "./similarity";

// The clustering core of the weekly pass, on vectors in a fixed order (cluster.ts sorts the
// questions first, so the result depends only on the set):
// 1. a leader pass gathers near-duplicates ("Where is my order?" asked fifty times, with fillers
//    and typos) into micro-clusters, at a high threshold, through an inverted index so 10,000
//    questions cost a few seconds, not a quadratic scan;
// 2. group-average agglomeration of the micro-clusters: the pair whose members are most alike on
//    average (the mean cosine of every cross pair) merges first, until no pair reaches the merge
//    threshold. For unit vectors that mean is dot(sum A, sum B) / (|A|·|B|), and sums add when
//    clusters merge, so the pair table is updated by additions and never recomputed (exact
//    Lance–Williams update). Average linkage keeps a cluster from growing by chaining through one
//    borderline member, which single and centroid linkage do not;
// 3. every question to the final cluster it is on average most alike (fixes what the leader
//    pass's order put together).

export type AgglomerateOptions = {
  /** Cosine at which a vector joins a micro-cluster's centroid in the leader pass. */
  leader: number;
  /** Mean cross-pair cosine at or above which two clusters merge. */
  merge: number;
};

type Sparse = { ids: Int32Array; vals: Float64Array };

function intern(vectors: readonly Vector[]): { items: Sparse[]; features: number } {
  const index = new Map<string, number>();
  const items = vectors.map((v) => {
    const ids = new Int32Array(v.size);
    const vals = new Float64Array(v.size);
    let n = 0;
    let norm = 0;
    for (const x of v.values()) norm += x * x;
    norm = Math.sqrt(norm) || 1;
    for (const [k, x] of v) {
      let id = index.get(k);
      if (id === undefined) index.set(k, (id = index.size));
      ids[n] = id;
      vals[n++] = x / norm;
    }
    return { ids, vals };
  });
  return { items, features: index.size };
}

/**
 * Sums of clusters kept as an inverted index (feature → the clusters holding it, with their
 * summed weight), grown by adding: scoring a vector against every cluster reads only the
 * clusters that share a feature with it.
 */
class Sums {
  readonly sizes: number[] = [];
  readonly norms2: number[] = [];
  /** Per cluster: feature → position of the cluster in that feature's posting. */
  private readonly at: Map<number, number>[] = [];
  private readonly postingClusters: number[][];
  private readonly postingValues: number[][];
  constructor(features: number) {
    this.postingClusters = Array.from({ length: features }, () => []);
    this.postingValues = Array.from({ length: features }, () => []);
  }
  get count() {
    return this.sizes.length;
  }
  open(): number {
    this.at.push(new Map());
    this.sizes.push(0);
    this.norms2.push(0);
    return this.sizes.length - 1;
  }
  add(c: number, item: Sparse, dotWithSum: number) {
    const at = this.at[c]!;
    let self = 0;
    for (let i = 0; i < item.ids.length; i++) {
      const f = item.ids[i]!;
      const x = item.vals[i]!;
      const pos = at.get(f);
      if (pos === undefined) {
        at.set(f, this.postingClusters[f]!.length);
        this.postingClusters[f]!.push(c);
        this.postingValues[f]!.push(x);
      } else {
        const values = this.postingValues[f]!;
        values[pos] = values[pos]! + x;
      }
      self += x * x;
    }
    this.norms2[c] = this.norms2[c]! + 2 * dotWithSum + self;
    this.sizes[c]!++;
  }
  /** The sum of cluster c as feature → weight. */
  sum(c: number): Map<number, number> {
    const out = new Map<number, number>();
    for (const [f, pos] of this.at[c]!) out.set(f, this.postingValues[f]![pos]!);
    return out;
  }
  /** dot(item, sum of c) for every cluster c sharing a feature with the item, into `out`. */
  dots(item: Sparse, out: Float64Array, touched: number[]) {
    touched.length = 0;
    for (let i = 0; i < item.ids.length; i++) {
      const f = item.ids[i]!;
      const x = item.vals[i]!;
      const clusters = this.postingClusters[f]!;
      const values = this.postingValues[f]!;
      for (let p = 0; p < clusters.length; p++) {
        const c = clusters[p]!;
        if (out[c] === 0) touched.push(c);
        out[c] = out[c]! + x * values[p]!;
      }
    }
  }
}

function leaderPass(items: Sparse[], features: number, threshold: number) {
  const sums = new Sums(features);
  const assignment: number[] = [];
  let scores = new Float64Array(64);
  const touched: number[] = [];
  for (const item of items) {
    if (scores.length < sums.count + 1) scores = new Float64Array(scores.length * 2);
    sums.dots(item, scores, touched);
    let best = -1;
    let bestScore = threshold;
    // `touched` is in no particular order: ties go to the lower index explicitly.
    for (const c of touched) {
      const score = scores[c]! / Math.sqrt(sums.norms2[c]!);
      const better =
        best === -1 ? score >= threshold : score > bestScore || (score === bestScore && c < best);
      if (better) [best, bestScore] = [c, score];
    }
    const dot = best === -1 ? 0 : scores[best]!;
    for (const c of touched) scores[c] = 0;
    const at = best === -1 ? sums.open() : best;
    sums.add(at, item, dot);
    assignment.push(at);
  }
  return { sums, assignment };
}

/** Group-average agglomeration of the micro-clusters: which final cluster each one ends in. */
function averageLinkage(micro: Sums, threshold: number): number[] {
  const k = micro.count;
  // dot(sum i, sum j) for i < j, through the inverted index of the micro-clusters' sums.
  const dots = new Float64Array(k * k);
  const byFeature = new Map<number, { c: number[]; v: number[] }>();
  for (let c = 0; c < k; c++) {
    for (const [f, v] of micro.sum(c)) {
      const posting = byFeature.get(f) ?? { c: [], v: [] };
      posting.c.push(c);
      posting.v.push(v);
      byFeature.set(f, posting);
    }
  }
  for (const { c, v } of byFeature.values()) {
    for (let a = 0; a < c.length; a++) {
      const row = c[a]! * k;
      for (let b = a + 1; b < c.length; b++) {
        const cell = row + c[b]!;
        dots[cell] = dots[cell]! + v[a]! * v[b]!;
      }
    }
  }
  const dot = (i: number, j: number) => (i < j ? dots[i * k + j]! : dots[j * k + i]!);
  const size = micro.sizes.slice();
  const alive = new Uint8Array(k).fill(1);
  const link = (i: number, j: number) => dot(i, j) / (size[i]! * size[j]!);
  // Each live cluster's best partner above it in index order (ties: the lower index).
  const best = new Int32Array(k).fill(-1);
  const bestScore = new Float64Array(k).fill(-Infinity);
  const refresh = (i: number) => {
    best[i] = -1;
    bestScore[i] = -Infinity;
    for (let j = i + 1; j < k; j++) {
      if (!alive[j]) continue;
      const s = link(i, j);
      if (s > bestScore[i]!) [best[i], bestScore[i]] = [j, s];
    }
  };
  for (let i = 0; i < k; i++) refresh(i);
  const into = Array.from({ length: k }, (_, i) => i);
  for (;;) {
    let i = -1;
    for (let a = 0; a < k; a++) {
      if (alive[a] && best[a] !== -1 && (i === -1 || bestScore[a]! > bestScore[i]!)) i = a;
    }
    if (i === -1 || bestScore[i]! < threshold) break;
    const j = best[i]!;
    // j into i: the sums add, so every dot with the merged cluster is the sum of the two.
    for (let m = 0; m < k; m++) {
      if (!alive[m] || m === i || m === j) continue;
      const merged = dot(i, m) + dot(j, m);
      if (i < m) dots[i * k + m] = merged;
      else dots[m * k + i] = merged;
    }
    size[i] = size[i]! + size[j]!;
    alive[j] = 0;
    into[j] = i;
    for (let a = 0; a < k; a++) {
      if (!alive[a]) continue;
      if (a === i || best[a] === i || best[a] === j) refresh(a);
      else if (a < i) {
        const s = link(a, i);
        if (s > bestScore[a]! || (s === bestScore[a]! && i < best[a]!)) {
          [best[a], bestScore[a]] = [i, s];
        }
      }
    }
  }
  const root = (c: number): number => (into[c] === c ? c : (into[c] = root(into[c]!)));
  return Array.from({ length: k }, (_, c) => root(c));
}

/** Groups of `vectors` indexes (each ascending; groups by their first index). */
export function agglomerate(vectors: readonly Vector[], options: AgglomerateOptions): number[][] {
  if (vectors.length === 0) return [];
  const { items, features } = intern(vectors);
  const { sums: micro, assignment } = leaderPass(items, features, options.leader);
  const final = averageLinkage(micro, options.merge);
  // Final sums, then every item to the cluster it is on average most alike.
  const roots = [...new Set(final)].sort((a, b) => a - b);
  const slot = new Map(roots.map((r, i) => [r, i]));
  const sums = new Sums(features);
  for (const _ of roots) sums.open();
  const home = items.map((item, n) => {
    const at = slot.get(final[assignment[n]!]!)!;
    sums.add(at, item, 0); // sums and sizes only: the norms are not read from here on
    return at;
  });
  const groups: number[][] = roots.map(() => []);
  const scores = new Float64Array(roots.length);
  const touched: number[] = [];
  items.forEach((item, n) => {
    sums.dots(item, scores, touched);
    // Its own cluster scored without itself (a question is always alike itself).
    let at = home[n]!;
    const own = sums.sizes[at]!;
    let atScore = own === 1 ? Infinity : (scores[at]! - 1) / (own - 1);
    for (const c of touched) {
      if (c === home[n]) continue;
      const s = scores[c]! / sums.sizes[c]!;
      if (s > atScore || (s === atScore && c < at)) [at, atScore] = [c, s];
    }
    for (const c of touched) scores[c] = 0;
    groups[at]!.push(n);
  });
  return groups.filter((g) => g.length > 0).sort((a, b) => a[0]! - b[0]!);
}
