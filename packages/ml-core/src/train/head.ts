import * as tf from "@tensorflow/tfjs";
import { type ClassMode, outputActivation, outputUnits } from "./class-mode.ts";

export interface HeadOptions {
  inputDim: number;
  units: number;
  dropout: number;
  classMode: ClassMode;
  classCount: number;
  seed: number;
}

/**
 * The reference head on pooled features: Dense(units, relu) -> Dropout -> Dense(outputs). Pooling
 * belongs to the backbone's feature output, so the head's input is the feature vector. Initialisers
 * are seeded so two runs with one seed start from the same weights.
 */
export function buildHead(options: HeadOptions): tf.Sequential {
  const { inputDim, units, dropout, classMode, classCount, seed } = options;
  return tf.sequential({
    layers: [
      tf.layers.dense({
        inputShape: [inputDim],
        units,
        activation: "relu",
        kernelInitializer: tf.initializers.glorotUniform({ seed }),
        biasInitializer: "zeros",
      }),
      tf.layers.dropout({ rate: dropout }),
      tf.layers.dense({
        units: outputUnits(classMode, classCount),
        activation: outputActivation(classMode),
        kernelInitializer: tf.initializers.glorotUniform({ seed: seed + 1 }),
        biasInitializer: "zeros",
      }),
    ],
  });
}

/**
 * Pre-activation outputs of the head. Dropout is applied here with an explicit per-step seed rather
 * than through the Dropout layer: a seeded tfjs Dropout layer draws the same mask on every step, and an
 * unseeded one is not reproducible. `dropoutSeed` undefined means inference (no dropout).
 */
export function headLogits(head: tf.LayersModel, features: tf.Tensor, dropoutSeed: number | undefined): tf.Tensor2D {
  const [hidden, dropoutLayer, output] = head.layers;
  let h = hidden.apply(features) as tf.Tensor2D;
  const rate = (dropoutLayer.getConfig().rate as number) ?? 0;
  if (dropoutSeed !== undefined && rate > 0) h = tf.dropout(h, rate, undefined, dropoutSeed) as tf.Tensor2D;
  const [kernel, bias] = output.trainableWeights.map((w) => w.read());
  return tf.add(tf.matMul(h, kernel as tf.Tensor2D), bias) as tf.Tensor2D;
}
