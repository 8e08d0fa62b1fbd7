import { TrainingRng } from "../train/rng.ts";
import { checkProbabilities, EvaluationInputError } from "./validate.ts";

/**
 * Stratified fold assignment: each class's items are dealt round-robin across folds in a seeded
 * order, so every fold holds every class in proportion, even small classes.
 */
export function stratifiedFolds(labels: number[], classCount: number, folds: number, seed: number): number[] {
  if (!Number.isInteger(folds) || folds < 2)
    throw new EvaluationInputError(`folds must be an integer >= 2, got ${folds}`);
  if (labels.length < folds) {
    throw new EvaluationInputError(
      `${folds}-fold cross-validation needs at least ${folds} items, got ${labels.length}`,
    );
  }
  const rng = new TrainingRng(seed);
  const foldOf = new Array<number>(labels.length);
  let next = 0;
  for (let c = 0; c < classCount; c++) {
    const members = labels.flatMap((label, i) => (label === c ? [i] : []));
    for (const k of rng.permutation(members.length)) foldOf[members[k]] = next++ % folds;
  }
  return foldOf;
}

export interface OutOfFoldOptions {
  /** The given label of each item (class indices). */
  labels: number[];
  classCount: number;
  folds?: number;
  seed?: number;
  /**
   * Trains on the items `trainIdx` (with their given labels) and returns class probabilities for
   * `testIdx`, in that order. Whatever model the caller has: a head on cached embeddings, a pixel
   * linear model, an ensemble.
   */
  fitPredict(trainIdx: number[], testIdx: number[], fold: number): Promise<ArrayLike<number>[]> | ArrayLike<number>[];
  signal?: AbortSignal;
  onFold?(done: number, total: number): void;
}

/**
 * Out-of-sample class probabilities for every item by stratified k-fold cross-validation: each item
 * is scored by a model that never saw it, which is what confident learning needs (a model scoring
 * its own training items has memorised their labels, flipped ones included).
 */
export async function outOfFoldProbabilities(options: OutOfFoldOptions): Promise<Float32Array[]> {
  const { labels, classCount } = options;
  const folds = options.folds ?? 5;
  const foldOf = stratifiedFolds(labels, classCount, folds, options.seed ?? 1);
  const result = new Array<Float32Array>(labels.length);
  for (let fold = 0; fold < folds; fold++) {
    options.signal?.throwIfAborted();
    const trainIdx = foldOf.flatMap((f, i) => (f === fold ? [] : [i]));
    const testIdx = foldOf.flatMap((f, i) => (f === fold ? [i] : []));
    const probabilities = await options.fitPredict(trainIdx, testIdx, fold);
    if (probabilities.length !== testIdx.length) {
      throw new EvaluationInputError(
        `fitPredict returned ${probabilities.length} rows for fold ${fold} but was asked for ${testIdx.length}`,
      );
    }
    checkProbabilities(
      probabilities,
      testIdx.map((i) => labels[i]),
      classCount,
    );
    testIdx.forEach((i, k) => {
      result[i] = Float32Array.from(probabilities[k]);
    });
    options.onFold?.(fold + 1, folds);
  }
  return result;
}

/**
 * The element-wise mean of several models' probabilities for the same items (optionally weighted):
 * an ensemble of out-of-fold predictions, whose errors are less correlated than either model's.
 */
export function averageProbabilities(sets: ArrayLike<number>[][], weights?: number[]): Float32Array[] {
  if (sets.length === 0) throw new EvaluationInputError("averageProbabilities needs at least one set");
  const w = weights ?? sets.map(() => 1);
  if (w.length !== sets.length || w.some((x) => !(x >= 0)) || w.every((x) => x === 0)) {
    throw new EvaluationInputError("weights must be one non-negative number per set, not all zero");
  }
  const total = w.reduce((a, b) => a + b, 0);
  const n = sets[0].length;
  return Array.from({ length: n }, (_, i) => {
    const classes = sets[0][i].length;
    const row = new Float32Array(classes);
    sets.forEach((set, s) => {
      if (set.length !== n || set[i].length !== classes) {
        throw new EvaluationInputError(`probability set ${s} does not have ${n} rows of ${classes} classes`);
      }
      for (let c = 0; c < classes; c++) row[c] += (w[s] / total) * set[i][c];
    });
    return row;
  });
}
