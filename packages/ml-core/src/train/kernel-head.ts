// The kernel head (issue 12): a Gaussian-kernel ridge classifier on frozen features, solved in closed
// form instead of trained by gradient steps, and saved as an ordinary tfjs layers head.
//
// Why: on small images unlike ImageNet (Fashion-MNIST garment pairs at 250 images a class) the best
// learner measured on the development draws was not a network but kernel ridge regression on
// compressed oriented-gradient features: T-shirt vs shirt 0.849-0.858 trained on the train split
// alone, against 0.846-0.851 for the dense head on the same features and 0.822-0.840 for the scratch
// CNN; pullover vs coat 0.908 (dense 0.892-0.896), sandal vs sneaker 0.974-0.975 (0.964-0.967), ten
// classes at 100 a class 0.849-0.851 (0.830); test splits of 2,000 images. With every training image
// a centre there is nothing to converge: one linear solve per setting, seconds on 2 cores.
//
// The head, as layers every tfjs and Keras reader knows (and the ONNX converter converts):
//   Rescaling(1/m) → softsign → LayerNormalization → Dense(centres, elu) → Dense(classes, sigmoid|softmax)
// - softsign(x/m) = (x/m)/(1 + x/m), m the median positive feature value: compresses large edge
//   energies the way a square root does (power normalisation of HOG; 0.849 against 0.836 without it).
// - LayerNormalization (no learnt scale or shift) makes each vector zero-mean, unit-variance, so
//   ‖s‖² = d for every input and the Gaussian kernel exp(−γ‖s − c‖²) = exp(2γ s·c − γ(d + ‖c‖²)) is
//   an affine map of s followed by exp: one Dense layer.
// - exp(z) = elu(z) + 1 for z ≤ 0 (a squared distance is never negative), and the +1 folds into the
//   output layer's bias, so no custom layer is needed.
// - The output layer holds the ridge coefficients times a temperature T fitted on the leave-one-out
//   scores (least squares scores are not probabilities; T makes the review's thresholds and the
//   ensemble's averages meaningful).
// γ (relative to the median squared distance between training vectors) and the ridge λ are chosen by
// leave-one-out cross-validation on the training items, in closed form. A run's validation split stays unseen, as it
// is for a dense head's weights.

import * as tf from "@tensorflow/tfjs";
import { throwIfAborted } from "./abort.ts";
import { choleskyFactor, inverseDiagonal, solveFactored } from "./cholesky.ts";
import type { ClassMode } from "./class-mode.ts";
import { TrainingInputError } from "./config.ts";

/** Kernel widths tried, as multiples of 1 / (median squared distance between training vectors). */
export const KERNEL_GAMMAS = [0.5, 1, 2] as const;
/** Ridge strengths tried (the kernel's diagonal is 1). */
export const KERNEL_RIDGES = [0.03, 0.1, 0.3] as const;
/**
 * Every training item is a centre and each setting is a dense n×n factorisation (leaveOneOutFit), so
 * the kernel head takes at most this many training items: nine settings took 32 s at 1,500 and 76 s
 * at 2,000 on one core (1,352 features, load 1), growing with the cube of the items; the dense head
 * scales further.
 */
export const KERNEL_MAX_TRAIN_ITEMS = 2000;
/** LayerNormalization's ε: small enough that ‖s‖² = d to well within float32 for any non-constant vector. */
const NORMALIZE_EPSILON = 1e-6;

export interface KernelHeadOptions {
  /** One feature vector per training item (the frozen backbone's output, featureSize long). */
  vectors: Float32Array[];
  /** Label indices per item; binary and multiclass take exactly one. */
  labels: number[][];
  classMode: ClassMode;
  classCount: number;
  signal?: AbortSignal;
  /**
   * A wall-clock end (ms since the epoch) for choosing the settings: once it passes, the settings not
   * yet validated are skipped and the best so far is solved on all the items (the dense head's
   * stopTrainingAt: the run stops and keeps a model). At least one setting is always tried.
   */
  stopAt?: number;
  /** Settings evaluated so far, of KERNEL_GAMMAS × KERNEL_RIDGES (+1 for the final solve). */
  onProgress?(done: number, total: number): void;
}

