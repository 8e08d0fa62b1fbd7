import { throwIfAborted } from "./abort.ts";
import type { ClassMode } from "./class-mode.ts";
import { type HeadConfig, predictVectors, trainHeadOnVectors } from "./head-training.ts";
import { TrainingRng } from "./rng.ts";

export interface CrossValidationOptions {
  classMode: Exclude<ClassMode, "multilabel">;
  classCount: number;
  /** One cached (un-augmented) embedding per item. */
  vectors: Float32Array[];
  labels: number[];
  folds?: number;
  config: HeadConfig;
  signal?: AbortSignal;
  onFold?(done: number, total: number): void;
}

/**
 * Out-of-sample class probabilities for every item by k-fold cross-validation: each item is scored
 * by a head that never saw it. Only heads are trained per fold, on cached embeddings, so this costs
 * seconds; confident learning needs exactly these probabilities.
 */
export async function crossValidatedProbabilities(options: CrossValidationOptions): Promise<Float32Array[]> {
  const { vectors, labels, classMode, classCount, config } = options;
  const folds = Math.min(options.folds ?? 5, vectors.length);
  if (folds < 2) throw new RangeError(`cross-validation needs at least 2 items, got ${vectors.length}`);
  // Stratified: deal each class's items round-robin across folds in a seeded order, so every fold
  // sees every class in proportion even for small classes.
  const rng = new TrainingRng(config.seed ^ 0x5eed);
  const foldOf = new Array<number>(vectors.length);
  let next = 0;
  for (let c = 0; c < classCount; c++) {
    const members = labels.flatMap((label, i) => (label === c ? [i] : []));
    for (const k of rng.permutation(members.length)) foldOf[members[k]] = next++ % folds;
  }
  const result = new Array<Float32Array>(vectors.length);
  for (let fold = 0; fold < folds; fold++) {
    throwIfAborted(options.signal);
    const trainIdx = foldOf.flatMap((f, i) => (f === fold ? [] : [i]));
    const testIdx = foldOf.flatMap((f, i) => (f === fold ? [i] : []));
    const { head } = await trainHeadOnVectors({
      classMode,
      classCount,
      featureSize: vectors[0].length,
      train: { variants: trainIdx.map((i) => [vectors[i]]), labels: trainIdx.map((i) => [labels[i]]) },
      config: { ...config, earlyStoppingPatience: null },
      signal: options.signal,
    });
    try {
      const probs = await predictVectors(
        head,
        classMode,
        testIdx.map((i) => vectors[i]),
      );
      testIdx.forEach((i, k) => (result[i] = probs[k]));
    } finally {
      head.dispose();
    }
    options.onFold?.(fold + 1, folds);
  }
  return result;
}
