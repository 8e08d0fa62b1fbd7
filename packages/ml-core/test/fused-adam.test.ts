// FusedAdam (one JS loop per variable per step) against tfjs's own Adam: the same weights step by
// step, through a learning-rate change, and checkpoint slots that move between the two.
import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { initBackend } from "../src/backend/index.ts";
import {
  createOptimizer,
  FusedAdam,
  isFusedAdam,
  readOptimizerState,
  writeOptimizerState,
} from "../src/train/optimizer.ts";
import { TrainingRng } from "../src/train/rng.ts";

beforeAll(async () => {
  await initBackend();
});

const SHAPES: number[][] = [[40, 16], [16], [16, 3], [3]];

function randomValues(rng: TrainingRng, size: number, scale: number): Float32Array {
  return Float32Array.from({ length: size }, () => (rng.next() - 0.5) * scale);
}

/** Two identical sets of variables (distinct names), one per optimizer. */
function twinVariables(seed: number): [tf.Variable[], tf.Variable[]] {
  const rng = new TrainingRng(seed);
  const initial = SHAPES.map((shape) =>
    randomValues(
      rng,
      shape.reduce((a, b) => a * b, 1),
      1,
    ),
  );
  const make = (tag: string) =>
    SHAPES.map((shape, i) => tf.variable(tf.tensor(initial[i]!, shape), true, `${tag}_${seed}_${i}`));
  return [make("reference"), make("fused")];
}

/** The same gradients (as values) applied to each set. */
function step(optimizer: tf.Optimizer, variables: tf.Variable[], gradients: Float32Array[]): void {
  tf.tidy(() => {
    const map: tf.NamedTensorMap = {};
    variables.forEach((v, i) => {
      map[v.name] = tf.tensor(gradients[i]!, v.shape);
    });
    optimizer.applyGradients(map);
  });
}

function maxDifference(a: tf.Variable[], b: tf.Variable[]): number {
  let worst = 0;
  a.forEach((v, i) => {
    const x = v.dataSync();
    const y = b[i]!.dataSync();
    for (let k = 0; k < x.length; k++) worst = Math.max(worst, Math.abs(x[k]! - y[k]!));
  });
  return worst;
}

function randomGradients(rng: TrainingRng): Float32Array[] {
  return SHAPES.map((shape) =>
    randomValues(
      rng,
      shape.reduce((a, b) => a * b, 1),
      0.2,
    ),
  );
}

describe("FusedAdam", () => {
  it("is what createOptimizer('adam') returns", () => {
    const optimizer = createOptimizer("adam", 0.001);
    expect(isFusedAdam(optimizer)).toBe(true);
    const reference = tf.train.adam(0.001);
    expect(isFusedAdam(reference)).toBe(false);
    reference.dispose();
    optimizer.dispose();
  });

  it("matches tf.train.adam step by step within float32 rounding, through a rate change", () => {
    const [reference, fused] = twinVariables(1);
    const tfAdam = tf.train.adam(0.01);
    const ours = new FusedAdam(0.01);
    const rng = new TrainingRng(9);
    let worst = 0;
    for (let t = 0; t < 30; t++) {
      if (t === 15) {
        // A schedule sets the field between steps (loop.ts setLearningRate).
        (tfAdam as unknown as { learningRate: number }).learningRate = 0.002;
        ours.learningRate = 0.002;
      }
      const gradients = randomGradients(rng);
      step(tfAdam, reference, gradients);
      step(ours, fused, gradients);
      worst = Math.max(worst, maxDifference(reference, fused));
    }
    // The weights moved (30 steps of ~0.01), and the two agree to float32 rounding.
    expect(Math.abs(reference[0]!.dataSync()[0]! - fused[0]!.dataSync()[0]!)).toBeLessThan(1e-5);
    expect(worst).toBeLessThan(1e-5);
    expect(ours.iterations).toBe(30);
    tfAdam.dispose();
    ours.dispose();
    tf.dispose([...reference, ...fused]);
  });

  it("continues tf.train.adam's checkpoint (and its own) with the same steps", async () => {
    const [reference, fused] = twinVariables(2);
    const tfAdam = tf.train.adam(0.005);
    const rng = new TrainingRng(4);
    for (let t = 0; t < 5; t++) step(tfAdam, reference, randomGradients(rng));
    const state = await readOptimizerState(tfAdam);
    // The fused side starts from the reference's weights and tfjs's slots.
    fused.forEach((v, i) => v.assign(reference[i]!));
    const ours = new FusedAdam(0.005);
    await writeOptimizerState(ours, state);
    expect(ours.iterations).toBe(5);
    const ownState = await readOptimizerState(ours);
    expect(ownState.map((s) => s.name.replace(/^\w+?_\d+_/, ""))).toEqual(
      state.map((s) => s.name.replace(/^\w+?_\d+_/, "")),
    );
    for (let t = 0; t < 5; t++) {
      const gradients = randomGradients(rng);
      step(tfAdam, reference, gradients);
      step(ours, fused, gradients);
    }
    expect(maxDifference(reference, fused)).toBeLessThan(1e-5);
    tfAdam.dispose();
    ours.dispose();
    tf.dispose([...reference, ...fused]);
  });

  it("holds no tensors between steps", () => {
    const [, fused] = twinVariables(3);
    const ours = new FusedAdam(0.01);
    const rng = new TrainingRng(5);
    step(ours, fused, randomGradients(rng));
    const before = tf.memory().numTensors;
    for (let t = 0; t < 5; t++) step(ours, fused, randomGradients(rng));
    expect(tf.memory().numTensors).toBe(before);
    ours.dispose();
    tf.dispose(fused);
  });
});
