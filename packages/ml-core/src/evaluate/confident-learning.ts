import { checkProbabilities, EvaluationInputError } from "./validate.ts";

export interface LabelIssue {
  index: number;
  givenLabel: number;
  /** The class the out-of-sample model confidently believes instead. */
  suggestedLabel: number;
  /** Out-of-sample probability of the given label. */
  selfConfidence: number;
  /** probability(suggested) - probability(given): the ranking key, larger = more suspicious. */
  margin: number;
}

export interface ConfidentLearningResult {
  /** Per-class threshold t_j = mean probability of class j over items labelled j. */
  thresholds: number[];
  /** confidentJoint[given][confident] = count of items labelled `given` confidently in `confident`. */
  confidentJoint: number[][];
  /** Off-diagonal entries of the confident joint, most suspicious first. */
  issues: LabelIssue[];
}

/**
 * Confident learning (Northcutt et al., 2021) on out-of-sample probabilities: an item is counted
 * as confidently belonging to class j when p_j reaches class j's own average self-confidence; items
 * whose confident class differs from their given label are label-issue candidates. The probabilities
 * must be out-of-sample (e.g. from k-fold cross-validation), otherwise the model has memorised the
 * given labels and finds nothing.
 */
export function findLabelIssues(
  probabilities: ArrayLike<number>[],
  givenLabels: number[],
  classCount: number,
): ConfidentLearningResult {
  checkProbabilities(probabilities, givenLabels, classCount);
  const sums = new Array<number>(classCount).fill(0);
  const counts = new Array<number>(classCount).fill(0);
  probabilities.forEach((row, i) => {
    sums[givenLabels[i]] += row[givenLabels[i]];
    counts[givenLabels[i]]++;
  });
  // A class with no labelled items gets an unreachable threshold: nothing can be confidently in it.
  const thresholds = sums.map((s, j) => (counts[j] === 0 ? Number.POSITIVE_INFINITY : s / counts[j]));
  const confidentJoint = Array.from({ length: classCount }, () => new Array<number>(classCount).fill(0));
  const issues: LabelIssue[] = [];
  probabilities.forEach((row, index) => {
    let confident = -1;
    for (let j = 0; j < classCount; j++) {
      if (row[j] >= thresholds[j] && (confident < 0 || row[j] > row[confident])) confident = j;
    }
    if (confident < 0) return;
    const given = givenLabels[index];
    confidentJoint[given][confident]++;
    if (confident !== given) {
      issues.push({
        index,
        givenLabel: given,
        suggestedLabel: confident,
        selfConfidence: row[given],
        margin: row[confident] - row[given],
      });
    }
  });
  issues.sort((a, b) => b.margin - a.margin || a.index - b.index);
  return { thresholds, confidentJoint, issues };
}

export const DEFAULT_MAX_ISSUE_QUALITY = 0.1;

export type LabelIssueRankBy = "relative_self_confidence" | "self_confidence" | "normalized_margin";

export interface RankedLabelIssue {
  index: number;
  givenLabel: number;
  /** The most probable class other than the given one. */
  suggestedLabel: number;
  /** Out-of-sample probability of the given label. */
  selfConfidence: number;
  /**
   * Label quality in [0, 1], lower = more suspicious: self-confidence divided by the given class's
   * threshold (capped at 1) by default, see `rankBy`.
   */
  quality: number;
  /**
   * Estimated share of real label errors among the items at this rank and above (see
   * `LabelIssueRanking.estimatedPrecision` for how, and how far off it was measured to be).
   */
  estimatedPrecision: number;
  /** Confident learning counts the item as confidently belonging to another class. */
  offDiagonal: boolean;
}

