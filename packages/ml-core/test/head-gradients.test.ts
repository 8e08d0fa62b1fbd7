import * as tf from "@tensorflow/tfjs";
import { describe, expect, it } from "vitest";
import { initBackend } from "../src/backend/index.ts";
import { type ClassMode, lossFromLogits } from "../src/train/class-mode.ts";
import { buildHead, headLogits } from "../src/train/head.ts";
import { hasReferenceHeadShape, headGradients } from "../src/train/head-gradients.ts";
import { headNetwork } from "../src/train/head-training.ts";
import { TrainingRng } from "../src/train/rng.ts";

const N = 12;
const DIM = 20;

function batch(classMode: ClassMode, classCount: number, seed: number) {
  const rng = new TrainingRng(seed);
  const x = Float32Array.from({ length: N * DIM }, () => rng.next() * 2);
  const units = classMode === "binary" ? 1 : classCount;
  const y = new Float32Array(N * units);
  for (let i = 0; i < N; i++) {
    if (classMode === "binary") y[i] = rng.int(2);
    else if (classMode === "multiclass") y[i * units + rng.int(units)] = 1;
    else for (let u = 0; u < units; u++) y[i * units + u] = rng.int(2);
  }
  return { x, y, units };
}

/** Loss and gradients of one step both ways, on one backend; arrays in the head's trainable order. */
async function bothWays(backend: "cpu" | "wasm", classMode: ClassMode, dropoutSeed: number) {
  await initBackend(backend);
  const classCount = classMode === "binary" ? 2 : 3;
  const head = buildHead({ inputDim: DIM, units: 8, dropout: 0.5, classMode, classCount, seed: 5 });
  const { x, y, units } = batch(classMode, classCount, 9);
  const trainable = head.trainableWeights.map((w) => w.read() as tf.Variable);
  const read = async (ts: tf.Tensor[]) => Promise.all(ts.map(async (t) => Float32Array.from(await t.data())));
  try {
    const xs = tf.tensor2d(x, [N, DIM]);
    const ys = tf.tensor2d(y, [N, units]);
    const analytic = tf.tidy(() => {
      const step = headGradients(head, classMode, xs, ys, dropoutSeed);
      return [step.loss, ...trainable.map((v) => step.grads[v.name])];
    });
    const autodiff = tf.tidy(() => {
      const { value, grads } = tf.variableGrads(
        () => lossFromLogits(classMode, ys, headLogits(head, xs, dropoutSeed)),
        trainable,
      );
      return [value, ...trainable.map((v) => grads[v.name])];
    });
    const result = { analytic: await read(analytic), autodiff: await read(autodiff) };
    tf.dispose([xs, ys, ...analytic, ...autodiff]);
    return result;
  } finally {
    head.dispose();
  }
}

function expectClose(actual: Float32Array, expected: Float32Array) {
  expect(actual.length).toBe(expected.length);
  const scale = Math.max(1e-3, ...Array.from(expected, Math.abs));
  const worst = actual.reduce((m, v, i) => Math.max(m, Math.abs(v - expected[i])), 0);
  expect(worst / scale).toBeLessThan(1e-5);
}

describe("hand-written head gradients", () => {
  const modes: ClassMode[] = ["binary", "multiclass", "multilabel"];
  for (const backend of ["cpu", "wasm"] as const) {
    it.each(modes)(`match autodiff on ${backend} with dropout: %s`, async (classMode) => {
      const { analytic, autodiff } = await bothWays(backend, classMode, 1234);
      expect(analytic).toHaveLength(5);
      analytic.forEach((values, i) => expectClose(values, autodiff[i]));
      // Dropout and a real gradient: no all-zero arrays (which would match trivially).
      for (const values of analytic.slice(1)) expect(values.some((v) => v !== 0)).toBe(true);
    });
  }

  it("use the same dropout mask as the forward pass for a seed, and another for another seed", async () => {
    const a = await bothWays("cpu", "binary", 1);
    const b = await bothWays("cpu", "binary", 2);
    expect(a.analytic[1]).not.toEqual(b.analytic[1]);
    a.analytic.forEach((values, i) => expectClose(values, a.autodiff[i]));
  });

  it("are used only for heads of the reference shape", async () => {
    await initBackend("cpu");
    const reference = buildHead({
      inputDim: 4,
      units: 3,
      dropout: 0.2,
      classMode: "multiclass",
      classCount: 3,
      seed: 1,
    });
    const other = tf.sequential({ layers: [tf.layers.dense({ inputShape: [4], units: 3, activation: "softmax" })] });
    try {
      expect(hasReferenceHeadShape(reference, "softmax")).toBe(true);
      expect(hasReferenceHeadShape(reference, "sigmoid")).toBe(false);
      expect(hasReferenceHeadShape(other, "softmax")).toBe(false);
      expect(headNetwork(reference, "multiclass").gradients).toBeTypeOf("function");
      expect(headNetwork(reference, "binary").gradients).toBeUndefined();
      expect(headNetwork(other, "multiclass").gradients).toBeUndefined();
    } finally {
      reference.dispose();
      other.dispose();
    }
  });
});
