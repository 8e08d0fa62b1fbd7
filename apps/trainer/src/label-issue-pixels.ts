// The pixel members of the label-issue ensemble: logistic regression on each training image's raw
// pixels (28 × 28 RGB), on their gradient histograms and on k-means patch features, scored
// out-of-fold, and a k-nearest-neighbour vote on the pixels (each item voted on by its neighbours
// only). Their mistakes are little correlated with the embedding head's, so together they rank flipped
// labels better than any one of them (bench/data-loop.ts, plain average: average precision 0.81 for
// head + pixel LR + pixel kNN on planted flips, 0.83 with the gradient member, 0.85 with the patch
// member; 0.86-0.91 -> 0.90-0.92 with the patch member on development seeds 1-5). evaluation.ts pools
// them with weights fitted on the given labels (ml-core's poolLabelIssueMembers): 0.88 on the
// benchmark's seed, 0.89-0.96 on seeds 1-8.

import {
  decodeImage,
  fitSoftmaxRegression,
  gradientHistograms,
  type LabelledImage,
  learnPatchFilters,
  nearestNeighbors,
  neighborLabelProbabilities,
  outOfFoldProbabilities,
  type PixelDecoder,
  patchFeatures,
} from "@headstart/ml-core";

/** Side of the square the pixels are read at: small enough that a fold fits in about a second. */
export const PIXEL_SIDE = 28;

/** The benchmark's settings (bench/data-loop.ts PIXEL_LR): pixels are already on one scale. */
const PIXEL_REGRESSION = { epochs: 20, l2: 1e-3, learningRate: 0.003, standardize: false } as const;

/**
 * One row of PIXEL_SIDE² × 3 values in [0, 1] per image. `decode` gives the RGB bytes (the compute
 * worker passes its DecodedPixelCache, shared with the pixel baseline); by default each image is
 * read and decoded here.
 */
export async function pixelRowsOf(
  images: LabelledImage[],
  signal?: AbortSignal,
  decode: PixelDecoder = decodeEach,
): Promise<Float32Array[]> {
  const decoded = await decode(images, PIXEL_SIDE, signal);
  return decoded.map((data) => {
    const row = new Float32Array(data.length);
    for (let i = 0; i < data.length; i++) row[i] = data[i]! / 255;
    return row;
  });
}

async function decodeEach(images: readonly LabelledImage[], size: number, signal?: AbortSignal) {
  const out: Uint8Array[] = [];
  for (const image of images) {
    signal?.throwIfAborted();
    out.push((await decodeImage(await image.read(), { size })).data);
  }
  return out;
}

interface OutOfFoldOptions {
  rows: Float32Array[];
  labels: number[];
  classCount: number;
  folds: number;
  seed: number;
  signal?: AbortSignal;
}

/**
 * Out-of-fold class probabilities of softmax regression on `features` (one per item), k folds; with
 * the pixel settings unless `settings` says otherwise.
 */
function regressionOutOfFold(
  features: Float32Array[],
  options: OutOfFoldOptions,
  columnRepeats?: number,
  settings: { epochs: number; l2: number; learningRate: number; standardize: boolean } = PIXEL_REGRESSION,
): Promise<Float32Array[]> {
  const { labels, classCount } = options;
  return outOfFoldProbabilities({
    labels,
    classCount,
    folds: options.folds,
    seed: options.seed,
    signal: options.signal,
    fitPredict: (trainIdx, testIdx) =>
      fitSoftmaxRegression(
        trainIdx.map((i) => features[i]!),
        trainIdx.map((i) => labels[i]!),
        {
          ...settings,
          classCount,
          seed: options.seed,
          ...(columnRepeats === undefined ? {} : { columnRepeats }),
        },
      ).predict(testIdx.map((i) => features[i]!)),
  });
}