export interface KernelHeadResult {
  /** The head (features in, probabilities out); the caller owns and disposes it. */
  head: tf.Sequential;
  /** The chosen width (absolute, on the normalised features) and its multiple of 1/median distance. */
  gamma: number;
  gammaFactor: number;
  ridge: number;
  /** Leave-one-out accuracy of the chosen setting on the training items. */
  crossValidationAccuracy: number;
  /**
   * Each training item's class probabilities (binary: [1 − p, p]) from the chosen setting fitted on
   * all the other items, with the fitted temperature: out-of-sample predictions of every item, which
   * is what lets a run fit on its validation images and still report honest validation figures.
   */
  leaveOneOut: Float32Array[];
  temperature: number;
  /** The fitted head on its own training items (in-sample). */
  trainLoss: number;
  trainAccuracy: number;
}

/** The compression scale m: the median of the positive feature values (1 when there are none). */
function compressionScale(vectors: readonly Float32Array[]): number {
  const positive: number[] = [];
  for (const v of vectors) for (const x of v) if (x > 0) positive.push(x);
  if (positive.length === 0) return 1;
  positive.sort((a, b) => a - b);
  return positive[Math.floor(positive.length / 2)];
}

/** softsign(x/m), then zero mean and unit variance per vector: what the head's first three layers compute. */
export function kernelFeatures(vector: Float32Array, scale: number): Float64Array {
  const d = vector.length;
  const s = new Float64Array(d);
  let mean = 0;
  for (let i = 0; i < d; i++) {
    const u = vector[i] / scale;
    s[i] = u / (1 + Math.abs(u));
    mean += s[i];
  }
  mean /= d;
  let variance = 0;
  for (let i = 0; i < d; i++) variance += (s[i] - mean) ** 2;
  variance /= d;
  const inv = 1 / Math.sqrt(variance + NORMALIZE_EPSILON);
  for (let i = 0; i < d; i++) s[i] = (s[i] - mean) * inv;
  return s;
}

/** Targets: binary ±1 in one column (label 1 positive), multiclass one-hot. */
function targetsOf(labels: readonly number[][], classMode: ClassMode, classCount: number): Float64Array {
  const k = classMode === "binary" ? 1 : classCount;
  const y = new Float64Array(labels.length * k);
  labels.forEach((l, i) => {
    if (classMode === "binary") y[i] = l[0] === 1 ? 1 : -1;
    else y[i * k + l[0]] = 1;
  });
  return y;
}

/** Mean of each of the k columns over all n rows. */
function columnMeans(y: Float64Array, n: number, k: number): Float64Array {
  const mean = new Float64Array(k);
  for (let r = 0; r < n; r++) for (let c = 0; c < k; c++) mean[c] += y[r * k + c];
  for (let c = 0; c < k; c++) mean[c] /= Math.max(n, 1);
  return mean;
}

/** Predicted class of one row of scores: the sign for binary (±1 targets), the argmax otherwise. */
function predictedClass(scores: Float64Array, offset: number, k: number): number {
  if (k === 1) return scores[offset] > 0 ? 1 : 0;
  let best = 0;
  for (let c = 1; c < k; c++) if (scores[offset + c] > scores[offset + best]) best = c;
  return best;
}

/**
 * Log-probabilities of item i's scores at temperature T, written into `out` (length 2 for the one
 * binary score: [log(1 − p), log p] with p = sigmoid(T·score); else log softmax(T·scores)). Both forms
 * stay finite for any score, so the loss and the probabilities below share them.
 */
function logProbabilitiesInto(out: Float64Array, scores: Float64Array, i: number, k: number, t: number): Float64Array {
  if (k === 1) {
    const z = t * scores[i];
    // log sigmoid(z) = −log(1 + e^−z), written to never exponentiate a large positive number.
    const logSigmoid = (x: number) => (x > 0 ? -Math.log1p(Math.exp(-x)) : x - Math.log1p(Math.exp(x)));
    out[0] = logSigmoid(-z);
    out[1] = logSigmoid(z);
    return out;
  }
  let max = Number.NEGATIVE_INFINITY;
  for (let c = 0; c < k; c++) max = Math.max(max, t * scores[i * k + c]);
  let sum = 0;
  for (let c = 0; c < k; c++) sum += Math.exp(t * scores[i * k + c] - max);
  const logSum = max + Math.log(sum);
  for (let c = 0; c < k; c++) out[c] = t * scores[i * k + c] - logSum;
  return out;
}

