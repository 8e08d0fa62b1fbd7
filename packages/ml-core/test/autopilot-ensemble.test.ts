// An AUTO run's ensemble (ensemble.ts): members trained from one recipe (same layer names) merged into
// one saved tfjs model whose output is the mean of theirs, loaded back with importModel, exported
// to ONNX and run on onnxruntime, each against the members' own predictions.
import * as tf from "@tensorflow/tfjs";
import * as ort from "onnxruntime-node";
import { beforeAll, describe, expect, it } from "vitest";
import { ENSEMBLE_AVERAGE_LAYER, ensembleModelFiles } from "../src/autopilot/ensemble.ts";
import { backboneSpec, loadBackbone } from "../src/backbones/index.ts";
import { initBackend } from "../src/backend/index.ts";
import type { ClassMode } from "../src/index.ts";
import {
  composeFullModel,
  exportModel,
  importModel,
  MODEL_FILE,
  ModelFormatError,
  type ModelManifest,
  WEIGHTS_FILE,
} from "../src/model-io/index.ts";
import { exportOnnxModel } from "../src/onnx/index.ts";
import { buildHead } from "../src/train/head.ts";

const SIZE = 28;

function manifestOf(classMode: ClassMode, labels: string[]): ModelManifest {
  return {
    format: "headstart-classifier",
    formatVersion: 1,
    kind: "full",
    labels,
    classMode,
    inputSize: SIZE,
    preprocessing: "zero_to_one",
    backbone: { id: "scratch", version: "1", featureSize: 128 },
    threshold: 0.5,
    metrics: {},
  };
}

/**
 * A member as an AUTO run stores it: the scratch CNN (fixed layer names) and a head, composed flat,
 * exported, with batch-norm statistics and weights moved off their initial values (batch-norm gamma, moving mean and variance stay near 1, 0 and 1).
 */
async function member(seed: number, classMode: ClassMode, labels: string[]) {
  const backbone = await loadBackbone(backboneSpec("scratch", { inputSize: SIZE }), { seed });
  const head = buildHead({ inputDim: 128, units: 16, dropout: 0.3, classMode, classCount: labels.length, seed });
  const model = composeFullModel(backbone.model, head);
  for (const [i, weight] of model.weights.entries()) {
    const value = weight.read();
    weight.write(tf.tidy(() => value.add(tf.randomUniform(value.shape, -0.1, 0.1, "float32", seed * 1000 + i))));
  }
  const files = await exportModel(model, manifestOf(classMode, labels));
  backbone.dispose();
  return files;
}

function pixels(count: number, seed: number): tf.Tensor4D {
  return tf.randomUniform([count, SIZE, SIZE, 3], 0, 255, "float32", seed) as tf.Tensor4D;
}

function maxDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]));
  return worst;
}

beforeAll(async () => {
  await initBackend("wasm");
});

