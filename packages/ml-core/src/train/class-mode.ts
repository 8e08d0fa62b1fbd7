import * as tf from "@tensorflow/tfjs";

/**
 * The reference recipe's loss table: binary = one sigmoid unit + binary cross-entropy, multiclass =
 * softmax + categorical cross-entropy, multilabel = one sigmoid per label + binary cross-entropy.
 */
export type ClassMode = "binary" | "multiclass" | "multilabel";

export function outputUnits(classMode: ClassMode, classCount: number): number {
  return classMode === "binary" ? 1 : classCount;
}

export function outputActivation(classMode: ClassMode): "sigmoid" | "softmax" {
  return classMode === "multiclass" ? "softmax" : "sigmoid";
}

/** Training targets as the output layer sees them, one row per item. */
export function encodeTargets(classMode: ClassMode, classCount: number, labels: number[][]): Float32Array {
  const units = outputUnits(classMode, classCount);
  const targets = new Float32Array(labels.length * units);
  labels.forEach((itemLabels, i) => {
    if (classMode === "binary") targets[i] = itemLabels[0] === 1 ? 1 : 0;
    else for (const label of itemLabels) targets[i * units + label] = 1;
  });
  return targets;
}

/** Mean loss from logits; the stable fused forms avoid log(0) on saturated outputs. */
export function lossFromLogits(classMode: ClassMode, targets: tf.Tensor2D, logits: tf.Tensor2D): tf.Scalar {
  return classMode === "multiclass"
    ? tf.losses.softmaxCrossEntropy(targets, logits)
    : tf.losses.sigmoidCrossEntropy(targets, logits);
}

/** Count of correct items: argmax match (multiclass), 0.5 cut (binary), per-label 0.5 cut (multilabel, counted per label). */
export function correctFromLogits(classMode: ClassMode, targets: tf.Tensor2D, logits: tf.Tensor2D): tf.Scalar {
  return tf.tidy(() => {
    if (classMode === "multiclass") {
      return tf.equal(tf.argMax(logits, 1), tf.argMax(targets, 1)).sum() as tf.Scalar;
    }
    // Targets may be label-smoothed (0.05 / 0.95), so they are cut at 0.5 like the predictions.
    const predicted = tf.greater(logits, 0);
    const hits = tf.equal(predicted, tf.greater(targets, 0.5)).cast("float32").sum();
    return (classMode === "multilabel" ? hits.div(targets.shape[1]) : hits) as tf.Scalar;
  });
}

/** Probabilities as one row per item and one column per class (binary expands p to [1 - p, p]). */
export function toClassProbabilities(classMode: ClassMode, outputs: Float32Array, count: number): Float32Array[] {
  const units = outputs.length / count;
  return Array.from({ length: count }, (_, i) => {
    if (classMode === "binary") return Float32Array.of(1 - outputs[i], outputs[i]);
    return outputs.slice(i * units, (i + 1) * units);
  });
}

/**
 * Label smoothing of encoded targets: each row moves `amount` of its mass to the uniform
 * distribution (1/K per class for softmax, 1/2 per independent sigmoid output). Soft targets stop
 * the logits from growing without bound on small datasets, a cheap regulariser; 0 returns the input.
 */
export function smoothTargets(
  classMode: ClassMode,
  targets: Float32Array,
  units: number,
  amount: number,
): Float32Array {
  if (amount === 0) return targets;
  const uniform = classMode === "multiclass" ? 1 / units : 0.5;
  return targets.map((y) => y * (1 - amount) + amount * uniform);
}
