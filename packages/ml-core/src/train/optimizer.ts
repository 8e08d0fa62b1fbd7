import * as tf from "@tensorflow/tfjs";
import type { NamedArray } from "./checkpoint.ts";

export type OptimizerName = "adam" | "sgd" | "rmsprop";

export function createOptimizer(name: OptimizerName, learningRate: number): tf.Optimizer {
  switch (name) {
    case "adam":
      return tf.train.adam(learningRate);
    case "sgd":
      return tf.train.sgd(learningRate);
    case "rmsprop":
      return tf.train.rmsprop(learningRate);
  }
}

/** Optimizer slots (iteration count, moments) as plain arrays for a checkpoint. */
export async function readOptimizerState(optimizer: tf.Optimizer): Promise<NamedArray[]> {
  const named = await optimizer.getWeights();
  const out: NamedArray[] = [];
  for (const [i, { name, tensor }] of named.entries()) {
    out.push({ name, shape: tensor.shape, values: Float32Array.from(await tensor.data()) });
    // The first entry is a fresh scalar holding the iteration count; the rest are the live slots.
    if (i === 0) tensor.dispose();
  }
  return out;
}

export async function writeOptimizerState(optimizer: tf.Optimizer, state: NamedArray[]): Promise<void> {
  if (state.length === 0) return;
  const tensors = state.map(({ name, shape, values }, i) => ({
    name,
    tensor: i === 0 ? tf.scalar(Math.round(values[0]), "int32") : tf.tensor(values, shape, "float32"),
  }));
  await optimizer.setWeights(tensors);
  // setWeights turns each slot into its own variable, so the staging tensors can go.
  tf.dispose(tensors.map((t) => t.tensor));
}
