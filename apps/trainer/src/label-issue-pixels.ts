// The pixel members of the label-issue ensemble: logistic regression on each training image's raw
// pixels (28 × 28 RGB), scored out-of-fold, and a k-nearest-neighbour vote on the same pixels (each
// item voted on by its neighbours only). Their mistakes are little correlated with the embedding
// head's, so the average ranks flipped labels better than any one of them (bench/data-loop.ts:
// average precision 0.81 for head + pixel LR + pixel kNN on planted flips).

import {
  decodeImage,
  fitSoftmaxRegression,
  type LabelledImage,
  nearestNeighbors,
  neighborLabelProbabilities,
  outOfFoldProbabilities,
} from "@headstart/ml-core";

/** Side of the square the pixels are read at: small enough that a fold fits in about a second. */
export const PIXEL_SIDE = 28;

/** The benchmark's settings (bench/data-loop.ts PIXEL_LR): pixels are already on one scale. */
const PIXEL_REGRESSION = { epochs: 20, l2: 1e-3, learningRate: 0.003, standardize: false } as const;

/** One row of PIXEL_SIDE² × 3 values in [0, 1] per image. */
export async function pixelRowsOf(images: LabelledImage[], signal?: AbortSignal): Promise<Float32Array[]> {
  const rows: Float32Array[] = [];
  for (const image of images) {
    signal?.throwIfAborted();
    const { data } = await decodeImage(await image.read(), { size: PIXEL_SIDE });
    const row = new Float32Array(data.length);
    for (let i = 0; i < data.length; i++) row[i] = data[i]! / 255;
    rows.push(row);
  }
  return rows;
}

/** Out-of-fold class probabilities of pixel logistic regression, one row per item of `rows`. */
export function pixelOutOfFoldProbabilities(options: {
  rows: Float32Array[];
  labels: number[];
  classCount: number;
  folds: number;
  seed: number;
  signal?: AbortSignal;
}): Promise<Float32Array[]> {
  const { rows, labels, classCount } = options;
  return outOfFoldProbabilities({
    labels,
    classCount,
    folds: options.folds,
    seed: options.seed,
    signal: options.signal,
    fitPredict: (trainIdx, testIdx) =>
      fitSoftmaxRegression(
        trainIdx.map((i) => rows[i]!),
        trainIdx.map((i) => labels[i]!),
        { ...PIXEL_REGRESSION, classCount, seed: options.seed },
      ).predict(testIdx.map((i) => rows[i]!)),
  });
}

/** Neighbours per vote, as in the benchmark. */
export const PIXEL_NEIGHBORS = 10;

/**
 * Leave-one-out class probabilities from the PIXEL_NEIGHBORS nearest other images (cosine on
 * pixels); null when there are too few images for that many neighbours.
 */
export function pixelNeighborProbabilities(rows: Float32Array[], labels: number[], classCount: number) {
  if (rows.length <= PIXEL_NEIGHBORS) return null;
  return neighborLabelProbabilities(nearestNeighbors(rows, PIXEL_NEIGHBORS), labels, classCount);
}