/** Out-of-fold class probabilities of pixel logistic regression, one row per item of `rows`. */
export function pixelOutOfFoldProbabilities(options: OutOfFoldOptions): Promise<Float32Array[]> {
  // Grey images fit on one value per pixel with the three channels' weights tied: the same model as
  // on the RGB rows (fitSoftmaxRegression's columnRepeats), a third of the work.
  const { rows, repeats } = greyWhereEqual(options.rows);
  return regressionOutOfFold(rows, options, repeats);
}

/** Out-of-fold class probabilities of logistic regression on each row's gradient histograms. */
export function gradientOutOfFoldProbabilities(options: OutOfFoldOptions): Promise<Float32Array[]> {
  const { rows, repeats } = greyWhereEqual(options.rows);
  return regressionOutOfFold(gradientHistograms(rows, PIXEL_SIDE, repeats === 3 ? 1 : 3), options);
}

/**
 * The patch member's regression: its summed activations differ in scale from feature to feature, so
 * they are standardised (the pixel settings otherwise, as in bench/data-loop.ts).
 */
const PATCH_REGRESSION = { ...PIXEL_REGRESSION, standardize: true } as const;

/** Images per chunk of patch features between cancellation checks. */
const PATCH_CHUNK = 200;

/**
 * Out-of-fold class probabilities of logistic regression on k-means patch features (ml-core's
 * patchFeatures: filters learned from these images' own 5 × 5 patches, no labels, summed over a 4 × 4
 * grid). The filters see every image, held-out folds included: they use no label, so nothing of a
 * held-out item's label reaches the model that scores it.
 */
export async function patchOutOfFoldProbabilities(options: OutOfFoldOptions): Promise<Float32Array[]> {
  const { rows, repeats } = greyWhereEqual(options.rows);
  const channels = repeats === 3 ? 1 : 3;
  const filters = learnPatchFilters(rows, PIXEL_SIDE, { seed: options.seed }, channels);
  // In chunks (about 2 ms an image on two loaded cores), yielding between them so that a cancellation
  // message can arrive and stop the run within a fraction of a second.
  const features: Float32Array[] = [];
  for (let start = 0; start < rows.length; start += PATCH_CHUNK) {
    await new Promise<void>((resolve) => setImmediate(resolve));
    options.signal?.throwIfAborted();
    features.push(...patchFeatures(rows.slice(start, start + PATCH_CHUNK), PIXEL_SIDE, filters, 4, channels));
  }
  return regressionOutOfFold(features, options, undefined, PATCH_REGRESSION);
}

/** Neighbours per vote, as in the benchmark. */
export const PIXEL_NEIGHBORS = 10;

/**
 * Leave-one-out class probabilities from the PIXEL_NEIGHBORS nearest other images (cosine on
 * pixels); null when there are too few images for that many neighbours.
 */
export function pixelNeighborProbabilities(rows: Float32Array[], labels: number[], classCount: number) {
  if (rows.length <= PIXEL_NEIGHBORS) return null;
  return neighborLabelProbabilities(nearestNeighbors(greyWhereEqual(rows).rows, PIXEL_NEIGHBORS), labels, classCount);
}

/**
 * One value per pixel (repeats 3) when every row's three channels are equal (grey images such as
 * Fashion-MNIST), else the rows as they are (repeats 1). Cosine similarity is the same either way
 * (each dot product and squared norm is three times the grey one), so the quadratic neighbour search
 * costs a third; the logistic regression ties the channels' weights instead.
 */
function greyWhereEqual(rows: Float32Array[]): { rows: Float32Array[]; repeats: 1 | 3 } {
  for (const row of rows) {
    for (let i = 0; i < row.length; i += 3) {
      if (row[i] !== row[i + 1] || row[i] !== row[i + 2]) return { rows, repeats: 1 };
    }
  }
  const grey = rows.map((row) => {
    const values = new Float32Array(row.length / 3);
    for (let p = 0; p < values.length; p++) values[p] = row[p * 3]!;
    return values;
  });
  return { rows: grey, repeats: 3 };
}