/** Mean cross-entropy of probabilities sigmoid(T·score) (binary) or softmax(T·scores). */
function logLoss(scores: Float64Array, labels: readonly number[][], k: number, t: number): number {
  const row = new Float64Array(Math.max(2, k));
  let total = 0;
  labels.forEach((l, i) => {
    // A binary label is 0/1 and indexes [1 − p, p] directly.
    total -= logProbabilitiesInto(row, scores, i, k, t)[l[0]];
  });
  return total / labels.length;
}

/** The temperature minimising the log loss, by golden-section search on log T over [0.01, 1000]. */
function fitTemperature(scores: Float64Array, labels: readonly number[][], k: number): number {
  let lo = Math.log(0.01);
  let hi = Math.log(1000);
  const ratio = (Math.sqrt(5) - 1) / 2;
  let a = hi - ratio * (hi - lo);
  let b = lo + ratio * (hi - lo);
  let fa = logLoss(scores, labels, k, Math.exp(a));
  let fb = logLoss(scores, labels, k, Math.exp(b));
  for (let step = 0; step < 60; step++) {
    if (fa < fb) {
      hi = b;
      b = a;
      fb = fa;
      a = hi - ratio * (hi - lo);
      fa = logLoss(scores, labels, k, Math.exp(a));
    } else {
      lo = a;
      a = b;
      fa = fb;
      b = lo + ratio * (hi - lo);
      fb = logLoss(scores, labels, k, Math.exp(b));
    }
  }
  return Math.exp((lo + hi) / 2);
}

/** Refuses what the kernel head cannot fit. */
function checkOptions(options: KernelHeadOptions): void {
  const { vectors, labels, classMode, classCount } = options;
  if (classMode === "multilabel") {
    throw new TrainingInputError(
      'the kernel head classifies one label per image (binary or multiclass); use headKind "dense" for multilabel',
    );
  }
  if (vectors.length !== labels.length) {
    throw new TrainingInputError(`kernel head: ${vectors.length} vectors but ${labels.length} label lists`);
  }
  if (vectors.length > KERNEL_MAX_TRAIN_ITEMS) {
    throw new TrainingInputError(
      `the kernel head keeps every training image as a centre and takes at most ${KERNEL_MAX_TRAIN_ITEMS}; this run has ${vectors.length}. Use headKind "dense" (it scales to any size) or fewer training images`,
    );
  }
  const counts = new Map<number, number>();
  for (const l of labels) {
    if (l.length !== 1 || !Number.isInteger(l[0]) || l[0] < 0 || l[0] >= classCount) {
      throw new TrainingInputError(`kernel head: every training item needs exactly one label in 0..${classCount - 1}`);
    }
    counts.set(l[0], (counts.get(l[0]) ?? 0) + 1);
  }
  const smallest = Math.min(...counts.values());
  if (counts.size < 2 || smallest < 2) {
    throw new TrainingInputError(
      "the kernel head needs at least 2 training images in each of at least 2 classes to choose its settings by leave-one-out validation",
    );
  }
}

/**
 * Fits the kernel head on cached feature vectors: settings by leave-one-out validation on these items
 * (each a solve on all of them), then the temperature on the chosen setting's leave-one-out scores.
 * Deterministic: the same vectors and labels give the same head.
 */
