// Engine selection: HEADSTART_INFERENCE, falling back to tfjs for a model that does not convert,
// the on-disk cache of converted graphs, and the engine inside a worker thread.
import { mkdir, mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Worker } from "node:worker_threads";
import * as tf from "@tensorflow/tfjs";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { initBackend } from "../src/backend/index.ts";
import {
  createModelRunner,
  INFERENCE_ENV_VARIABLE,
  InferenceEngineError,
  initInference,
  setIdleSessionLimit,
} from "../src/inference/index.ts";
import { modelContentHash } from "../src/onnx/index.ts";

const quiet = { log: null } as const;

/** A layer tfjs can run but the converter has never heard of. */
class TimesTwo extends tf.layers.Layer {
  static className = "TimesTwo";
  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.mul(Array.isArray(inputs) ? inputs[0] : inputs, 2);
  }
}
tf.serialization.registerClass(TimesTwo);

function denseModel(seed: number): tf.LayersModel {
  const input = tf.input({ shape: [6] });
  const hidden = tf.layers
    .dense({ units: 4, activation: "relu", kernelInitializer: tf.initializers.glorotNormal({ seed }) })
    .apply(input) as tf.SymbolicTensor;
  const output = tf.layers
    .dense({ units: 3, activation: "softmax", kernelInitializer: tf.initializers.glorotNormal({ seed: seed + 1 }) })
    .apply(hidden) as tf.SymbolicTensor;
  return tf.model({ inputs: input, outputs: output });
}

const input = Float32Array.from({ length: 12 }, (_, i) => Math.sin(i));

function reference(model: tf.LayersModel): Float32Array {
  return tf.tidy(() => (model.predict(tf.tensor2d(input, [2, 6])) as tf.Tensor).dataSync() as Float32Array);
}

let cacheDir: string;
const savedEnv = process.env[INFERENCE_ENV_VARIABLE];

beforeAll(async () => {
  await initBackend("wasm");
  cacheDir = await mkdtemp(join(tmpdir(), "onnx-cache-"));
});
afterEach(() => {
  if (savedEnv === undefined) delete process.env[INFERENCE_ENV_VARIABLE];
  else process.env[INFERENCE_ENV_VARIABLE] = savedEnv;
  setIdleSessionLimit(4);
});
afterAll(async () => {
  await rm(cacheDir, { recursive: true, force: true });
});

describe("engine selection", () => {
  it("uses ONNX Runtime by default and reports why tfjs was not needed", async () => {
    delete process.env[INFERENCE_ENV_VARIABLE];
    const model = denseModel(1);
    const lines: string[] = [];
    const runner = await createModelRunner(model, { cacheDir: null, log: (line) => lines.push(line) });
    try {
      expect(runner.engine).toBe("onnx");
      expect(runner.report).toMatchObject({ preference: "auto", preferenceSource: "default", threads: 1 });
      expect(lines.join("\n")).toMatch(
        /inference for .*: onnx \(1 intra-op thread\(s\), graph from converted\); tfjs skipped/,
      );
      const out = await runner.run(input, 2);
      reference(model).forEach((v, i) => expect(out[i]).toBeCloseTo(v, 5));
    } finally {
      runner.release();
    }
    expect(await initInference()).toMatchObject({ engine: "onnx", reasons: { tfjs: expect.stringContaining("1.30") } });
  });

  it("HEADSTART_INFERENCE=tfjs forces tfjs, with the same results", async () => {
    const model = denseModel(2);
    process.env[INFERENCE_ENV_VARIABLE] = "tfjs";
    const runner = await createModelRunner(model, { cacheDir: null, ...quiet });
    expect(runner.engine).toBe("tfjs");
    expect(runner.report.reasons.onnx).toBe('not tried: preference is "tfjs" (env)');
    expect(Array.from(await runner.run(input, 2))).toEqual(Array.from(reference(model)));
    runner.release();
    expect((await initInference()).engine).toBe("tfjs");
    // An explicit argument wins over the variable.
    const forced = await createModelRunner(model, { engine: "onnx", cacheDir: null, ...quiet });
    expect(forced.engine).toBe("onnx");
    forced.release();
  });

  it("rejects an unknown HEADSTART_INFERENCE value with what to set instead", async () => {
    process.env[INFERENCE_ENV_VARIABLE] = "gpu";
    await expect(createModelRunner(denseModel(3), quiet)).rejects.toThrow(InferenceEngineError);
    await expect(createModelRunner(denseModel(3), quiet)).rejects.toThrow(/one of auto, onnx, tfjs/);
  });

  it("falls back to tfjs for a model with an unconvertible layer, naming it; forcing onnx throws", async () => {
    const x = tf.input({ shape: [6] });
    const doubled = new TimesTwo({ name: "times_two" }).apply(x) as tf.SymbolicTensor;
    const model = tf.model({
      inputs: x,
      outputs: tf.layers
        .dense({ units: 2, kernelInitializer: tf.initializers.ones() })
        .apply(doubled) as tf.SymbolicTensor,
    });
    const lines: string[] = [];
    const runner = await createModelRunner(model, { engine: "auto", cacheDir: null, log: (line) => lines.push(line) });
    expect(runner.engine).toBe("tfjs");
    expect(runner.report.reasons.onnx).toMatch(/layer "times_two" \(TimesTwo\)/);
    expect(lines.join("\n")).toMatch(/: tfjs; onnx skipped: Cannot convert layer "times_two" \(TimesTwo\)/);
    expect(Array.from(await runner.run(input, 2))).toEqual(Array.from(reference(model)));
    runner.release();
    await expect(createModelRunner(model, { engine: "onnx", cacheDir: null, ...quiet })).rejects.toThrow(
      /ONNX inference was asked for .*"times_two" \(TimesTwo\)/,
    );

    const lstm = tf.sequential({ layers: [tf.layers.lstm({ inputShape: [4, 3], units: 2, name: "the_lstm" })] });
    const lstmRunner = await createModelRunner(lstm, { cacheDir: null, ...quiet });
    expect(lstmRunner.engine).toBe("tfjs");
    expect(lstmRunner.report.reasons.onnx).toContain('"the_lstm" (LSTM)');
  });
});

