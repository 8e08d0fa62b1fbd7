// Threshold maths behind the run page's slider. A prediction whose top-class
// probability is below the threshold is withheld for a person to decide; the
// slider shows what that trade costs. Definitions match ml-core's calibration
// (and therefore the API's threshold table) so both views agree:
//   precision = accuracy of the predictions that are kept,
//   recall    = share of images that still get an automatic answer (coverage),
//   withheld  = 1 - recall.

export interface ScoredPrediction {
  /** Probability of the predicted (top) class. */
  probability: number;
  correct: boolean;
}

export interface ThresholdStats {
  threshold: number;
  total: number;
  kept: number;
  keptCorrect: number;
  precision: number;
  recall: number;
  withheld: number;
}

export class ThresholdInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ThresholdInputError';
  }
}

/**
 * Predictions sorted by probability once, so each slider movement is a binary
 * search rather than a pass over thousands of images.
 */
export interface ThresholdIndex {
  /** Probabilities ascending. */
  probabilities: Float64Array;
  /** correctFromHere[i] = correct predictions among indices i..n-1. */
  correctFromHere: Uint32Array;
}

export function buildThresholdIndex(predictions: readonly ScoredPrediction[]): ThresholdIndex {
  for (const p of predictions) {
    if (!(Number.isFinite(p.probability) && p.probability >= 0 && p.probability <= 1)) {
      throw new ThresholdInputError(`A prediction probability must be within [0, 1]; got ${p.probability}.`);
    }
  }
  const sorted = [...predictions].sort((a, b) => a.probability - b.probability);
  const n = sorted.length;
  const probabilities = new Float64Array(n);
  const correctFromHere = new Uint32Array(n + 1);
  for (let i = n - 1; i >= 0; i--) {
    probabilities[i] = sorted[i].probability;
    correctFromHere[i] = correctFromHere[i + 1] + (sorted[i].correct ? 1 : 0);
  }
  return { probabilities, correctFromHere };
}

/** First index whose probability is >= threshold (kept predictions start there). */
function lowerBound(values: Float64Array, threshold: number): number {
  let lo = 0;
  let hi = values.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (values[mid] < threshold) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export function statsAt(index: ThresholdIndex, threshold: number): ThresholdStats {
  if (!(Number.isFinite(threshold) && threshold >= 0 && threshold <= 1)) {
    throw new ThresholdInputError(`The threshold must be within [0, 1]; got ${threshold}.`);
  }
  const total = index.probabilities.length;
  const start = lowerBound(index.probabilities, threshold);
  const kept = total - start;
  const keptCorrect = index.correctFromHere[start];
  const recall = total === 0 ? 0 : kept / total;
  return {
    threshold,
    total,
    kept,
    keptCorrect,
    // Nothing kept means nothing wrong was said: 1, as in ml-core.
    precision: kept === 0 ? 1 : keptCorrect / kept,
    recall,
    withheld: 1 - recall,
  };
}

/** Points for the precision/recall-vs-threshold mini chart. */
export function thresholdCurve(index: ThresholdIndex, steps = 50): ThresholdStats[] {
  return Array.from({ length: steps + 1 }, (_, i) => statsAt(index, i / steps));
}

/**
 * Lowest threshold whose kept predictions reach the target precision: the one
 * that withholds the fewest images. Only thresholds equal to an observed
 * probability can change the answer, so those are the candidates.
 */
export function lowestThresholdFor(index: ThresholdIndex, targetPrecision: number): ThresholdStats | null {
  const candidates = [0, ...new Set(index.probabilities)];
  for (const t of candidates) {
    const s = statsAt(index, t);
    if (s.kept > 0 && s.precision >= targetPrecision) return s;
  }
  return null;
}
