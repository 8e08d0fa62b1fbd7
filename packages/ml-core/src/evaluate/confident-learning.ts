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
  /** Share of the flagged items at this rank and above expected to be real label errors. */
  expectedPrecision: number;
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
  /** The flag cut keeps the expected precision of the flagged set at or above this (default 0.8). */
  targetPrecision?: number;
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
   * confident joint calibrated to the given-label counts (cleanlab's num_label_issues).
   */
  estimatedIssueCount: number;
  /** Recommended flag cut: the first `cut` items of `ranking`. */
  cut: number;
  /**
   * Expected precision of the flagged set: the mean over it of 1 - p(given). It trusts the model, so
   * it is optimistic when the model is weak (bench/data-loop.ts prints it beside the measured one).
   */
  expectedPrecision: number;
  targetPrecision: number;
}

/**
 * Ranks every item by how likely its given label is wrong, from out-of-sample probabilities (k-fold,
 * ideally an ensemble of unrelated models), and recommends a flag cut chosen for precision.
 *
 * The ranking follows cleanlab's find_label_issues ranked by self-confidence, with self-confidence
 * made relative to the class's own threshold. The cut is the smallest of
 * - the number of items whose quality is below `maxQuality`,
 * - confident learning's estimated number of label issues (calibrated confident joint), and
 * - the deepest rank whose flagged set keeps the expected precision at or above the target, where an
 *   item's probability of being a label error is 1 - p(given) (the model's belief that the label
 *   is another class). That estimate trusts the model: with a weak model it is optimistic (the
 *   benchmark prints it beside the measured precision).
 * The full ranking is returned too, so a reviewer can look past the cut.
 */
export function rankLabelIssues(
  probabilities: ArrayLike<number>[],
  givenLabels: number[],
  classCount: number,
  options: LabelIssueRankingOptions = {},
): LabelIssueRanking {
  const rankBy = options.rankBy ?? "relative_self_confidence";
  const targetPrecision = options.targetPrecision ?? 0.8;
  const maxQuality = options.maxQuality ?? DEFAULT_MAX_ISSUE_QUALITY;
  if (!(targetPrecision > 0 && targetPrecision <= 1)) {
    throw new EvaluationInputError(`targetPrecision must be in (0, 1], got ${targetPrecision}`);
  }
  const { thresholds, confidentJoint, issues } = findLabelIssues(probabilities, givenLabels, classCount);
  const estimatedIssueCount = calibratedOffDiagonal(confidentJoint, givenLabels, classCount);
  const offDiagonal = new Set(issues.map((i) => i.index));
  const ranking = probabilities.map((row, index): RankedLabelIssue => {
    const given = givenLabels[index];
    let suggested = given === 0 ? 1 : 0;
    for (let c = 0; c < classCount; c++) if (c !== given && row[c] > row[suggested]) suggested = c;
    const selfConfidence = row[given];
    let quality: number;
    if (rankBy === "self_confidence") quality = selfConfidence;
    else if (rankBy === "normalized_margin") quality = (selfConfidence - row[suggested] + 1) / 2;
    else {
      const t = thresholds[given];
      quality = t > 0 && Number.isFinite(t) ? Math.min(1, selfConfidence / t) : 1;
    }
    return {
      index,
      givenLabel: given,
      suggestedLabel: suggested,
      selfConfidence,
      quality,
      expectedPrecision: 0,
      offDiagonal: offDiagonal.has(index),
    };
  });
  ranking.sort((a, b) => a.quality - b.quality || a.selfConfidence - b.selfConfidence || a.index - b.index);
  let errorMass = 0;
  let deepestReaching = 0;
  ranking.forEach((item, k) => {
    errorMass += 1 - item.selfConfidence;
    item.expectedPrecision = errorMass / (k + 1);
    if (item.expectedPrecision >= targetPrecision) deepestReaching = k + 1;
  });
  const belowQuality = ranking.filter((item) => item.quality < maxQuality).length;
  const cut = Math.min(belowQuality, Math.round(estimatedIssueCount), deepestReaching);
  const flaggedMass = ranking.slice(0, cut).reduce((a, item) => a + (1 - item.selfConfidence), 0);
  return {
    ranking,
    thresholds,
    confidentJoint,
    estimatedIssueCount,
    cut,
    expectedPrecision: cut === 0 ? 1 : flaggedMass / cut,
    targetPrecision,
  };
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