export interface LabelIssueRankingOptions {
  /**
   * relative_self_confidence (default): p(given) / t(given), t = the class's mean self-confidence, so
   * that a class the model finds hard overall (shirts) does not fill the top of the list with clean
   * items; self_confidence: p(given); normalized_margin: p(given) - max other p, mapped to [0, 1].
   * Average precision on development flips: 0.86, 0.83 and 0.61 respectively.
   */
  rankBy?: LabelIssueRankBy;
  /**
   * Only items whose quality is below this are flagged (default 0.1: the given label gets under a
   * tenth of the probability its class's items typically get). Chosen on development flips (other
   * seeds than the benchmark's task) of the Fashion-MNIST task in bench/data-loop.ts, where it flagged
   * 49 items at precision 0.80 and recall 0.78; confident learning's own estimate of the issue count
   * there was ~140 for 50 flips (the model's confusions between look-alike classes counted as label
   * errors), which is why it only caps the cut.
   */
  maxQuality?: number;
}

export interface LabelIssueRanking {
  /** Every item, most suspicious first (ties by index). */
  ranking: RankedLabelIssue[];
  /** Confident learning's per-class thresholds and confident joint (rows: given, columns: confident class). */
  thresholds: number[];
  confidentJoint: number[][];
  /**
   * Confident learning's estimate of how many labels are wrong: the off-diagonal mass of the
   * confident joint calibrated to the given-label counts (cleanlab's num_label_issues). It counts the
   * model's confusions between look-alike classes as errors: ~140 for 50 flips on the benchmark task.
   */
  estimatedIssueCount: number;
  /**
   * How many labels are wrong, estimated from the items' own scores (see `estimatedRecall`): the
   * items scoring under a strict quality q0 divided by the share of mislabelled items expected under
   * q0, with q0 where that share is half the cut's estimated recall. Items that are clean but score
   * under q0 inflate it. On 12 development tasks with 50 flips each it said 44 to 68.
   */
  estimatedErrorCount: number;
  /** Recommended flag cut: the first `cut` items of `ranking`. */
  cut: number;
  /**
   * Estimated share of the real label errors the cut catches: the share of (item, other class) pairs
   * whose quality, had the item been labelled with that other class, would fall within the cut. A
   * mislabelled item is an item of one class given another's label, and its out-of-fold probabilities
   * come from models that never saw its label, so the items of the other classes show how a
   * mislabelled one scores (this assumes wrong labels spread over the classes like the pairs do).
   * On 12 development tasks (bench/data-loop.ts's task, other seeds): 0.72 to 0.78 against measured
   * recalls of 0.74 to 0.82.
   */
  estimatedRecall: number;
  /**
   * Estimated precision of the flagged set: estimatedErrorCount × estimatedRecall / cut, capped at 1.
   * It replaces the model's own belief (the mean of 1 - p(given) over the flagged items, which said
   * 0.98 where 0.78 was measured). On the 12 development tasks it was within 0.17 of the measured
   * precision (mean absolute error 0.06), so read it as a rough figure, not a promise.
   */
  estimatedPrecision: number;
}

/**
 * Ranks every item by how likely its given label is wrong, from out-of-sample probabilities (k-fold,
 * ideally an ensemble of unrelated models), and recommends a flag cut chosen for precision.
 *
 * The ranking follows cleanlab's find_label_issues ranked by self-confidence, with self-confidence
 * made relative to the class's own threshold. The cut is the smaller of the number of items whose
 * quality is below `maxQuality` and confident learning's estimated number of label issues. The
 * precision and recall of the cut are estimated from the scores themselves (`estimatedPrecision`,
 * `estimatedRecall`). The full ranking is returned too, so a reviewer can look past the cut.
 */
