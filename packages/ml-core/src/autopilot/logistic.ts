import * as tf from "@tensorflow/tfjs";
import { throwIfAborted } from "../train/abort.ts";
import {
  type ClassMode,
  encodeTargets,
  lossFromLogits,
  outputUnits,
  toClassProbabilities,
} from "../train/class-mode.ts";
import { TrainingInputError } from "../train/config.ts";

/**
 * Regularised logistic regression on feature vectors (multinomial softmax for multiclass, one sigmoid
 * for binary, one sigmoid per label for multilabel), full-batch Adam on standardised features. It is
 * the pixel baseline's model and the linear probe the recommender measures backbone cut points with:
 * both need a cheap, convex, hyper-parameter-light classifier, not a tuned one.
 */
export interface LogisticOptions {
  classMode: ClassMode;
  classCount: number;
  /** L2 penalty on the weights (mean loss + l2 · Σw²). */
  l2?: number;
  /** Full-batch Adam steps. */
  iterations?: number;
  learningRate?: number;
  signal?: AbortSignal;
}

export interface LogisticModel {
  /** Class probabilities, one column per class (binary expanded to two), one row per vector. */
  predict(vectors: readonly Float32Array[]): Float32Array[];
  dispose(): void;
}

export const DEFAULT_LOGISTIC = { l2: 1e-3, iterations: 200, learningRate: 0.05 } as const;

function stack(vectors: readonly Float32Array[]): Float32Array {
  const width = vectors[0].length;
  const out = new Float32Array(vectors.length * width);
  vectors.forEach((v, i) => {
    if (v.length !== width) throw new TrainingInputError(`vector ${i} has ${v.length} values; the first has ${width}`);
    out.set(v, i * width);
  });
  return out;
}

/** Fits on `vectors` / `labels` (class indices per item). Throws TrainingAbortedError on abort. */
export async function fitLogistic(
  vectors: readonly Float32Array[],
  labels: readonly number[][],
  options: LogisticOptions,
): Promise<LogisticModel> {
  const [model] = await fitLogisticGrid(vectors, labels, options, [options.l2 ?? DEFAULT_LOGISTIC.l2]);
  return model;
}

/**
 * One model per L2 penalty in `l2s`, as `fitLogistic` would fit each (options.l2 is ignored), in one
 * optimisation: the losses are separate sums over separate weight blocks and Adam updates each weight
 * on its own gradient, so every block follows its own fit's trajectory (float rounding aside), while
 * the data is standardised, multiplied and differentiated once per step for the whole grid instead of
 * once per penalty. Throws TrainingAbortedError on abort.
 */
