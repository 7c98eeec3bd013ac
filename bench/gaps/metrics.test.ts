import { describe, expect, it } from "vitest";
import { clusteringScores, nearestNeighbourAgreement } from "./metrics";

// Known values (worked by hand; scikit-learn's homogeneity_score, completeness_score and
// v_measure_score give the same on these examples).

const labels = (s: string) => [...s];

describe("homogeneity, completeness and V-measure", () => {
  it("scores a perfect clustering 1 whatever the cluster names", () => {
    expect(clusteringScores(labels("aabb"), labels("xxyy"))).toEqual({
      homogeneity: 1,
      completeness: 1,
      vMeasure: 1,
    });
  });

  it("splitting a class keeps homogeneity and costs completeness", () => {
    // H(C) = ln 2, H(C|K) = 0; H(K) = 1.5 ln 2, H(K|C) = 0.5 ln 2 → c = 2/3, V = 0.8.
    const s = clusteringScores(labels("aabb"), labels("xxyz"));
    expect(s.homogeneity).toBeCloseTo(1, 12);
    expect(s.completeness).toBeCloseTo(2 / 3, 12);
    expect(s.vMeasure).toBeCloseTo(0.8, 12);
  });

  it("merging two classes keeps completeness and costs homogeneity", () => {
    const s = clusteringScores(labels("aabc"), labels("xxyy"));
    expect(s.homogeneity).toBeCloseTo(2 / 3, 12);
    expect(s.completeness).toBeCloseTo(1, 12);
    expect(s.vMeasure).toBeCloseTo(0.8, 12);
  });

  it("one cluster for everything is complete and not homogeneous at all", () => {
    expect(clusteringScores(labels("aabb"), labels("xxxx"))).toEqual({
      homogeneity: 0,
      completeness: 1,
      vMeasure: 0,
    });
  });

  it("a clustering unrelated to the classes scores 0", () => {
    // Each cluster holds one a and one b: knowing the cluster says nothing about the class.
    const s = clusteringScores(labels("aabb"), labels("xyxy"));
    expect(s.homogeneity).toBeCloseTo(0, 12);
    expect(s.completeness).toBeCloseTo(0, 12);
    expect(s.vMeasure).toBeCloseTo(0, 12);
  });

  it("refuses labels and clusters of different lengths", () => {
    expect(() => clusteringScores(["a"], [])).toThrow();
  });
});

describe("nearest-neighbour agreement", () => {
  // Items on a line; similarity is closeness. a a b b: each item's nearest is its own class.
  const at = (xs: number[]) => (i: number, j: number) => -Math.abs(xs[i]! - xs[j]!);

  it("is 1 when every item's nearest other item shares its class", () => {
    expect(nearestNeighbourAgreement(labels("aabb"), at([0, 1, 10, 11]))).toBe(1);
  });

  it("counts the items whose nearest other item is of another class", () => {
    // 0 → 1 (a: agrees), 1 → 2 (b: not), 2 → 1 (a: not), 3 → 2 (b: agrees).
    expect(nearestNeighbourAgreement(labels("aabb"), at([0, 5, 6, 12]))).toBe(0.5);
  });

  it("breaks ties toward the lower index", () => {
    // Item 1 is as close to 0 (a) as to 2 (b): the lower index wins, so it agrees (2 of 3; the
    // higher index would give 1 of 3). Item 2's nearest is 1, of another class.
    expect(nearestNeighbourAgreement(labels("aab"), at([0, 1, 2]))).toBeCloseTo(2 / 3, 12);
  });
});
