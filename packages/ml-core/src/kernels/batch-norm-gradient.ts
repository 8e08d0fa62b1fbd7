import * as tf from "@tensorflow/tfjs";

interface BatchNormAttrs {
  varianceEpsilon: number;
}

/**
 * The FusedBatchNorm gradient with tfjs 4.22.0's formulas, minus its waste. tfjs materialises the
 * per-channel 1/sqrt(var + eps) with a Tile to the full activation shape before multiplying (Tile
 * is a scalar loop on WASM and CPU: ~25% of a MobileNetV2 fine-tuning step), and it computes
 * x − mean and dy·scale eagerly even when only dx is wanted. Here every full-size product
 * broadcasts a per-channel vector instead, and each input's gradient does only its own work.
 *
 * In a fine-tuned backbone, BatchNormalization runs in inference mode with frozen moving
 * statistics, so backprop asks only for dx (a per-channel scale of dy), dγ and dβ; the mean and
 * variance gradients are still provided, exactly, for batch-statistics BN (the scratch backbone).
 */
export const fusedBatchNormGradConfig: tf.GradConfig = {
  kernelName: tf.FusedBatchNorm,
  inputsToSave: ["x", "mean", "variance", "scale"],
  gradFunc: (dy, saved, attrs) => {
    const { varianceEpsilon } = attrs as unknown as BatchNormAttrs;
    const [x, mean, variance, scale] = saved;
    const grad = dy as tf.Tensor;
    const reductionAxes = tf.backend_util.getReductionAxes(mean.shape, x.shape);
    const reduce = (t: tf.Tensor) => tf.reshape(mean.rank === 1 ? tf.sum(t, reductionAxes) : t, mean.shape);
    // Per-channel (or per-element, for a full-rank mean) vectors: cheap, shared by the closures.
    const rsqrtVariance = tf.rsqrt(tf.add(variance, tf.scalar(varianceEpsilon)));
    const scaleValue = scale == null ? tf.scalar(1) : scale;
    const inputScale = tf.mul(rsqrtVariance, scaleValue);
    return {
      x: () => tf.reshape(tf.mul(grad, inputScale), x.shape),
      mean: () => reduce(tf.mul(grad, tf.neg(inputScale))),
      variance: () => {
        const minusHalfRCube = tf.mul(tf.mul(tf.mul(rsqrtVariance, rsqrtVariance), rsqrtVariance), tf.scalar(-0.5));
        return reduce(tf.mul(tf.mul(grad, tf.mul(minusHalfRCube, scaleValue)), tf.sub(x, mean)));
      },
      scale: () => reduce(tf.mul(grad, tf.mul(tf.sub(x, mean), rsqrtVariance))),
      offset: () => reduce(grad),
    };
  },
};

let registered = false;

/**
 * Installs the faster BatchNorm gradient for every backend (gradients are backend-independent in
 * tfjs). Idempotent.
 */
export function registerFastGradients(): void {
  if (registered) return;
  tf.registerGradient(fusedBatchNormGradConfig);
  registered = true;
}
