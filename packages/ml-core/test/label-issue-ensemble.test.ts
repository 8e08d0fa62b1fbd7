// The label-issue ensemble's pool: weights fitted on the given labels favour the member that explains
// them, the pooled rows are distributions, and planted flips rank higher than with the weak member
// weighted equally.
import { describe, expect, it } from "vitest";
import {
  averageProbabilities,
  DataQualityInputError,
  POOLED_MAX_ISSUE_QUALITY,
  poolLabelIssueMembers,
  precisionRecallCurve,
  rankLabelIssues,
  TrainingRng,
} from "../src/index.ts";

const CLASSES = 4;

/** A member that puts `sharpness` of its mass on `believed[i]` and spreads the rest. */
function member(believed: number[], sharpness: number): Float32Array[] {
  return believed.map((c) => {
    const row = new Float32Array(CLASSES).fill((1 - sharpness) / (CLASSES - 1));
    row[c] = sharpness;
    return row;
  });
}

/** 400 items, 5% of their labels flipped; a good model that knows the true class of 90% of them, a noisy one. */
function task(seed: number) {
  const rng = new TrainingRng(seed);
  const truth = Array.from({ length: 400 }, (_, i) => i % CLASSES);
  const flipped = new Set(rng.permutation(truth.length).slice(0, 20));
  const given = truth.map((c, i) => (flipped.has(i) ? (c + 1 + rng.int(CLASSES - 1)) % CLASSES : c));
  const goodBelief = truth.map((c) => (rng.next() < 0.9 ? c : rng.int(CLASSES)));
  const noisyBelief = truth.map((c) => (rng.next() < 0.4 ? c : rng.int(CLASSES)));
  return { given, flipped, good: member(goodBelief, 0.8), noisy: member(noisyBelief, 0.9) };
}

const averagePrecisionOf = (probabilities: ArrayLike<number>[], given: number[], flipped: Set<number>) => {
  const ranking = rankLabelIssues(probabilities, given, CLASSES, { maxQuality: POOLED_MAX_ISSUE_QUALITY });
  return precisionRecallCurve(
    ranking.ranking.map((item) => -item.quality),
    ranking.ranking.map((item) => flipped.has(item.index)),
  ).averagePrecision;
};

describe("poolLabelIssueMembers", () => {
  it("weights the member that explains the given labels, and ranks flips better than the plain average", () => {
    const { given, flipped, good, noisy } = task(3);
    const pool = poolLabelIssueMembers([good, noisy], given, CLASSES);
    expect(pool.weights).toHaveLength(2);
    expect(pool.weights[0]! + pool.weights[1]!).toBeCloseTo(1, 6);
    expect(pool.weights[0]!).toBeGreaterThan(0.7);
    for (const row of pool.probabilities) {
      expect(row.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
      for (const p of row) expect(p).toBeGreaterThan(0);
    }
    const pooled = averagePrecisionOf(pool.probabilities, given, flipped);
    const averaged = averagePrecisionOf(averageProbabilities([good, noisy]), given, flipped);
    expect(pooled).toBeGreaterThan(averaged);
  });

  it("settles on its weights instead of swinging between two points", () => {
    const { given, good, noisy } = task(11);
    const third = member(
      given.map((c, i) => (i % 3 === 0 ? (c + 1) % CLASSES : c)),
      0.6,
    );
    const at = (maxIterations: number) =>
      poolLabelIssueMembers([good, noisy, third], given, CLASSES, { maxIterations }).weights;
    const [a, b] = [at(400), at(401)];
    a.forEach((w, m) => expect(Math.abs(w - b[m]!)).toBeLessThan(1e-4));
    // A first step far too large is cut back rather than overshooting.
    const wild = poolLabelIssueMembers([good, noisy, third], given, CLASSES, { learningRate: 1000 }).weights;
    wild.forEach((w, m) => expect(Math.abs(w - a[m]!)).toBeLessThan(0.01));
  });

  it("keeps one member's ranking and survives hard zeros", () => {
    const { given, good } = task(5);
    const zeros = good.map((row) => row.map((p) => (p < 0.5 ? 0 : 1)));
    const single = poolLabelIssueMembers([zeros], given, CLASSES);
    expect(single.weights).toEqual([1]);
    single.probabilities.forEach((row, i) => {
      expect(Number.isFinite(row[0]!)).toBe(true);
      expect(row.indexOf(Math.max(...row))).toBe(zeros[i]!.indexOf(1));
    });
  });

  it("says what is wrong with its input", () => {
    const { given, good } = task(7);
    expect(() => poolLabelIssueMembers([], given, CLASSES)).toThrow(DataQualityInputError);
    expect(() => poolLabelIssueMembers([good.slice(1)], given, CLASSES)).toThrow(/399 rows for 400 labels/);
    expect(() => poolLabelIssueMembers([good], given, CLASSES + 1)).toThrow(/rows of 4 classes, expected 5/);
    expect(() => poolLabelIssueMembers([good], [...given.slice(1), 9], CLASSES)).toThrow(/given label 9/);
  });
});
