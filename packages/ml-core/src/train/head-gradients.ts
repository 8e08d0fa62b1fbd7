import * as tf from "@tensorflow/tfjs";
import { type ClassMode, correctFromLogits, lossFromLogits } from "./class-mode.ts";

export interface StepGradients {
  /** Mean loss of the batch, as the optimizer minimises it. */
  loss: tf.Scalar;
  /** Correct items in the batch (see correctFromLogits). */
  correct: tf.Scalar;
  /** d loss / d variable, keyed by variable name (what Optimizer.applyGradients takes). */
  grads: tf.NamedTensorMap;
}

/**
 * The scaled keep-mask tf.dropout multiplies by, drawn exactly as tf.dropout draws it for `seed`, so
 * the analytic step sees the same mask as `headLogits` and the autodiff path.
 */
function dropoutMask(shape: number[], rate: number, seed: number): tf.Tensor {
  const keep = 1 - rate;
  return tf.div(tf.floor(tf.add(tf.randomUniform(shape, 0, 1, "float32", seed), keep)), keep);
}

/**
 * One training step's loss and gradients for the reference head (Dense relu -> Dropout -> Dense),
 * written out by hand instead of taped by autodiff. The head is two matrix products, so its backward
 * pass is four more; autodiff gets there through ~90 kernel calls per step (each with tape and
 * bookkeeping) where this needs ~35, and per-call overhead, not arithmetic, is what dominated head
 * training on cached vectors. Matches tf.variableGrads on the same step (see head-gradients.test.ts).
 *
 * Both losses are means over every output element: sigmoid cross-entropy (binary, multilabel) has
 * d/dz = (sigmoid(z) - y) / (n·units); softmax cross-entropy (multiclass, one-hot y) has
 * d/dz = (softmax(z) - y) / n.
 */
export function headGradients(
  head: tf.LayersModel,
  classMode: ClassMode,
  x: tf.Tensor2D,
  y: tf.Tensor2D,
  dropoutSeed: number | undefined,
): StepGradients {
  const [hiddenLayer, dropoutLayer, outputLayer] = head.layers;
  const [w1, b1] = hiddenLayer.trainableWeights.map((w) => w.read() as tf.Variable);
  const [w2, b2] = outputLayer.trainableWeights.map((w) => w.read() as tf.Variable) as [
    tf.Variable<tf.Rank.R2>,
    tf.Variable<tf.Rank.R1>,
  ];
  const rate = (dropoutLayer.getConfig().rate as number) ?? 0;
  const [n, units] = y.shape;

  const hidden = hiddenLayer.apply(x) as tf.Tensor2D; // relu(x·W1 + b1), one fused kernel
  const mask = dropoutSeed !== undefined && rate > 0 ? dropoutMask(hidden.shape, rate, dropoutSeed) : null;
  const dropped = mask ? tf.mul(hidden, mask) : hidden;
  const logits = tf.add(tf.matMul(dropped, w2), b2) as tf.Tensor2D;
  const loss = lossFromLogits(classMode, y, logits);
  const correct = correctFromLogits(classMode, y, logits);

  const activated = classMode === "multiclass" ? tf.softmax(logits) : tf.sigmoid(logits);
  const dLogits = tf.mul(tf.sub(activated, y), 1 / (classMode === "multiclass" ? n : n * units));
  const dW2 = tf.matMul(dropped, dLogits, true, false);
  const dB2 = tf.sum(dLogits, 0);
  let dHidden = tf.matMul(dLogits, w2, false, true);
  if (mask) dHidden = tf.mul(dHidden, mask);
  // relu'(z) is 1 where the relu output is positive (tfjs's Relu gradient uses step(z), the same set).
  const dPre = tf.mul(dHidden, tf.cast(tf.greater(hidden, 0), "float32"));
  const dW1 = tf.matMul(x, dPre, true, false);
  const dB1 = tf.sum(dPre, 0);
  return { loss, correct, grads: { [w1.name]: dW1, [b1.name]: dB1, [w2.name]: dW2, [b2.name]: dB2 } };
}

/**
 * Whether `head` is exactly the architecture headGradients differentiates: buildHead's Dense(relu,
 * with bias) -> Dropout -> Dense(with bias, the class mode's activation). Anything else trains
 * through autodiff.
 */
export function hasReferenceHeadShape(head: tf.LayersModel, outputActivation: string): boolean {
  const [hidden, dropout, output, ...rest] = head.layers;
  if (!hidden || !dropout || !output || rest.length > 0) return false;
  const hiddenConfig = hidden.getConfig();
  const outputConfig = output.getConfig();
  return (
    hidden.getClassName() === "Dense" &&
    hiddenConfig.activation === "relu" &&
    hiddenConfig.useBias === true &&
    dropout.getClassName() === "Dropout" &&
    output.getClassName() === "Dense" &&
    outputConfig.activation === outputActivation &&
    outputConfig.useBias === true &&
    hidden.trainableWeights.length === 2 &&
    output.trainableWeights.length === 2
  );
}
