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
// scaled to sum to 1: their sum acts as an inverse temperature (1.7 on the shipped 400-image sample,
// ~0.95 on the benchmark's task), and a sharper pool pushes hard but correctly labelled items under
// the cut (on the sample it flagged ~40 items for 20 flips at precision ~0.47; scaled, 22-27 at
// 0.67-0.82), so the cut's scale would depend on the dataset.

import { DataQualityInputError } from "./errors.ts";

/** Probabilities are clipped here before the log: a member's hard zero must not veto a class. */
const LOG_FLOOR = 1e-4;

/**
 * Flag cut for the pooled probabilities: items whose relative self-confidence (rankLabelIssues'
 * quality) is under this. The pool is sharper than the plain average, so its cut sits lower than
 * rankLabelIssues' default 0.1. Chosen on development seeds 1-5 of bench/data-loop.ts's task (never
 * the benchmark's seed 13) as the value of {0.02, 0.03, ..., 0.08, 0.1} that maximised the worst
 * seed's min(precision, recall), ties broken by the mean: 0.06 (worst 0.80, mean 0.83; cuts of 44-55
 * for 50 flips, every seed at precision and recall >= 0.80), against 0.80 / 0.82 at 0.05, 0.78 at
 * 0.07 and 0.75 at 0.1.
 */
export const POOLED_MAX_ISSUE_QUALITY = 0.06;

export interface PooledProbabilities {
  /** One row per item, summing to 1. */
  probabilities: Float32Array[];
  /** One non-negative weight per member, in the members' order, summing to 1. */
  weights: number[];
}

export interface PoolOptions {
  /** Gradient-ascent steps at most (default 400). */
  maxIterations?: number;
  /** Step size on the mean log-likelihood's gradient (default 0.5). */
  learningRate?: number;
}

/**
 * Combines several models' out-of-sample probabilities for the same items into one set:
 * p(c) ∝ Π_m p_m(c)^w_m, the weights w_m >= 0 those maximising the likelihood of `givenLabels`
 * (projected gradient ascent from equal weights) scaled to sum to 1. One member is returned as it is
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
  const learningRate = options.learningRate ?? 0.5;
  const z = new Float64Array(classCount);
  const gradient = new Float64Array(count);
  for (let iteration = 0; iteration < maxIterations && n > 0; iteration++) {
    gradient.fill(0);
    for (let i = 0; i < n; i++) {
      const q = pooledRow(logs, weights, i, classCount, z);
      // d/dw_m log q(y) = log p_m(y) - E_q[log p_m]
      for (let m = 0; m < count; m++) {
        const base = i * classCount;
        let expected = 0;
        for (let c = 0; c < classCount; c++) expected += q[c]! * logs[m]![base + c]!;
        gradient[m]! += logs[m]![base + givenLabels[i]!]! - expected;
      }
    }
    let largestStep = 0;
    for (let m = 0; m < count; m++) {
      const next = Math.max(0, weights[m]! + (learningRate * gradient[m]!) / n);
      largestStep = Math.max(largestStep, Math.abs(next - weights[m]!));
      weights[m] = next;
    }
    if (largestStep < 1e-5) break;
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
