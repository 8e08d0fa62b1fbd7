import * as tf from "@tensorflow/tfjs";
import { finishBackbone } from "./finish.ts";
import { preprocessingLayer } from "./preprocessing.ts";
import type { Backbone, BackboneBlock, BackboneSpec } from "./types.ts";

const FILTERS = [16, 32, 64, 128] as const;

export const SCRATCH_BLOCKS: readonly BackboneBlock[] = FILTERS.map((_, i) => ({
  name: `block_${i + 1}`,
  firstLayer: `block_${i + 1}_conv`,
}));

/**
 * The no-transfer baseline: four conv–BN–ReLU blocks (16, 32, 64, 128 filters, 2× max-pooling
 * between them) from a seeded He initialisation, trainable end to end (TrainConfig.endToEnd). Its
 * BatchNormalization layers train normally: there are no pretrained statistics to protect.
 */
export function buildScratch(spec: BackboneSpec, seed = 1): Backbone {
  const input = tf.input({ shape: [spec.inputSize, spec.inputSize, 3], name: "input" });
  let x = preprocessingLayer(spec.preprocessing).apply(input) as tf.SymbolicTensor;
  FILTERS.forEach((filters, i) => {
    const block = `block_${i + 1}`;
    x = tf.layers
      .conv2d({
        filters,
        kernelSize: 3,
        padding: "same",
        useBias: false,
        kernelInitializer: tf.initializers.heNormal({ seed: seed * 101 + i }),
        name: `${block}_conv`,
      })
      .apply(x) as tf.SymbolicTensor;
    // Momentum 0.9 rather than Keras' 0.99: a small dataset gives only ~10 steps per epoch, and with
    // 0.99 the moving statistics used at inference would still sit near their initial values after
    // a 10-epoch run, so validation would see a different network than training did.
    x = tf.layers.batchNormalization({ momentum: 0.9, name: `${block}_bn` }).apply(x) as tf.SymbolicTensor;
    x = tf.layers.reLU({ name: `${block}_relu` }).apply(x) as tf.SymbolicTensor;
    if (i < FILTERS.length - 1)
      x = tf.layers.maxPooling2d({ poolSize: 2, name: `${block}_pool` }).apply(x) as tf.SymbolicTensor;
  });
  const cut = tf.model({ inputs: input, outputs: x, name: "scratch_cnn" });
  return finishBackbone(cut, spec, SCRATCH_BLOCKS);
}
