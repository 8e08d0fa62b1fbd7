// Unsupervised convolutional features (Coates, Lee & Ng, 2011, "An analysis of single-layer networks
// in unsupervised feature learning"): k-means on small contrast-normalised patches of the images
// themselves gives a bank of filters (edges, corners, blobs at the images' own scale); every patch
// position is then described by how much closer than average it is to each filter (the "triangle"
// activation) and these are summed over a coarse grid. A linear model on the result sees local
// shapes wherever they sit in their grid cell, which neither raw pixels nor whole-image gradient
// histograms do, and it needs no labels and no backbone, so it is an independent, cheap member for
// the label-issue ensemble: on the Fashion-MNIST task of bench/data-loop.ts (development seeds 1-5)
// its logistic regression was right out-of-fold on 0.75-0.82 of the items (pixel regression
// 0.75-0.81), and adding it to the four other members raised the ensemble's average precision on
// planted flips from 0.86-0.91 to 0.90-0.92.
import { TrainingRng } from "../train/rng.ts";
import { DataQualityInputError } from "./errors.ts";

export interface PatchFilterOptions {
  /** How many filters (k-means centroids). 32 did as well as 64 at half the cost. */
  filters?: number;
  /** Side of the square patches, in pixels. */
  patchSize?: number;
  /** Patches sampled (uniformly over images and positions) to run k-means on. */
  samples?: number;
  /** Lloyd iterations. */
  iterations?: number;
  seed?: number;
}

export const DEFAULT_PATCH_FILTERS = Object.freeze({
  filters: 32,
  patchSize: 5,
  samples: 10_000,
  iterations: 10,
  seed: 1,
});

/** A learned filter bank: `count` centroids of patchSize² contrast-normalised values, row-major. */
export interface PatchFilters {
  readonly patchSize: number;
  readonly count: number;
  readonly centroids: Float32Array;
}

/**
 * Contrast normalisation of one patch: zero mean, divided by its standard deviation (plus a floor, so
 * a flat background patch stays near zero instead of amplifying noise).
 */
function normalizedPatch(grey: Float32Array, side: number, y: number, x: number, size: number, out: Float32Array) {
  let mean = 0;
  for (let dy = 0; dy < size; dy++) {
    for (let dx = 0; dx < size; dx++) {
      const v = grey[(y + dy) * side + x + dx]!;
      out[dy * size + dx] = v;
      mean += v;
    }
  }
  const area = size * size;
  mean /= area;
  let variance = 0;
  for (let k = 0; k < area; k++) {
    out[k]! -= mean;
    variance += out[k]! * out[k]!;
  }
  const scale = 1 / Math.sqrt(variance / area + 0.01);
  for (let k = 0; k < area; k++) out[k]! *= scale;
}

/** The rows as side × side grey images (channels averaged), after checking their lengths. */
function greyImages(rows: ArrayLike<number>[], side: number, channels: number): Float32Array[] {
  if (!Number.isInteger(channels) || channels < 1) {
    throw new DataQualityInputError(`channels must be an integer >= 1, got ${channels}`);
  }
  return rows.map((row, r) => {
    if (row.length !== side * side * channels) {
      throw new DataQualityInputError(
        `row ${r} has ${row.length} values; ${side} × ${side} pixels of ${channels} channel(s) need ${side * side * channels}`,
      );
    }
    if (channels === 1) return Float32Array.from(row);
    const grey = new Float32Array(side * side);
    for (let p = 0; p < grey.length; p++) {
      let sum = 0;
      for (let c = 0; c < channels; c++) sum += row[p * channels + c]!;
      grey[p] = sum / channels;
    }
    return grey;
  });
}

function checkSide(side: number, patchSize: number) {
  if (!Number.isInteger(patchSize) || patchSize < 2) {
    throw new DataQualityInputError(`patchSize must be an integer >= 2, got ${patchSize}`);
  }
  if (!Number.isInteger(side) || side < patchSize) {
    throw new DataQualityInputError(`side must be an integer of at least the patch size (${patchSize}), got ${side}`);
  }
}

/**
 * Learns a filter bank from the images in `rows` (side × side pixels, `channels` interleaved values
 * each, averaged to grey): k-means over `samples` random patches, deterministic for a seed. Uses no
 * labels, so it may see every image, held-out folds included.
 */
