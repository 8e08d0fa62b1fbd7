import { checkProbabilities } from "./validate.ts";

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
