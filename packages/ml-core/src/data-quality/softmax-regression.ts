import { TrainingRng } from "../train/rng.ts";
import { DataQualityInputError } from "./errors.ts";
import { checkRows } from "./rows.ts";

export interface SoftmaxRegressionOptions {
  classCount: number;
  /** L2 penalty on the weights (per item, as in mean loss + l2/2 ‖W‖²). */
  l2?: number;
  epochs?: number;
  batchSize?: number;
  /** Adam step size. */
  learningRate?: number;
  seed?: number;
  /** Scale each feature to zero mean, unit variance on the training rows (needed for embeddings, harmless for pixels). */
  standardize?: boolean;
  /**
   * How many equal columns of the modelled data each column of `rows` stands for: 3 for grey images
   * given one value per pixel instead of three equal RGB channels. The tied copies' weights start at
   * zero and get equal gradients and equal Adam updates, so they stay equal: the fit is the one on the
   * repeated columns (logits b + repeats · w·x), at 1/repeats of the cost. `predict` takes rows of the
   * same, unrepeated width.
   */
  columnRepeats?: number;
}

export interface SoftmaxRegression {
  readonly classCount: number;
  readonly dim: number;
  /** Class probabilities, one row per input row. */
  predict(rows: ArrayLike<number>[]): Float32Array[];
}

export const DEFAULT_SOFTMAX_REGRESSION = Object.freeze({
  l2: 1e-3,
  epochs: 40,
  batchSize: 32,
  learningRate: 0.01,
  seed: 1,
  standardize: true,
  columnRepeats: 1,
});

/**
 * Multinomial logistic regression trained with mini-batch Adam in plain JavaScript loops: no tfjs, no
 * backend, deterministic for a seed, and cheap enough (about a second for 1,000 × 1,280) to be fitted
 * once per cross-validation fold inside a worker thread. It is the linear probe that label-issue
 * detection and active learning use on pixels or frozen embeddings.
 */
export function fitSoftmaxRegression(
  rows: ArrayLike<number>[],
  labels: number[],
  options: SoftmaxRegressionOptions,
): SoftmaxRegression {
  const settings = { ...DEFAULT_SOFTMAX_REGRESSION, ...options };
  const { classCount, l2, epochs, batchSize, learningRate, columnRepeats: repeats } = settings;
  const dim = checkRows(rows, "rows");
  if (rows.length === 0) throw new DataQualityInputError("softmax regression needs at least one training row");
  if (labels.length !== rows.length) {
    throw new DataQualityInputError(`got ${rows.length} rows but ${labels.length} labels; pass one label per row`);
  }
  if (!Number.isInteger(repeats) || repeats < 1) {
    throw new DataQualityInputError(`columnRepeats must be an integer >= 1, got ${repeats}`);
  }
  if (!Number.isInteger(classCount) || classCount < 2) {
    throw new DataQualityInputError(`classCount must be an integer >= 2, got ${classCount}`);
  }
  labels.forEach((label, i) => {
    if (!Number.isInteger(label) || label < 0 || label >= classCount) {
      throw new DataQualityInputError(`label ${label} at row ${i} is not a class index in [0, ${classCount})`);
    }
  });
  const n = rows.length;
  const mean = new Float32Array(dim);
  const inverseScale = new Float32Array(dim).fill(1);
  if (settings.standardize) {
    for (const row of rows) for (let d = 0; d < dim; d++) mean[d] += row[d];
    for (let d = 0; d < dim; d++) mean[d] /= n;
    const variance = new Float32Array(dim);
    for (const row of rows) {
      for (let d = 0; d < dim; d++) {
        const centred = row[d] - mean[d];
        variance[d] += centred * centred;
      }
    }
    // Constant features (blank pixel borders) keep scale 1 instead of dividing by zero.
    for (let d = 0; d < dim; d++) inverseScale[d] = variance[d] > 1e-12 ? 1 / Math.sqrt(variance[d] / n) : 1;
  }
  // One contiguous standardised copy: the inner loops then read a single Float32Array.
  const x = new Float32Array(n * dim);
  rows.forEach((row, i) => {
    for (let d = 0; d < dim; d++) x[i * dim + d] = (row[d] - mean[d]) * inverseScale[d];
  });

  const weights = new Float32Array(classCount * dim);
  const bias = new Float32Array(classCount);
  const gradW = new Float32Array(classCount * dim);
  const gradB = new Float32Array(classCount);
  const m = new Float32Array(classCount * dim + classCount);
  const v = new Float32Array(classCount * dim + classCount);
  const logits = new Float64Array(classCount);
  const rng = new TrainingRng(settings.seed);
  const beta1 = 0.9;
  const beta2 = 0.999;
  let step = 0;
  for (let epoch = 0; epoch < epochs; epoch++) {
    const order = rng.permutation(n);
    for (let start = 0; start < n; start += batchSize) {
      const batch = order.slice(start, start + batchSize);
      gradW.fill(0);
      gradB.fill(0);
      for (const i of batch) {
        const offset = i * dim;
        softmaxInto(x, offset, dim, weights, bias, logits, repeats);
        logits[labels[i]] -= 1; // dLoss/dlogit = p - onehot
        for (let c = 0; c < classCount; c++) {
          const g = logits[c];
          if (g === 0) continue;
          gradB[c] += g;
          const w = c * dim;
          for (let d = 0; d < dim; d++) gradW[w + d] += g * x[offset + d];
        }
      }
      step++;
      const scale = 1 / batch.length;
      const correction1 = 1 - beta1 ** step;
      const correction2 = 1 - beta2 ** step;
      const size = classCount * dim;
      for (let p = 0; p < size + classCount; p++) {
        const isBias = p >= size;
        const g = isBias ? gradB[p - size] * scale : gradW[p] * scale + l2 * weights[p];
        m[p] = beta1 * m[p] + (1 - beta1) * g;
        v[p] = beta2 * v[p] + (1 - beta2) * g * g;
        const update = (learningRate * (m[p] / correction1)) / (Math.sqrt(v[p] / correction2) + 1e-8);
        if (isBias) bias[p - size] -= update;
        else weights[p] -= update;
      }
    }
  }

  return {
    classCount,
    dim,
    predict(input) {
      checkRows(input, "rows", dim);
      const standardised = new Float32Array(dim);
      return input.map((row) => {
        for (let d = 0; d < dim; d++) standardised[d] = (row[d] - mean[d]) * inverseScale[d];
        softmaxInto(standardised, 0, dim, weights, bias, logits, repeats);
        return Float32Array.from(logits);
      });
    },
  };
}

/** Writes softmax(repeats · W·x + b) for the row at `offset` into `out`. */
function softmaxInto(
  x: Float32Array,
  offset: number,
  dim: number,
  weights: Float32Array,
  bias: Float32Array,
  out: Float64Array,
  repeats: number,
): void {
  const classCount = bias.length;
  let max = Number.NEGATIVE_INFINITY;
  for (let c = 0; c < classCount; c++) {
    // Untied rows keep the bias-first sum, so their fits stay bit for bit what they were.
    let sum = repeats === 1 ? bias[c] : 0;
    const w = c * dim;
    for (let d = 0; d < dim; d++) sum += weights[w + d] * x[offset + d];
    if (repeats !== 1) sum = bias[c] + repeats * sum;
    out[c] = sum;
    if (sum > max) max = sum;
  }
  let total = 0;
  for (let c = 0; c < classCount; c++) {
    out[c] = Math.exp(out[c] - max);
    total += out[c];
  }
  for (let c = 0; c < classCount; c++) out[c] /= total;
}