export async function fitLogisticGrid(
  vectors: readonly Float32Array[],
  labels: readonly number[][],
  options: LogisticOptions,
  l2s: readonly number[],
): Promise<LogisticModel[]> {
  if (vectors.length === 0) throw new TrainingInputError("logistic regression needs at least one training vector");
  if (labels.length !== vectors.length) {
    throw new TrainingInputError(`got ${vectors.length} vectors but ${labels.length} label lists`);
  }
  if (l2s.length === 0) throw new TrainingInputError("give at least one L2 penalty to fit");
  const { classMode, classCount } = options;
  const iterations = options.iterations ?? DEFAULT_LOGISTIC.iterations;
  const width = vectors[0].length;
  const units = outputUnits(classMode, classCount);
  const models = l2s.length;
  const flat = stack(vectors);
  // Standardise each feature on the training items (constant features get scale 1), so one rate and
  // one penalty suit pixels and embeddings alike.
  const mean = new Float32Array(width);
  const scale = new Float32Array(width);
  for (let i = 0; i < vectors.length; i++) for (let j = 0; j < width; j++) mean[j] += flat[i * width + j];
  for (let j = 0; j < width; j++) mean[j] /= vectors.length;
  for (let i = 0; i < vectors.length; i++)
    for (let j = 0; j < width; j++) scale[j] += (flat[i * width + j] - mean[j]) ** 2;
  for (let j = 0; j < width; j++) {
    const sd = Math.sqrt(scale[j] / vectors.length);
    scale[j] = sd > 1e-6 ? 1 / sd : 1;
  }
  // Model k's weights are columns k·units..(k+1)·units of one matrix.
  // tidy frees the zeros the variables were initialised from (variables themselves survive it);
  // without it every fit left two tensors behind, which the trainer's tensor-count tests caught.
  const weights = tf.tidy(() => tf.variable(tf.zeros([width, models * units]), true, undefined));
  const bias = tf.tidy(() => tf.variable(tf.zeros([models * units]), true, undefined));
  const x = tf.tidy(() => tf.mul(tf.sub(tf.tensor2d(flat, [vectors.length, width]), mean), scale));
  const y = tf.tensor2d(encodeTargets(classMode, classCount, labels as number[][]), [vectors.length, units]);
  const optimizer = tf.train.adam(options.learningRate ?? DEFAULT_LOGISTIC.learningRate);
  try {
    for (let step = 0; step < iterations; step++) {
      if (step % 20 === 0) {
        throwIfAborted(options.signal);
        // Lets an abort from a timer or request handler land between chunks of steps.
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
      tf.tidy(() => {
        optimizer.minimize(() => {
          const logits = tf.add(tf.matMul(x, weights), bias) as tf.Tensor2D;
          const losses = l2s.map((l2, k) => {
            const own = tf.slice(logits, [0, k * units], [-1, units]) as tf.Tensor2D;
            const w = tf.slice(weights, [0, k * units], [-1, units]);
            return tf.add(lossFromLogits(classMode, y, own), tf.mul(l2, tf.sum(tf.square(w))));
          });
          return tf.addN(losses) as tf.Scalar;
        });
      });
    }
  } catch (error) {
    tf.dispose([weights, bias]);
    throw error;
  } finally {
    tf.dispose([x, y]);
    optimizer.dispose();
  }
  const fitted = l2s.map((_, k) =>
    linearModel(
      classMode,
      mean,
      scale,
      tf.slice(weights, [0, k * units], [-1, units]),
      tf.slice(bias, [k * units], [units]),
    ),
  );
  tf.dispose([weights, bias]);
  return fitted;
}

function linearModel(
  classMode: ClassMode,
  mean: Float32Array,
  scale: Float32Array,
  weights: tf.Tensor,
  bias: tf.Tensor,
): LogisticModel {
  const width = mean.length;
  const meanT = tf.tensor1d(mean);
  const scaleT = tf.tensor1d(scale);
  let disposed = false;
  return {
    predict(items) {
      if (disposed) throw new Error("this logistic model was disposed");
      if (items.length === 0) return [];
      const probs = tf.tidy(() => {
        const input = tf.mul(tf.sub(tf.tensor2d(stack(items), [items.length, width]), meanT), scaleT);
        const logits = tf.add(tf.matMul(input, weights), bias);
        return classMode === "multiclass" ? tf.softmax(logits) : tf.sigmoid(logits);
      });
      const values = probs.dataSync() as Float32Array;
      probs.dispose();
      return toClassProbabilities(classMode, values, items.length);
    },
    dispose() {
      if (disposed) return;
      disposed = true;
      tf.dispose([meanT, scaleT, weights, bias]);
    },
  };
}

/** Share of items whose highest-probability class is their label (single-label), or per-label hits at 0.5 (multilabel). */
export function accuracyOf(
  classMode: ClassMode,
  probabilities: readonly Float32Array[],
  labels: readonly number[][],
): number {
  if (probabilities.length === 0) return 0;
  let hits = 0;
  probabilities.forEach((p, i) => {
    if (classMode === "multilabel") {
      let ok = 0;
      for (let c = 0; c < p.length; c++) if (p[c] >= 0.5 === labels[i].includes(c)) ok++;
      hits += ok / p.length;
    } else {
      let best = 0;
      for (let c = 1; c < p.length; c++) if (p[c] > p[best]) best = c;
      if (best === labels[i][0]) hits++;
    }
  });
  return hits / probabilities.length;
}

/** Mean cross-entropy of the true labels (single-label) or per-label binary cross-entropy (multilabel). */
export function logLossOf(
  classMode: ClassMode,
  probabilities: readonly Float32Array[],
  labels: readonly number[][],
): number {
  if (probabilities.length === 0) return 0;
  const eps = 1e-7;
  let sum = 0;
  probabilities.forEach((p, i) => {
    if (classMode === "multilabel") {
      let s = 0;
      for (let c = 0; c < p.length; c++) {
        const q = Math.min(1 - eps, Math.max(eps, p[c]));
        s -= labels[i].includes(c) ? Math.log(q) : Math.log(1 - q);
      }
      sum += s / p.length;
    } else sum -= Math.log(Math.max(eps, p[labels[i][0]]));
  });
  return sum / probabilities.length;
}