export async function fitKernelHead(options: KernelHeadOptions): Promise<KernelHeadResult> {
  checkOptions(options);
  const { vectors, labels, classMode, classCount, signal } = options;
  const n = vectors.length;
  const d = vectors[0].length;
  const k = classMode === "binary" ? 1 : classCount;
  const scale = compressionScale(vectors);
  const features = vectors.map((v) => kernelFeatures(v, scale));
  // Squared distances through the Gram matrix: ‖a − b‖² = ‖a‖² + ‖b‖² − 2a·b.
  const norms = features.map((s) => s.reduce((acc, x) => acc + x * x, 0));
  const distances = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    const a = features[i];
    for (let j = i + 1; j < n; j++) {
      const b = features[j];
      let dot = 0;
      for (let p = 0; p < d; p++) dot += a[p] * b[p];
      const dist = Math.max(0, norms[i] + norms[j] - 2 * dot);
      distances[i * n + j] = dist;
      distances[j * n + i] = dist;
    }
  }
  const offDiagonal: number[] = [];
  for (let i = 0; i < n; i++)
    for (let j = i + 1; j < n; j++) if (distances[i * n + j] > 0) offDiagonal.push(distances[i * n + j]);
  offDiagonal.sort((a, b) => a - b);
  const median = offDiagonal.length > 0 ? offDiagonal[Math.floor(offDiagonal.length / 2)] : 1;

  const y = targetsOf(labels, classMode, classCount);
  // One intercept (the targets' mean) for every setting and every left-out item: leaving one item
  // out moves it by 1/n of that item's target, which the leave-one-out scores below ignore.
  const mean = columnMeans(y, n, k);
  const total = KERNEL_GAMMAS.length * KERNEL_RIDGES.length + 1;
  let done = 0;

  interface Candidate {
    gammaFactor: number;
    ridge: number;
    correct: number;
    squaredError: number;
    /** Each item's leave-one-out scores. */
    scores: Float64Array;
    /** The ridge coefficients on all the items. */
    coefficients: Float64Array;
  }
  let best: Candidate | null = null;
  settings: for (const gammaFactor of KERNEL_GAMMAS) {
    const gamma = gammaFactor / median;
    const kernel = new Float64Array(n * n);
    for (let i = 0; i < n * n; i++) kernel[i] = Math.exp(-gamma * distances[i]);
    for (const ridge of KERNEL_RIDGES) {
      throwIfAborted(signal);
      if (best && options.stopAt !== undefined && Date.now() >= options.stopAt) break settings;
      const { coefficients, scores } = leaveOneOutFit(kernel, n, y, mean, k, ridge);
      let correct = 0;
      let squaredError = 0;
      for (let i = 0; i < n; i++) {
        if (predictedClass(scores, i * k, k) === labels[i][0]) correct++;
        for (let c = 0; c < k; c++) squaredError += (scores[i * k + c] - y[i * k + c]) ** 2;
      }
      // Most correct left out; on a tie the smaller squared error (the ridge's own criterion).
      if (!best || correct > best.correct || (correct === best.correct && squaredError < best.squaredError)) {
        best = { gammaFactor, ridge, correct, squaredError, scores, coefficients };
      }
      options.onProgress?.(++done, total);
      // Let an abort or a heartbeat through between solves.
      await new Promise((resolve) => setImmediate(resolve));
    }
  }
  const chosen = best!;
  const gamma = chosen.gammaFactor / median;
  const { coefficients } = chosen;
  const temperature = fitTemperature(chosen.scores, labels, k);
  options.onProgress?.(total, total);

  // In-sample scores of the final fit, for the run's training loss and accuracy: mean + K·α, which
  // is y − λ·α because (K + λI)·α = y − mean, so no kernel row is needed again.
  const fitted = new Float64Array(n * k);
  let trainCorrect = 0;
  for (let i = 0; i < n; i++) {
    for (let c = 0; c < k; c++) fitted[i * k + c] = y[i * k + c] - chosen.ridge * coefficients[i * k + c];
    if (predictedClass(fitted, i * k, k) === labels[i][0]) trainCorrect++;
  }

  const head = buildKernelHead({ features, scale, gamma, d, coefficients, mean, k, temperature, classMode });
  return {
    head,
    gamma,
    gammaFactor: chosen.gammaFactor,
    ridge: chosen.ridge,
    crossValidationAccuracy: chosen.correct / n,
    leaveOneOut: probabilitiesOf(chosen.scores, n, k, temperature),
    temperature,
    trainLoss: logLoss(fitted, labels, k, temperature),
    trainAccuracy: trainCorrect / n,
  };
}

/**
 * The ridge fit on all n items, (K + λI)·α = Y − mean, and each item's leave-one-out scores: with
 * G = K + λI, the same fit on all items but i scores item i at y_i − α_i / (G⁻¹)_ii (the intercept
 * held at the mean of all n). Every item is scored by a model of the n − 1 others, with no fold
 * assignment to be lucky or unlucky with (5-fold choices on one draw ranged 0.853-0.8665 by how the
 * items were dealt), for about the cost of five fold solves: one factorisation and L⁻¹.
 */
