import * as tf from "@tensorflow/tfjs";
import { finishBackbone } from "./finish.ts";
import { preprocessingLayer } from "./preprocessing.ts";
import type { Backbone, BackboneSpec } from "./types.ts";

/** Edge directions measured, evenly spaced around the circle (a dark-to-light edge and its reverse differ). */
export const GRADIENT_ORIENTATIONS = 8;
/** A cell is about 1/7 of the image's side, whatever its size: 4 px at 28 px. */
export const GRADIENT_CELLS = 7;

/** Pixels per side of one pooling cell at `inputSize`. */
export function gradientCellSize(inputSize: number): number {
  return Math.max(1, Math.round(inputSize / GRADIENT_CELLS));
}

/**
 * Pixels between neighbouring cells: half a cell, so each pixel falls in up to 2×2 cells. Overlapping
 * cells keep an edge that straddles a cell border from landing in one cell or the next by a pixel's
 * shift; measured on the development draws (issue 12) the kernel head gained 0.6-1.1 points on three
 * of four tasks over side-by-side cells (and lost none on the fourth).
 */
export function gradientCellStride(inputSize: number): number {
  return Math.max(1, Math.floor(gradientCellSize(inputSize) / 2));
}

/** Cells per side: every window that fits ("valid"), 13 at 28 px. A last row of pixels a stride does not reach is left out. */
export function gradientGridSize(inputSize: number): number {
  return Math.floor((inputSize - gradientCellSize(inputSize)) / gradientCellStride(inputSize)) + 1;
}

/** Feature count of the oriented-gradient backbone at `inputSize`: 13 × 13 cells × 8 orientations = 1,352 at 28 px. */
export function gradientFeatureSize(inputSize: number): number {
  const cells = gradientGridSize(inputSize);
  return cells * cells * GRADIENT_ORIENTATIONS;
}

/**
 * The 3×3 kernel [ky][kx][channel][orientation]: Sobel's x and y derivatives of the grey image (the
 * mean of the three channels), projected on each orientation θ = 2πk/8. After a ReLU each output
 * keeps only edges facing its own direction: a half-wave rectified steerable filter, the gradient
 * histogram of HOG without its hard binning.
 */
function orientedSobelKernel(): Float32Array {
  const sobelX = [
    [-1, 0, 1],
    [-2, 0, 2],
    [-1, 0, 1],
  ];
  const values = new Float32Array(3 * 3 * 3 * GRADIENT_ORIENTATIONS);
  for (let ky = 0; ky < 3; ky++) {
    for (let kx = 0; kx < 3; kx++) {
      // Sobel y is Sobel x transposed; /4 keeps a full-contrast step edge at 1, /3 averages the channels.
      const gx = sobelX[ky][kx] / 4 / 3;
      const gy = sobelX[kx][ky] / 4 / 3;
      for (let c = 0; c < 3; c++) {
        for (let k = 0; k < GRADIENT_ORIENTATIONS; k++) {
          const theta = (2 * Math.PI * k) / GRADIENT_ORIENTATIONS;
          values[((ky * 3 + kx) * 3 + c) * GRADIENT_ORIENTATIONS + k] = Math.cos(theta) * gx + Math.sin(theta) * gy;
        }
      }
    }
  }
  return values;
}

/**
 * A fixed, untrained feature extractor for small images unlike ImageNet (issue 12): oriented edge
 * strength in 8 directions, averaged over a grid of half-overlapping cells (13×13 cells of 4 px at
 * 28 px), flattened (1,352 features) so the head
 * sees where each edge is, like a HOG descriptor. Nothing in it is learned, so it needs no
 * pretraining and cannot overfit a few hundred images; the head trained on it (the frozen path, on
 * cached features) is the only learned part. On garment pairs where neither ImageNet features nor a
 * CNN trained from scratch beat logistic regression on pixels, this is the representation that did
 * (see recommend.ts for how it is chosen).
 */