describe("cache of converted graphs", () => {
  it("writes the graph under its content hash, reuses it from memory, then from disk, and rebuilds when weights change", async () => {
    const model = denseModel(5);
    const dir = join(cacheDir, "hash-test");
    const first = await createModelRunner(model, { cacheDir: dir, ...quiet });
    expect(first.report.graph).toBe("converted");
    const hash = modelContentHash(model);
    expect(await readdir(dir)).toEqual([`${hash}.onnx`]);
    const second = await createModelRunner(model, { cacheDir: dir, ...quiet });
    expect(second.report.graph).toBe("memory");
    first.release();
    second.release();

    // No idle sessions kept: the next runner has to read the disk cache.
    setIdleSessionLimit(0);
    const third = await createModelRunner(model, { cacheDir: dir, ...quiet });
    expect(third.report.graph).toBe("disk");
    const out = await third.run(input, 2);
    reference(model).forEach((v, i) => expect(out[i]).toBeCloseTo(v, 5));
    third.release();

    // New weights (what an optimizer step or loadWeights does): another hash, a fresh conversion.
    model.layers[1].setWeights(model.layers[1].getWeights().map((w) => tf.mul(w, 0.5)));
    const changed = await createModelRunner(model, { cacheDir: dir, ...quiet });
    expect(changed.report.graph).toBe("converted");
    const changedOut = await changed.run(input, 2);
    reference(model).forEach((v, i) => expect(changedOut[i]).toBeCloseTo(v, 5));
    changed.release();
    expect((await readdir(dir)).sort()).toEqual([`${hash}.onnx`, `${modelContentHash(model)}.onnx`].sort());
  });

  it("replaces a corrupt cache entry instead of failing", async () => {
    const model = denseModel(7);
    const dir = join(cacheDir, "corrupt-test");
    await rm(dir, { recursive: true, force: true });
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, `${modelContentHash(model)}.onnx`), "not a model");
    const lines: string[] = [];
    const runner = await createModelRunner(model, { cacheDir: dir, log: (line) => lines.push(line) });
    expect(runner.engine).toBe("onnx");
    expect(runner.report.graph).toBe("converted");
    expect(lines.join("\n")).toMatch(/unusable .*converting again/);
    runner.release();
  });
});

describe("inside a worker thread", () => {
  it("converts and runs a model on ONNX Runtime in a worker (its own sessions and caches)", async () => {
    const engineUrl = new URL("../src/inference/index.ts", import.meta.url).href;
    const backendUrl = new URL("../src/backend/index.ts", import.meta.url).href;
    // CommonJS eval worker: register tsx, then load the TypeScript sources like the main thread does.
    const code = `
      const { parentPort } = require("node:worker_threads");
      (async () => {
        const { register } = await import("tsx/esm/api");
        register();
        const tf = await import("@tensorflow/tfjs");
        const { initBackend } = await import(${JSON.stringify(backendUrl)});
        const { createModelRunner } = await import(${JSON.stringify(engineUrl)});
        await initBackend("cpu");
        const input = tf.input({ shape: [4] });
        const out = tf.layers.dense({ units: 2, kernelInitializer: "ones", biasInitializer: "ones" }).apply(input);
        const model = tf.model({ inputs: input, outputs: out });
        const runner = await createModelRunner(model, { engine: "onnx", cacheDir: null, log: null });
        const result = await runner.run(Float32Array.of(1, 2, 3, 4), 1);
        parentPort.postMessage({ engine: runner.engine, result: Array.from(result) });
      })().catch((error) => parentPort.postMessage({ error: String(error && error.stack || error) }));
    `;
    const worker = new Worker(code, { eval: true });
    try {
      const message = await new Promise<{ engine?: string; result?: number[]; error?: string }>((resolve, reject) => {
        worker.once("message", resolve);
        worker.once("error", reject);
      });
      expect(message.error).toBeUndefined();
      expect(message).toEqual({ engine: "onnx", result: [11, 11] });
    } finally {
      await worker.terminate();
    }
  });
});
