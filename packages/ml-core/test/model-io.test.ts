import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as tf from "@tensorflow/tfjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  composeFullModel,
  exportModel,
  importModel,
  loadModelFromDirectory,
  ModelFormatError,
  type ModelManifest,
  saveModelToDirectory,
  WEIGHTS_FILE,
} from "../src/model-io/index.ts";
import { buildHead } from "../src/train/head.ts";

const SIZE = 16;

function tinyBase(): tf.LayersModel {
  const input = tf.input({ shape: [SIZE, SIZE, 3] });
  const conv = tf.layers.conv2d({
    filters: 8,
    kernelSize: 3,
    activation: "relu",
    kernelInitializer: tf.initializers.glorotUniform({ seed: 1 }),
  });
  const pooled = tf.layers.globalAveragePooling2d({}).apply(conv.apply(input)) as tf.SymbolicTensor;
  return tf.model({ inputs: input, outputs: pooled });
}

const manifest = (kind: "full" | "head"): ModelManifest => ({
  format: "headstart-classifier",
  formatVersion: 1,
  kind,
  labels: ["cat", "dog", "fox"],
  classMode: "multiclass",
  inputSize: SIZE,
  preprocessing: "minus1to1",
  backbone: { id: "tiny", version: "1", featureSize: 8 },
  threshold: 0.75,
  metrics: { accuracy: 0.9 },
});

describe("model-io", () => {
  let dir: string;
  let base: tf.LayersModel;
  let head: tf.Sequential;
  let full: tf.LayersModel;
  const images = tf.randomUniform([4, SIZE, SIZE, 3], -1, 1, "float32", 3);

  beforeAll(async () => {
    await tf.setBackend("cpu");
    dir = await mkdtemp(join(tmpdir(), "headstart-model-io-"));
    base = tinyBase();
    head = buildHead({ inputDim: 8, units: 6, dropout: 0.5, classMode: "multiclass", classCount: 3, seed: 2 });
    full = composeFullModel(base, head);
  });
  afterAll(async () => {
    full.dispose();
    images.dispose();
    await rm(dir, { recursive: true, force: true });
  });

  it("composes base and head so the full model equals head(base(x))", () => {
    const direct = tf.tidy(() => (head.predict(base.predict(images) as tf.Tensor) as tf.Tensor).arraySync());
    const composed = tf.tidy(() => (full.predict(images) as tf.Tensor).arraySync());
    expect(composed).toEqual(direct);
  });

  it("round-trips the full model through a directory with identical outputs", async () => {
    await saveModelToDirectory(join(dir, "full"), full, manifest("full"));
    const loaded = await loadModelFromDirectory(join(dir, "full"));
    try {
      expect(loaded.manifest).toEqual(manifest("full"));
      const expected = tf.tidy(() => (full.predict(images) as tf.Tensor).dataSync());
      const actual = tf.tidy(() => (loaded.model.predict(images) as tf.Tensor).dataSync());
      expect(Array.from(actual)).toEqual(Array.from(expected));
    } finally {
      loaded.model.dispose();
    }
  });

  it("round-trips the head alone through in-memory files with identical outputs", async () => {
    const files = await exportModel(head, manifest("head"));
    const loaded = await importModel(files);
    try {
      const features = tf.randomNormal([5, 8], 0, 1, "float32", 4);
      const expected = tf.tidy(() => (head.predict(features) as tf.Tensor).dataSync());
      const actual = tf.tidy(() => (loaded.model.predict(features) as tf.Tensor).dataSync());
      features.dispose();
      expect(Array.from(actual)).toEqual(Array.from(expected));
      expect(loaded.manifest.kind).toBe("head");
    } finally {
      loaded.model.dispose();
    }
  });

  it("refuses mismatched kind, truncated weights, a missing manifest and a foreign manifest", async () => {
    await expect(exportModel(head, manifest("full"))).rejects.toThrow(/must take input \[,16,16,3\]/);
    const files = await exportModel(full, manifest("full"));
    await expect(importModel({ ...files, [WEIGHTS_FILE]: files[WEIGHTS_FILE].slice(0, 100) })).rejects.toThrow(
      ModelFormatError,
    );
    await expect(loadModelFromDirectory(join(dir, "nothing-here"))).rejects.toThrow(/manifest.json is missing/);
    await saveModelToDirectory(join(dir, "foreign"), full, manifest("full"));
    const manifestPath = join(dir, "foreign", "manifest.json");
    const edited = JSON.parse(await readFile(manifestPath, "utf8"));
    await writeFile(manifestPath, JSON.stringify({ ...edited, format: "other" }));
    await expect(loadModelFromDirectory(join(dir, "foreign"))).rejects.toThrow(/format is "other"/);
  });
});