export function learnPatchFilters(
  rows: ArrayLike<number>[],
  side: number,
  options: PatchFilterOptions = {},
  channels = 1,
): PatchFilters {
  const { filters, patchSize, samples, iterations, seed } = { ...DEFAULT_PATCH_FILTERS, ...options };
  checkSide(side, patchSize);
  if (rows.length === 0) throw new DataQualityInputError("learning patch filters needs at least one image");
  if (!Number.isInteger(filters) || filters < 1 || !Number.isInteger(samples) || samples < filters) {
    throw new DataQualityInputError(
      `need integer filters >= 1 and samples >= filters, got filters ${filters}, samples ${samples}`,
    );
  }
  const images = greyImages(rows, side, channels);
  const area = patchSize * patchSize;
  const positions = side - patchSize + 1;
  const rng = new TrainingRng(seed);
  const patches = new Float32Array(samples * area);
  const patch = new Float32Array(area);
  for (let n = 0; n < samples; n++) {
    const image = images[Math.floor(rng.next() * images.length)]!;
    const y = Math.floor(rng.next() * positions);
    const x = Math.floor(rng.next() * positions);
    normalizedPatch(image, side, y, x, patchSize, patch);
    patches.set(patch, n * area);
  }
  // Started from the first `filters` samples (already a random draw); an empty cluster keeps its centroid.
  const centroids = patches.slice(0, filters * area);
  const sums = new Float64Array(filters * area);
  const counts = new Int32Array(filters);
  for (let iteration = 0; iteration < iterations; iteration++) {
    sums.fill(0);
    counts.fill(0);
    for (let n = 0; n < samples; n++) {
      const offset = n * area;
      let best = 0;
      let bestDistance = Number.POSITIVE_INFINITY;
      for (let k = 0; k < filters; k++) {
        let distance = 0;
        for (let j = 0; j < area; j++) distance += (patches[offset + j]! - centroids[k * area + j]!) ** 2;
        if (distance < bestDistance) {
          bestDistance = distance;
          best = k;
        }
      }
      counts[best]!++;
      for (let j = 0; j < area; j++) sums[best * area + j]! += patches[offset + j]!;
    }
    for (let k = 0; k < filters; k++) {
      if (counts[k] === 0) continue;
      for (let j = 0; j < area; j++) centroids[k * area + j] = sums[k * area + j]! / counts[k]!;
    }
  }
  return { patchSize, count: filters, centroids };
}

/**
 * One feature row per image: at every patch position, each filter's activation max(0, mean distance
 * − distance) (only filters closer than average fire), summed over a grid × grid layout of the
 * positions. Row length grid² × filters.count.
 */
export function patchFeatures(
  rows: ArrayLike<number>[],
  side: number,
  filters: PatchFilters,
  grid = 4,
  channels = 1,
): Float32Array[] {
  const { patchSize, count, centroids } = filters;
  checkSide(side, patchSize);
  const positions = side - patchSize + 1;
  if (!Number.isInteger(grid) || grid < 1 || grid > positions) {
    throw new DataQualityInputError(`grid must be an integer in [1, ${positions}] for ${side}-px images, got ${grid}`);
  }
  const area = patchSize * patchSize;
  if (centroids.length !== count * area) {
    throw new DataQualityInputError(`filters hold ${centroids.length} values, expected ${count} × ${area}`);
  }
  const cellOf = Int32Array.from({ length: positions }, (_, p) => Math.floor((p * grid) / positions));
  const patch = new Float32Array(area);
  const distances = new Float32Array(count);
  return greyImages(rows, side, channels).map((image) => {
    const out = new Float32Array(grid * grid * count);
    for (let y = 0; y < positions; y++) {
      for (let x = 0; x < positions; x++) {
        normalizedPatch(image, side, y, x, patchSize, patch);
        let mean = 0;
        for (let k = 0; k < count; k++) {
          let distance = 0;
          for (let j = 0; j < area; j++) distance += (patch[j]! - centroids[k * area + j]!) ** 2;
          distances[k] = Math.sqrt(distance);
          mean += distances[k]!;
        }
        mean /= count;
        const cell = (cellOf[y]! * grid + cellOf[x]!) * count;
        for (let k = 0; k < count; k++) {
          const activation = mean - distances[k]!;
          if (activation > 0) out[cell + k]! += activation;
        }
      }
    }
    return out;
  });
}
