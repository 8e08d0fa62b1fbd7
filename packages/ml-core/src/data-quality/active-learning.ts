import { TrainingRng } from "../train/rng.ts";
import { DataQualityInputError } from "./errors.ts";

export type QueueOrder = "margin" | "entropy" | "least_confident" | "random";

export interface QueueItem {
  index: number;
  /** The model's top class: the suggestion the label queue pre-selects. */
  suggestedLabel: number;
  /** Probability of that class. */
  confidence: number;
  /** Higher = more useful to label next under the chosen order (for `random`, the draw). */
  priority: number;
}

/**
 * Orders unlabelled items for the label queue from the model's class probabilities, most useful
 * first: `margin` (smallest gap between the top two classes), `entropy`, `least_confident`, or a
 * seeded `random` order for comparison. Uncertainty sampling spends a labeller's time where the model
 * is torn, instead of confirming what it already knows.
 */
export function orderForLabelling(probabilities: ArrayLike<number>[], order: QueueOrder, seed = 1): QueueItem[] {
  const rng = new TrainingRng(seed);
  const items = probabilities.map((row, index): QueueItem => {
    if (row.length < 2)
      throw new DataQualityInputError(`row ${index} has ${row.length} probabilities; need >= 2 classes`);
    let top = 0;
    let second = -1;
    let entropy = 0;
    for (let c = 0; c < row.length; c++) {
      const p = row[c];
      if (!(p >= 0 && p <= 1 + 1e-6)) {
        throw new DataQualityInputError(`row ${index} holds ${p}, not a probability; pass softmax outputs`);
      }
      if (p > 0) entropy -= p * Math.log(p);
      if (c === 0) continue;
      if (p > row[top]) {
        second = top;
        top = c;
      } else if (second < 0 || p > row[second]) second = c;
    }
    const priority =
      order === "margin"
        ? 1 - (row[top] - row[second])
        : order === "entropy"
          ? entropy
          : order === "least_confident"
            ? 1 - row[top]
            : order === "random"
              ? rng.next()
              : Number.NaN;
    if (Number.isNaN(priority)) {
      throw new DataQualityInputError(`unknown order "${order}"; use margin, entropy, least_confident or random`);
    }
    return { index, suggestedLabel: top, confidence: row[top], priority };
  });
  return items.sort((a, b) => b.priority - a.priority || a.index - b.index);
}