export function leaveOneOutFit(
  kernel: Float64Array,
  n: number,
  y: Float64Array,
  mean: Float64Array,
  k: number,
  ridge: number,
): { coefficients: Float64Array; scores: Float64Array } {
  const centred = new Float64Array(n * k);
  for (let i = 0; i < n; i++) for (let c = 0; c < k; c++) centred[i * k + c] = y[i * k + c] - mean[c];
  const factor = choleskyFactor(ridgeSystem(kernel, n, ridge), n);
  const coefficients = solveFactored(factor, n, centred, k);
  const inverse = inverseDiagonal(factor, n);
  const scores = new Float64Array(n * k);
  for (let i = 0; i < n; i++) {
    for (let c = 0; c < k; c++) scores[i * k + c] = y[i * k + c] - coefficients[i * k + c] / inverse[i];
  }
  return { coefficients, scores };
}

/** K + λI (a copy; the kernel matrix is reused across ridges). */
function ridgeSystem(kernel: Float64Array, n: number, ridge: number): Float64Array {
  const a = Float64Array.from(kernel);
  for (let i = 0; i < n; i++) a[i * n + i] += ridge;
  return a;
}

/** Probabilities of scores at temperature T: sigmoid of the one binary score as [1 − p, p], else softmax. */
function probabilitiesOf(scores: Float64Array, n: number, k: number, t: number): Float32Array[] {
  const row = new Float64Array(Math.max(2, k));
  return Array.from({ length: n }, (_, i) => Float32Array.from(logProbabilitiesInto(row, scores, i, k, t), Math.exp));
}

interface KernelWeights {
  features: Float64Array[];
  scale: number;
  gamma: number;
  d: number;
  coefficients: Float64Array;
  mean: Float64Array;
  k: number;
  temperature: number;
  classMode: ClassMode;
}

/** The fitted kernel as standard layers (see the file header for why each one). */
function buildKernelHead(w: KernelWeights): tf.Sequential {
  const n = w.features.length;
  const { d, k, gamma, temperature } = w;
  // Dense(centres): z_j = 2γ s·c_j − γ(d + ‖c_j‖²) = −γ‖s − c_j‖² for a normalised s (‖s‖² = d).
  const similarityKernel = new Float32Array(d * n);
  const similarityBias = new Float32Array(n);
  w.features.forEach((c, j) => {
    let norm = 0;
    for (let p = 0; p < d; p++) {
      similarityKernel[p * n + j] = 2 * gamma * c[p];
      norm += c[p] * c[p];
    }
    similarityBias[j] = -gamma * (d + norm);
  });
  // Output: T·(Σ_j α_j (elu(z_j) + 1) + mean) = T·Σ_j α_j elu(z_j) + T·(Σ_j α_j + mean).
  const outputKernel = new Float32Array(n * k);
  const outputBias = new Float32Array(k);
  for (let c = 0; c < k; c++) {
    let sum = w.mean[c];
    for (let j = 0; j < n; j++) {
      outputKernel[j * k + c] = temperature * w.coefficients[j * k + c];
      sum += w.coefficients[j * k + c];
    }
    outputBias[c] = temperature * sum;
  }
  const head = tf.sequential({
    name: "kernel_head",
    layers: [
      tf.layers.rescaling({ inputShape: [d], scale: 1 / w.scale, offset: 0, name: "kernel_scale" }),
      tf.layers.activation({ activation: "softsign", name: "kernel_compress" }),
      tf.layers.layerNormalization({
        axis: -1,
        epsilon: NORMALIZE_EPSILON,
        center: false,
        scale: false,
        name: "kernel_normalize",
      }),
      tf.layers.dense({ units: n, activation: "elu", name: "kernel_similarity" }),
      tf.layers.dense({
        units: k,
        activation: w.classMode === "binary" ? "sigmoid" : "softmax",
        name: "kernel_output",
      }),
    ],
  });
  const [, , , similarity, output] = head.layers;
  const tensors = [
    tf.tensor2d(similarityKernel, [d, n]),
    tf.tensor1d(similarityBias),
    tf.tensor2d(outputKernel, [n, k]),
    tf.tensor1d(outputBias),
  ];
  similarity.setWeights(tensors.slice(0, 2));
  output.setWeights(tensors.slice(2));
  for (const t of tensors) t.dispose();
  return head;
}