describe.each([
  { classMode: "multiclass" as const, labels: ["bag", "coat", "shirt"], members: 3, weights: undefined },
  { classMode: "binary" as const, labels: ["sandal", "sneaker"], members: 2, weights: undefined },
  // Weighted: each member's output scaled by a Rescaling layer before the Average.
  { classMode: "multiclass" as const, labels: ["bag", "coat", "shirt"], members: 3, weights: [0.25, 0.25, 0.5] },
  { classMode: "binary" as const, labels: ["sandal", "sneaker"], members: 2, weights: [1, 3] },
])("ensembleModelFiles, $classMode, weights $weights", ({ classMode, labels, members: count, weights }) => {
  it("is one flat model whose output is the (weighted) mean of the members' and which converts to ONNX", async () => {
    const members = [];
    for (let k = 0; k < count; k++) members.push(await member(11 + k, classMode, labels));
    const manifest = manifestOf(classMode, labels);
    const merged = ensembleModelFiles(members, undefined, weights);
    const shares = (weights ?? members.map(() => 1)).map((w, _, all) => w / all.reduce((a, b) => a + b, 0));
    const { model: ensemble } = await importModel({
      ...merged,
      "manifest.json": new TextEncoder().encode(JSON.stringify(manifest)),
    });
    const loaded = await Promise.all(members.map(async (files) => (await importModel(files)).model));
    try {
      // Flat: no nested models, every member's layers once, one averaging layer at the end.
      expect(ensemble.layers.every((layer) => !(layer instanceof tf.LayersModel))).toBe(true);
      const weightLayers = weights ? count : 0;
      expect(ensemble.layers.length).toBe(
        1 + loaded.reduce((sum, m) => sum + m.layers.length - 1, 0) + weightLayers + 1,
      );
      expect(ensemble.layers.at(-1)!.name).toBe(ENSEMBLE_AVERAGE_LAYER);
      expect(ensemble.countParams()).toBe(loaded.reduce((sum, m) => sum + m.countParams(), 0));

      const x = pixels(6, 5);
      const want = tf.tidy(() => tf.addN(loaded.map((m, k) => (m.predict(x) as tf.Tensor).mul(shares[k]!))));
      const got = ensemble.predict(x) as tf.Tensor;
      const wantValues = want.dataSync();
      expect(got.shape).toEqual(want.shape);
      expect(maxDifference(got.dataSync(), wantValues)).toBeLessThan(1e-5);
      // The members really differ, so the mean is not any one member's output.
      const first = tf.tidy(() => (loaded[0].predict(x) as tf.Tensor).dataSync());
      expect(maxDifference(first, wantValues)).toBeGreaterThan(1e-4);

      // Saved again as a platform model, it loads back to the same predictions.
      const again = await importModel(await exportModel(ensemble, manifest));
      const reloaded = again.model.predict(x) as tf.Tensor;
      expect(maxDifference(reloaded.dataSync(), wantValues)).toBeLessThan(1e-6);

      // ONNX: 0..1 pixels in, one column per label out (binary expanded to [1 − p, p]).
      const session = await ort.InferenceSession.create(exportOnnxModel(ensemble, manifest), { intraOpNumThreads: 1 });
      try {
        const scaled = x.div(255);
        const { output } = await session.run({
          input: new ort.Tensor("float32", scaled.dataSync() as Float32Array, [6, SIZE, SIZE, 3]),
        });
        const expected =
          classMode === "binary" ? Array.from(wantValues).flatMap((p) => [1 - p, p]) : Array.from(wantValues);
        expect(output.dims).toEqual([6, labels.length]);
        expect(maxDifference(output.data as Float32Array, expected)).toBeLessThan(1e-4);
        scaled.dispose();
      } finally {
        await session.release();
      }
      tf.dispose([x, want, got, reloaded]);
      again.model.dispose();
    } finally {
      ensemble.dispose();
      for (const m of loaded) m.dispose();
    }
  }, 60_000);
});

describe("ensembleModelFiles input checks", () => {
  it("refuses one member, members of other sizes, and weights that do not match their topology", async () => {
    const a = await member(1, "binary", ["a", "b"]);
    expect(() => ensembleModelFiles([a])).toThrow(ModelFormatError);
    expect(() => ensembleModelFiles([a])).toThrow(/at least 2 models/);
    expect(() => ensembleModelFiles([a, a], undefined, [1])).toThrow(/one positive number per member \(2\)/);
    expect(() => ensembleModelFiles([a, a], undefined, [1, 0])).toThrow(/one positive number per member/);

    const backbone = await loadBackbone(backboneSpec("scratch", { inputSize: 32 }), { seed: 2 });
    const head = buildHead({ inputDim: 128, units: 16, dropout: 0, classMode: "binary", classCount: 2, seed: 2 });
    const other = await exportModel(composeFullModel(backbone.model, head), {
      ...manifestOf("binary", ["a", "b"]),
      inputSize: 32,
    });
    backbone.dispose();
    expect(() => ensembleModelFiles([a, other])).toThrow(/members must be trained at one size/);

    const truncated = { [MODEL_FILE]: a[MODEL_FILE], [WEIGHTS_FILE]: a[WEIGHTS_FILE].slice(4) };
    expect(() => ensembleModelFiles([a, truncated])).toThrow(/do not belong together/);
  }, 60_000);
});
