// The API's model cache with real tfjs models: LRU by count and bytes,
// tensors freed on eviction but never under a request still using them.

import { ModelCache, modelCacheLimitsFromEnv } from "@headstart/domain";
import { initBackend, type LoadedModel, type ModelManifest } from "@headstart/ml-core";
import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";

// ml-core registers its backends when loaded (through @headstart/domain); pick one as the API does
// before the first model is built.
beforeAll(async () => {
  await initBackend();
});

const manifest: ModelManifest = {
  format: "headstart-classifier",
  formatVersion: 1,
  kind: "full",
  labels: ["a", "b"],
  classMode: "binary",
  inputSize: 4,
  preprocessing: "none",
  backbone: { id: "test", version: "1", featureSize: 4 },
  threshold: 0.5,
  metrics: {},
};

function tinyModel(): LoadedModel {
  const model = tf.sequential({ layers: [tf.layers.dense({ units: 2, inputShape: [4], activation: "softmax" })] });
  return { model, manifest };
}

async function predictOnce(loaded: LoadedModel): Promise<number[]> {
  const output = tf.tidy(() => loaded.model.predict(tf.ones([1, 4])) as tf.Tensor);
  const values = Array.from(await output.data());
  output.dispose();
  return values;
}

describe("ModelCache", () => {
  it("keeps the most recently used models, frees the evicted one's tensors, and counts hits", async () => {
    const before = tf.memory().numTensors;
    const cache = new ModelCache({ maxModels: 2, maxBytes: 1e9 });
    let loads = 0;
    const load = async () => {
      loads += 1;
      return tinyModel();
    };
    await cache.use("a", 10, load, predictOnce);
    await cache.use("b", 10, load, predictOnce);
    await cache.use("a", 10, load, predictOnce); // a is now the most recent
    await cache.use("c", 10, load, predictOnce); // evicts b
    expect(cache.stats()).toMatchObject({ models: 2, hits: 1, misses: 3, evictions: 1 });
    await cache.use("a", 10, load, predictOnce);
    expect(loads).toBe(3);
    await cache.use("b", 10, load, predictOnce); // reloaded, evicts c
    expect(loads).toBe(4);
    // Two dense models stay loaded (kernel + bias each).
    expect(tf.memory().numTensors - before).toBe(4);
    cache.clear();
    await new Promise((resolve) => setImmediate(resolve));
    expect(tf.memory().numTensors).toBe(before);
  });

  it("evicts by weight bytes, but never the model just loaded", async () => {
    const cache = new ModelCache({ maxModels: 10, maxBytes: 100 });
    await cache.use("small", 40, async () => tinyModel(), predictOnce);
    await cache.use("huge", 500, async () => tinyModel(), predictOnce);
    expect(cache.stats()).toMatchObject({ models: 1, bytes: 500, evictions: 1 });
    cache.clear();
  });

  it("does not free a model while a request still predicts with it", async () => {
    const before = tf.memory().numTensors;
    const cache = new ModelCache({ maxModels: 1, maxBytes: 1e9 });
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const slow = cache.use(
      "old",
      1,
      async () => tinyModel(),
      async (loaded) => {
        await gate;
        return predictOnce(loaded);
      },
    );
    await new Promise((resolve) => setImmediate(resolve));
    await cache.use("new", 1, async () => tinyModel(), predictOnce); // evicts "old" while it is in use
    expect(cache.stats().evictions).toBe(1);
    release();
    const values = await slow;
    expect(values.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
    await new Promise((resolve) => setImmediate(resolve));
    cache.clear();
    await new Promise((resolve) => setImmediate(resolve));
    expect(tf.memory().numTensors).toBe(before);
  });

  it("shares one load between concurrent misses and forgets a failed load", async () => {
    const cache = new ModelCache({ maxModels: 2, maxBytes: 1e9 });
    let loads = 0;
    const load = async () => {
      loads += 1;
      await new Promise((resolve) => setTimeout(resolve, 10));
      return tinyModel();
    };
    await Promise.all([cache.use("m", 1, load, predictOnce), cache.use("m", 1, load, predictOnce)]);
    expect(loads).toBe(1);
    await expect(
      cache.use("broken", 1, async () => Promise.reject(new Error("unreadable bundle")), predictOnce),
    ).rejects.toThrow("unreadable bundle");
    await new Promise((resolve) => setImmediate(resolve));
    expect(cache.stats().models).toBe(1);
    cache.clear();
  });

  it("reads its limits from the environment, ignoring nonsense", () => {
    expect(modelCacheLimitsFromEnv({ HEADSTART_MODEL_CACHE_MODELS: "3", HEADSTART_MODEL_CACHE_MB: "64" })).toEqual({
      maxModels: 3,
      maxBytes: 64 * 1024 * 1024,
    });
    expect(modelCacheLimitsFromEnv({ HEADSTART_MODEL_CACHE_MODELS: "-1", HEADSTART_MODEL_CACHE_MB: "lots" })).toEqual({
      maxModels: 4,
      maxBytes: 256 * 1024 * 1024,
    });
  });
});
