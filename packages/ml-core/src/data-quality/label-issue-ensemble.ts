// How the label-issue ensemble combines its members' out-of-fold probabilities: a log-linear pool
// (a weighted geometric mean, renormalised) whose weights are fitted by maximum likelihood of the
// GIVEN labels, and the flag cut that goes with it.
//
// Why a fitted pool rather than the plain average: the members differ in calibration and strength
// (on the benchmark's task the pixel kNN vote and the head on 96-px embeddings reach 0.65-0.75
// accuracy, the regressions 0.76-0.80), and an equal average lets the weak ones blur the ranking.
// Fitting one weight per member on the given labels needs no flip truth: a member that spreads its
// probability where the labels are not gets a small weight. Five weights on ~1,000 items barely
// overfit, and mislabelled items are a small share of the likelihood. The fitted weights are then
// scaled to sum to 1: their sum acts as an inverse temperature (it differs from dataset to dataset,
// ~1.7 on the shipped 400-image sample), and a sharper pool pushes hard but correctly labelled items
// under the cut, so the cut's scale would depend on the dataset.
//
// Measured on the Fashion-MNIST task of bench/data-loop.ts (5 members, 50 flips in 1,000 labels):
// average precision 0.907 -> 0.918 (mean of development seeds 1-5), 0.847 -> 0.877 on the benchmark's
// seed 13. On the shipped sample (the four pixel members, 400 images, 20 flips, three flip seeds)
// 0.82-0.88 -> 0.88-0.91, flagging 21-25 at precision 0.71-0.86 and recall 0.85-0.90 (the plain
// average with cut 0.1: 23-27 at 0.67-0.74 and 0.85-0.95).

import { DataQualityInputError } from "./errors.ts";

/** Probabilities are clipped here before the log: a member's hard zero must not veto a class. */
const LOG_FLOOR = 1e-4;

/**
 * Flag cut for the pooled probabilities: items whose relative self-confidence (rankLabelIssues'
 * quality) is under this. The pool is sharper than the plain average, so its cut sits lower than
 * rankLabelIssues' default 0.1. Chosen on development seeds 1-5 of bench/data-loop.ts's task (never
 * the benchmark's seed 13) as the value of {0.02, 0.03, ..., 0.08, 0.1} that maximised the worst
 * seed's min(precision, recall): 0.05 (worst 0.80, mean 0.83; cuts of 44-53 for 50 flips), against
 * 0.79 at 0.06, 0.80 / 0.82 at 0.07 and 0.73 at 0.1. Then measured on fresh seeds 6-8: precision /
 * recall 0.83 / 0.78, 0.87 / 0.90, 0.88 / 0.84 (the plain average with cut 0.1: 0.84 / 0.76,
 * 0.83 / 0.90, 0.90 / 0.86).
 */
export const POOLED_MAX_ISSUE_QUALITY = 0.05;

export interface PooledProbabilities {
  /** One row per item, summing to 1. */
  probabilities: Float32Array[];
  /** One non-negative weight per member, in the members' order, summing to 1. */
  weights: number[];
}

export interface PoolOptions {
  /** Gradient-ascent steps at most (default 400). */
  maxIterations?: number;
  /** First step size on the mean log-likelihood's gradient (default 0.5; halved or grown as it goes). */
  learningRate?: number;
}

/**
 * Combines several models' out-of-sample probabilities for the same items into one set:
 * p(c) ∝ Π_m p_m(c)^w_m, the weights w_m >= 0 those maximising the likelihood of `givenLabels`
 * (projected gradient ascent with backtracking, from equal weights) scaled to sum to 1. One member is returned as it is
 * (renormalised after the floor).
 */