export function rankLabelIssues(
  probabilities: ArrayLike<number>[],
  givenLabels: number[],
  classCount: number,
  options: LabelIssueRankingOptions = {},
): LabelIssueRanking {
  const rankBy = options.rankBy ?? "relative_self_confidence";
  const maxQuality = options.maxQuality ?? DEFAULT_MAX_ISSUE_QUALITY;
  if (!(maxQuality > 0 && maxQuality <= 1)) {
    throw new EvaluationInputError(`maxQuality must be in (0, 1], got ${maxQuality}`);
  }
  const { thresholds, confidentJoint, issues } = findLabelIssues(probabilities, givenLabels, classCount);
  const estimatedIssueCount = calibratedOffDiagonal(confidentJoint, givenLabels, classCount);
  const offDiagonal = new Set(issues.map((i) => i.index));
  const qualityOf = labelQuality(rankBy, thresholds, classCount);
  const ranking = probabilities.map((row, index): RankedLabelIssue => {
    const given = givenLabels[index];
    let suggested = given === 0 ? 1 : 0;
    for (let c = 0; c < classCount; c++) if (c !== given && row[c] > row[suggested]) suggested = c;
    return {
      index,
      givenLabel: given,
      suggestedLabel: suggested,
      selfConfidence: row[given],
      quality: qualityOf(row, given),
      estimatedPrecision: 0,
      offDiagonal: offDiagonal.has(index),
    };
  });
  ranking.sort((a, b) => a.quality - b.quality || a.selfConfidence - b.selfConfidence || a.index - b.index);
  const belowQuality = ranking.filter((item) => item.quality < maxQuality).length;
  const cut = Math.min(belowQuality, Math.round(estimatedIssueCount));

  // How a mislabelled item scores: the quality of every item under every label it was not given.
  const wrongLabelQualities = new Float64Array(probabilities.length * (classCount - 1));
  let w = 0;
  probabilities.forEach((row, i) => {
    for (let c = 0; c < classCount; c++) if (c !== givenLabels[i]) wrongLabelQualities[w++] = qualityOf(row, c);
  });
  wrongLabelQualities.sort();
  const caughtShare = (quality: number) => upperBound(wrongLabelQualities, quality) / wrongLabelQualities.length;
  const cutQuality = cut === 0 ? Number.NEGATIVE_INFINITY : ranking[cut - 1].quality;
  const estimatedRecall = cut === 0 ? 0 : caughtShare(cutQuality);
  let estimatedErrorCount = 0;
  if (estimatedRecall > 0) {
    const strict = wrongLabelQualities[Math.max(0, Math.ceil((estimatedRecall / 2) * wrongLabelQualities.length) - 1)];
    const under = upperBound(
      Float64Array.from(ranking, (item) => item.quality),
      strict,
    );
    estimatedErrorCount = under / caughtShare(strict);
  }
  ranking.forEach((item, k) => {
    item.estimatedPrecision = Math.min(1, (estimatedErrorCount * caughtShare(item.quality)) / (k + 1));
  });
  return {
    ranking,
    thresholds,
    confidentJoint,
    estimatedIssueCount,
    estimatedErrorCount,
    cut,
    estimatedRecall,
    estimatedPrecision: cut === 0 ? 0 : Math.min(1, (estimatedErrorCount * estimatedRecall) / cut),
  };
}

/** The label-quality function of `rankBy`: lower = the label fits the item worse. */
function labelQuality(
  rankBy: LabelIssueRankBy,
  thresholds: number[],
  classCount: number,
): (row: ArrayLike<number>, label: number) => number {
  if (rankBy === "self_confidence") return (row, label) => row[label];
  if (rankBy === "normalized_margin") {
    return (row, label) => {
      let other = Number.NEGATIVE_INFINITY;
      for (let c = 0; c < classCount; c++) if (c !== label && row[c] > other) other = row[c];
      return (row[label] - other + 1) / 2;
    };
  }
  return (row, label) => {
    const t = thresholds[label];
    return t > 0 && Number.isFinite(t) ? Math.min(1, row[label] / t) : 1;
  };
}

/** Number of entries of the ascending `sorted` that are <= value. */
function upperBound(sorted: Float64Array, value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] <= value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * cleanlab's calibration: scale each row of the confident joint to the number of items given that
 * label, so the joint sums to n; its off-diagonal mass is the estimated number of label errors.
 */
function calibratedOffDiagonal(confidentJoint: number[][], givenLabels: number[], classCount: number): number {
  const givenCounts = new Array<number>(classCount).fill(0);
  for (const label of givenLabels) givenCounts[label]++;
  let offDiagonal = 0;
  confidentJoint.forEach((row, given) => {
    const rowTotal = row.reduce((a, b) => a + b, 0);
    if (rowTotal === 0) return;
    row.forEach((count, confident) => {
      if (confident !== given) offDiagonal += (count / rowTotal) * givenCounts[given];
    });
  });
  return offDiagonal;
}
