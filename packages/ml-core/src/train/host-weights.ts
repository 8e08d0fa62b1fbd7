// The network's variables as host Float32Arrays, for the phases whose steps run on ONNX Runtime (the
// head, head-training-onnx.ts; the fine-tuned top, fine-tune-onnx.ts): the step graph reads them, the
// optimizer updates them in place, checkpoints snapshot and restore them in runPhase's format, and the
// tfjs variables get them back when the phase ends, so saving, export and evaluation see the result.

import * as tf from "@tensorflow/tfjs";
import type { EpochMetrics, NamedArray } from "./checkpoint.ts";

export class HostWeights {
  readonly arrays: Float32Array[];

  constructor(private readonly variables: readonly tf.Variable[]) {
    this.arrays = variables.map((v) => Float32Array.from(v.dataSync() as Float32Array));
  }

  /** A copy in the checkpoint's layout (names `<index>:<variable>`, as runPhase writes them). */
  snapshot(): NamedArray[] {
    return this.variables.map((v, i) => ({
      name: `${i}:${v.name}`,
      shape: [...v.shape],
      values: this.arrays[i].slice(),
    }));
  }

  /** Loads a snapshot; `what` names it in the error when it belongs to another architecture. */
  restore(arrays: readonly NamedArray[], what: string): void {
    const { variables } = this;
    if (arrays.length !== variables.length) {
      throw new Error(
        `${what} has ${arrays.length} arrays but the network has ${variables.length} variables; it belongs to a different architecture`,
      );
    }
    arrays.forEach(({ shape, values }, i) => {
      if (shape.join("x") !== variables[i].shape.join("x")) {
        throw new Error(
          `${what} array ${i} has shape [${shape}] but variable ${variables[i].name} is [${variables[i].shape}]`,
        );
      }
      this.arrays[i].set(values);
    });
  }

  /** Writes the arrays back into the tfjs variables. */
  assign(): void {
    this.variables.forEach((v, i) => {
      tf.tidy(() => v.assign(tf.tensor(this.arrays[i], v.shape, "float32")));
    });
  }
}

/** tf.train.sgd's update, w + (−rate)·g with the rate as a float32 scalar, in place. */
export function sgdStep(w: Float32Array, g: Float32Array, rate: number): void {
  const negRate = Math.fround(-rate);
  for (let e = 0; e < w.length; e++) w[e] += negRate * g[e];
}

/** Decoupled weight decay as runPhase applies it after each step: w · (1 − rate·decay), in place. */
export function decayWeights(
  arrays: readonly Float32Array[],
  indices: Iterable<number>,
  stepRate: number,
  weightDecay: number,
): void {
  if (!(weightDecay > 0)) return;
  const keep = Math.fround(1 - stepRate * weightDecay);
  for (const i of indices) {
    const w = arrays[i];
    for (let e = 0; e < w.length; e++) w[e] *= keep;
  }
}

/** One epoch's figures as runPhase reports them. */
export function epochMetrics(
  phase: EpochMetrics["phase"],
  epoch: number,
  train: { lossSum: number; correct: number; count: number },
  val: { loss: number; acc: number } | null,
  startedAt: number,
): EpochMetrics {
  return {
    phase,
    epoch: epoch + 1,
    loss: train.lossSum / train.count,
    acc: train.correct / train.count,
    valLoss: val ? val.loss : null,
    valAcc: val ? val.acc : null,
    seconds: (performance.now() - startedAt) / 1000,
  };
}
