// The network's variables as host Float32Arrays, for the phases whose steps run on ONNX Runtime (the
// head, head-training-onnx.ts; the fine-tuned top, fine-tune-onnx.ts): the step graph reads them, the
// optimizer updates them in place, checkpoints snapshot and restore them in runPhase's format, and the
// tfjs variables get them back when the phase ends, so saving, export and evaluation see the result.

import * as tf from "@tensorflow/tfjs";
import { assertSnapshotFits, type NamedArray, snapshotEntry } from "./checkpoint.ts";

export class HostWeights {
  readonly arrays: Float32Array[];

  constructor(private readonly variables: readonly tf.Variable[]) {
    this.arrays = variables.map((v) => Float32Array.from(v.dataSync() as Float32Array));
  }

  /** A copy in the checkpoint's layout (as runPhase writes it). */
  snapshot(): NamedArray[] {
    return this.variables.map((v, i) => snapshotEntry(i, v, this.arrays[i].slice()));
  }

  /** Loads a snapshot; `what` names it in the error when it belongs to another architecture. */
  restore(arrays: readonly NamedArray[], what: string): void {
    assertSnapshotFits(arrays, this.variables, what);
    arrays.forEach(({ values }, i) => this.arrays[i].set(values));
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
