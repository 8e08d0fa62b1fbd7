import { argmax, checkProbabilities } from "./validate.ts";

export interface ThresholdPoint {
  threshold: number;
  /** Accuracy among predictions whose confidence reaches the threshold (1 when none are kept). */
  precision: number;
  /** Share of items that still get a prediction (coverage). */
  recall: number;
  /** Share of items withheld for human review: 1 - recall. */
  withheld: number;
}

export interface ThresholdCalibration {
  points: ThresholdPoint[];
  targetPrecision: number;
  /** Lowest threshold whose precision reaches the target, or null when no threshold does. */
  recommended: number | null;
}

export const DEFAULT_THRESHOLDS: number[] = Array.from({ length: 20 }, (_, i) => Math.round(i * 5) / 100);

/**
 * For each threshold on the top-class confidence: how precise the kept predictions are and how
 * many are withheld. Taking the lowest threshold that reaches the target withholds the fewest items.
 */
export function calibrateThreshold(
  probabilities: ArrayLike<number>[],
  truth: number[],
  classCount: number,
  targetPrecision: number,
  thresholds: number[] = DEFAULT_THRESHOLDS,
): ThresholdCalibration {
  checkProbabilities(probabilities, truth, classCount);
  if (!(targetPrecision > 0 && targetPrecision <= 1)) {
    throw new RangeError(`targetPrecision must be in (0, 1], got ${targetPrecision}`);
  }
  const scored = probabilities.map((row, i) => {
    const predicted = argmax(row);
    return { confidence: row[predicted], correct: predicted === truth[i] };
  });
  const n = scored.length;
  const points = [...thresholds]
    .sort((a, b) => a - b)
    .map((threshold) => {
      const kept = scored.filter((s) => s.confidence >= threshold);
      const correct = kept.filter((s) => s.correct).length;
      const recall = n === 0 ? 0 : kept.length / n;
      return {
        threshold,
        precision: kept.length === 0 ? 1 : correct / kept.length,
        recall,
        withheld: 1 - recall,
      };
    });
  const reaching = points.find((p) => p.precision >= targetPrecision && p.recall > 0);
  return { points, targetPrecision, recommended: reaching ? reaching.threshold : null };
}
