import { argmax, checkProbabilities } from "./validate.ts";

export interface ClassMetrics {
  label: string;
  precision: number;
  recall: number;
  f1: number;
  /** Number of items whose true label is this class. */
  support: number;
}

export interface ClassificationReport {
  accuracy: number;
  macroF1: number;
  perClass: ClassMetrics[];
  /** confusion[trueClass][predictedClass] = count. */
  confusion: number[][];
}

/** Rows are true classes, columns predicted classes. */
export function confusionMatrix(truth: number[], predicted: number[], classCount: number): number[][] {
  const matrix = Array.from({ length: classCount }, () => new Array<number>(classCount).fill(0));
  truth.forEach((t, i) => {
    matrix[t][predicted[i]]++;
  });
  return matrix;
}

// 0/0 is reported as 0 rather than NaN so the numbers survive JSON and GraphQL Float.
const ratio = (num: number, den: number): number => (den === 0 ? 0 : num / den);

/**
 * Accuracy, per-class precision/recall/F1 and the confusion matrix for single-label predictions
 * (binary or multiclass), where each probability row has one entry per class.
 */
export function classificationReport(
  probabilities: ArrayLike<number>[],
  truth: number[],
  classNames: string[],
): ClassificationReport {
  const classCount = classNames.length;
  checkProbabilities(probabilities, truth, classCount);
  const predicted = probabilities.map(argmax);
  const confusion = confusionMatrix(truth, predicted, classCount);
  const perClass = classNames.map((label, c) => {
    const tp = confusion[c][c];
    const support = confusion[c].reduce((a, b) => a + b, 0);
    const predictedAsC = confusion.reduce((a, row) => a + row[c], 0);
    const precision = ratio(tp, predictedAsC);
    const recall = ratio(tp, support);
    return { label, precision, recall, f1: ratio(2 * precision * recall, precision + recall), support };
  });
  const correct = predicted.filter((p, i) => p === truth[i]).length;
  return {
    accuracy: ratio(correct, truth.length),
    macroF1: ratio(
      perClass.reduce((a, m) => a + m.f1, 0),
      classCount,
    ),
    perClass,
    confusion,
  };
}

export interface PrPoint {
  threshold: number;
  precision: number;
  recall: number;
}

export interface PrCurve {
  /** One point per distinct score, thresholds descending (recall ascending). */
  points: PrPoint[];
  /** Step-wise area under the curve (sum over points of precision × recall increase). */
  averagePrecision: number;
}

/** Precision-recall curve of a binary scorer: `scores[i]` is P(positive), `positive[i]` the truth. */
export function precisionRecallCurve(scores: number[], positive: boolean[]): PrCurve {
  if (scores.length !== positive.length) {
    throw new RangeError(`got ${scores.length} scores but ${positive.length} truth values; pass one per item`);
  }
  const totalPositive = positive.filter(Boolean).length;
  const order = scores.map((_, i) => i).sort((a, b) => scores[b] - scores[a] || a - b);
  const points: PrPoint[] = [];
  let tp = 0;
  let fp = 0;
  let averagePrecision = 0;
  let lastRecall = 0;
  for (let k = 0; k < order.length; k++) {
    const i = order[k];
    if (positive[i]) tp++;
    else fp++;
    // Items sharing a score are admitted together by any threshold, so emit one point per score.
    if (k + 1 < order.length && scores[order[k + 1]] === scores[i]) continue;
    const precision = ratio(tp, tp + fp);
    const recall = ratio(tp, totalPositive);
    averagePrecision += precision * (recall - lastRecall);
    lastRecall = recall;
    points.push({ threshold: scores[i], precision, recall });
  }
  return { points, averagePrecision };
}

export interface MultilabelReport {
  /** Share of items whose whole label set is predicted exactly. */
  exactMatch: number;
  perLabel: ClassMetrics[];
}

/** Per-label metrics for independent sigmoid outputs, each thresholded at `threshold`. */
export function multilabelReport(
  probabilities: ArrayLike<number>[],
  truth: boolean[][],
  labelNames: string[],
  threshold = 0.5,
): MultilabelReport {
  if (probabilities.length !== truth.length) {
    throw new RangeError(`got ${probabilities.length} probability rows but ${truth.length} label sets`);
  }
  let exact = 0;
  const counts = labelNames.map(() => ({ tp: 0, fp: 0, fn: 0, support: 0 }));
  probabilities.forEach((row, i) => {
    let allMatch = true;
    labelNames.forEach((_, c) => {
      const predictedOn = row[c] >= threshold;
      const actualOn = truth[i][c] === true;
      if (predictedOn !== actualOn) allMatch = false;
      if (actualOn) counts[c].support++;
      if (predictedOn && actualOn) counts[c].tp++;
      else if (predictedOn) counts[c].fp++;
      else if (actualOn) counts[c].fn++;
    });
    if (allMatch) exact++;
  });
  return {
    exactMatch: ratio(exact, probabilities.length),
    perLabel: labelNames.map((label, c) => {
      const { tp, fp, fn, support } = counts[c];
      const precision = ratio(tp, tp + fp);
      const recall = ratio(tp, tp + fn);
      return { label, precision, recall, f1: ratio(2 * precision * recall, precision + recall), support };
    }),
  };
}