export function poolLabelIssueMembers(
  members: ArrayLike<number>[][],
  givenLabels: number[],
  classCount: number,
  options: PoolOptions = {},
): PooledProbabilities {
  if (members.length === 0) throw new DataQualityInputError("poolLabelIssueMembers needs at least one member");
  const n = givenLabels.length;
  members.forEach((member, m) => {
    if (member.length !== n) {
      throw new DataQualityInputError(`member ${m} has ${member.length} rows for ${n} labels`);
    }
  });
  const count = members.length;
  // logs[m][i * classCount + c] = log max(p_m(c | item i), floor)
  const logs = members.map((member, m) =>
    Float64Array.from({ length: n * classCount }, (_, k) => {
      const row = member[Math.floor(k / classCount)]!;
      if (row.length !== classCount) {
        throw new DataQualityInputError(`member ${m} has rows of ${row.length} classes, expected ${classCount}`);
      }
      return Math.log(Math.max(row[k % classCount]!, LOG_FLOOR));
    }),
  );
  givenLabels.forEach((label, i) => {
    if (!Number.isInteger(label) || label < 0 || label >= classCount) {
      throw new DataQualityInputError(`given label ${label} of item ${i} is not a class index below ${classCount}`);
    }
  });
  const weights = new Array<number>(count).fill(1 / count);
  const maxIterations = options.maxIterations ?? 400;
  let step = options.learningRate ?? 0.5;
  const z = new Float64Array(classCount);
  const gradient = new Float64Array(count);
  const trial = new Array<number>(count);
  /** Mean log-likelihood of the given labels under the pool with weights `w`; fills `gradient` if asked. */
  const likelihood = (w: number[], withGradient: boolean): number => {
    if (withGradient) gradient.fill(0);
    let total = 0;
    for (let i = 0; i < n; i++) {
      const q = pooledRow(logs, w, i, classCount, z);
      const base = i * classCount;
      total += Math.log(Math.max(q[givenLabels[i]!]!, Number.MIN_VALUE));
      if (!withGradient) continue;
      // d/dw_m log q(y) = log p_m(y) - E_q[log p_m]
      for (let m = 0; m < count; m++) {
        let expected = 0;
        for (let c = 0; c < classCount; c++) expected += q[c]! * logs[m]![base + c]!;
        gradient[m]! += logs[m]![base + givenLabels[i]!]! - expected;
      }
    }
    return total / Math.max(1, n);
  };
  // Projected gradient ascent with a backtracking step: a fixed step can overshoot and then swing
  // between two points for ever (it did on the benchmark's task with step 0.5), so a step is only
  // taken when it raises the likelihood, halved until it does, and grown again after a success.
  let current = likelihood(weights, true);
  for (let iteration = 0; iteration < maxIterations && n > 0; iteration++) {
    let accepted = false;
    let largestMove = 0;
    for (let tries = 0; tries < 40 && !accepted; tries++) {
      largestMove = 0;
      for (let m = 0; m < count; m++) {
        trial[m] = Math.max(0, weights[m]! + (step * gradient[m]!) / n);
        largestMove = Math.max(largestMove, Math.abs(trial[m]! - weights[m]!));
      }
      if (largestMove === 0) break;
      const next = likelihood(trial, false);
      if (next > current) {
        accepted = true;
        current = next;
        for (let m = 0; m < count; m++) weights[m] = trial[m]!;
        step *= 1.5;
      } else {
        step /= 2;
      }
    }
    // Converged: no better point along the gradient, or the weights barely move.
    if (!accepted || largestMove < 1e-6) break;
    current = likelihood(weights, true);
  }
  const sum = weights.reduce((a, b) => a + b, 0);
  // Every weight at 0 means no member explains the given labels better than a uniform guess: equal weights then.
  for (let m = 0; m < count; m++) weights[m] = sum > 0 ? weights[m]! / sum : 1 / count;
  const probabilities = Array.from({ length: n }, (_, i) =>
    Float32Array.from(pooledRow(logs, weights, i, classCount, z)),
  );
  return { probabilities, weights };
}

/** softmax_c(Σ_m w_m log p_m(c)) for item i, written into (and returned as) `out`. */
function pooledRow(
  logs: Float64Array[],
  weights: number[],
  i: number,
  classCount: number,
  out: Float64Array,
): Float64Array {
  const base = i * classCount;
  let max = Number.NEGATIVE_INFINITY;
  for (let c = 0; c < classCount; c++) {
    let s = 0;
    for (let m = 0; m < logs.length; m++) s += weights[m]! * logs[m]![base + c]!;
    out[c] = s;
    if (s > max) max = s;
  }
  let total = 0;
  for (let c = 0; c < classCount; c++) {
    out[c] = Math.exp(out[c]! - max);
    total += out[c]!;
  }
  for (let c = 0; c < classCount; c++) out[c]! /= total;
  return out;
}