export function buildGradients(spec: BackboneSpec): Backbone {
  const size = spec.inputSize;
  const cell = gradientCellSize(size);
  const stride = gradientCellStride(size);
  const input = tf.input({ shape: [size, size, 3], name: "input" });
  let x = preprocessingLayer(spec.preprocessing).apply(input) as tf.SymbolicTensor;
  const conv = tf.layers.conv2d({
    filters: GRADIENT_ORIENTATIONS,
    kernelSize: 3,
    padding: "same",
    useBias: false,
    trainable: false,
    name: "gradients_conv",
  });
  x = conv.apply(x) as tf.SymbolicTensor;
  const kernel = tf.tensor4d(orientedSobelKernel(), [3, 3, 3, GRADIENT_ORIENTATIONS]);
  conv.setWeights([kernel]);
  kernel.dispose();
  x = tf.layers.reLU({ name: "gradients_relu" }).apply(x) as tf.SymbolicTensor;
  x = tf.layers
    .averagePooling2d({ poolSize: cell, strides: stride, padding: "valid", name: "gradients_cells" })
    .apply(x) as tf.SymbolicTensor;
  x = tf.layers.flatten({ name: "gradients_flatten" }).apply(x) as tf.SymbolicTensor;
  const cut = tf.model({ inputs: input, outputs: x, name: "gradients" });
  cut.trainable = false;
  return finishBackbone(cut, { ...spec, featureSize: gradientFeatureSize(size) }, []);
}

/**
 * The same features in plain TypeScript from grey images (side × side, 0..1, row-major), for the
 * recommender's linear probe, which measures a dataset without a tfjs backend. Matches the tfjs
 * backbone on grey input: zero padding around the 3×3 filter, each cell the mean over the pixels of
 * its window, features in [cellY][cellX][orientation] order.
 */
export function gradientVectors(grey: readonly Float32Array[], side: number): Float32Array[] {
  const cell = gradientCellSize(side);
  const stride = gradientCellStride(side);
  const cells = gradientGridSize(side);
  const cos = Array.from({ length: GRADIENT_ORIENTATIONS }, (_, k) =>
    Math.cos((2 * Math.PI * k) / GRADIENT_ORIENTATIONS),
  );
  const sin = Array.from({ length: GRADIENT_ORIENTATIONS }, (_, k) =>
    Math.sin((2 * Math.PI * k) / GRADIENT_ORIENTATIONS),
  );
  // Per-pixel responses as integral images, one per orientation: each cell is then four lookups. Their
  // row 0 and column 0 stay zero; every other entry is written, for each image, before it is read.
  const planeSize = (side + 1) * (side + 1);
  const integral = new Float64Array(GRADIENT_ORIENTATIONS * planeSize);
  return grey.map((image) => {
    if (image.length !== side * side) throw new RangeError(`expected ${side}×${side} grey pixels, got ${image.length}`);
    const at = (y: number, x: number) => (y < 0 || x < 0 || y >= side || x >= side ? 0 : image[y * side + x]);
    for (let y = 0; y < side; y++) {
      for (let x = 0; x < side; x++) {
        const gx =
          (at(y - 1, x + 1) +
            2 * at(y, x + 1) +
            at(y + 1, x + 1) -
            at(y - 1, x - 1) -
            2 * at(y, x - 1) -
            at(y + 1, x - 1)) /
          4;
        const gy =
          (at(y + 1, x - 1) +
            2 * at(y + 1, x) +
            at(y + 1, x + 1) -
            at(y - 1, x - 1) -
            2 * at(y - 1, x) -
            at(y - 1, x + 1)) /
          4;
        const i = (y + 1) * (side + 1) + x + 1;
        for (let k = 0; k < GRADIENT_ORIENTATIONS; k++) {
          const o = k * planeSize;
          integral[o + i] =
            Math.max(0, cos[k] * gx + sin[k] * gy) +
            integral[o + i - 1] +
            integral[o + i - (side + 1)] -
            integral[o + i - (side + 1) - 1];
        }
      }
    }
    const out = new Float32Array(cells * cells * GRADIENT_ORIENTATIONS);
    const area = cell * cell;
    for (let cy = 0; cy < cells; cy++) {
      const y0 = cy * stride;
      const y1 = y0 + cell;
      for (let cx = 0; cx < cells; cx++) {
        const x0 = cx * stride;
        const x1 = x0 + cell;
        for (let k = 0; k < GRADIENT_ORIENTATIONS; k++) {
          const o = k * planeSize;
          const sum =
            integral[o + y1 * (side + 1) + x1] -
            integral[o + y0 * (side + 1) + x1] -
            integral[o + y1 * (side + 1) + x0] +
            integral[o + y0 * (side + 1) + x0];
          out[(cy * cells + cx) * GRADIENT_ORIENTATIONS + k] = sum / area;
        }
      }
    }
    return out;
  });
}
