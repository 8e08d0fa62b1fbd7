import { Worker } from "node:worker_threads";
import { backboneSpec, createEmbedder, loadBackbone } from "@headstart/ml-core";
import * as tf from "@tensorflow/tfjs";

export type EmbedEngine = "tfjs" | "onnx";

/** Single-thread img/s of the frozen mobilenet_v2 base at `size` on tfjs (the backend initBackend chose). */
export async function embedSingleThread(size: number, batches: number, batchSize = 16): Promise<number> {
  const backbone = await loadBackbone(backboneSpec("mobilenet_v2", { inputSize: size }));
  const input = tf.randomUniform([batchSize, size, size, 3], 0, 255, "float32", 1) as tf.Tensor4D;
  try {
    backbone.embed(input).dispose();
    const started = performance.now();
    for (let i = 0; i < batches; i++) {
      const features = backbone.embed(input);
      await features.data();
      features.dispose();
    }
    return (batches * batchSize) / ((performance.now() - started) / 1000);
  } finally {
    input.dispose();
    backbone.dispose();
  }
}

/**
 * Single-thread img/s of the same base converted to ONNX and run by onnxruntime-node (one intra-op
 * thread, no spinning). Conversion and session creation happen before the clock starts.
 */
export async function embedOnnxSingleThread(size: number, batches: number, batchSize = 16): Promise<number> {
  const backbone = await loadBackbone(backboneSpec("mobilenet_v2", { inputSize: size }));
  const embedder = await createEmbedder(backbone, { engine: "onnx", threads: 1, cacheDir: null, log: null });
  const input = Float32Array.from({ length: batchSize * size * size * 3 }, (_, i) => (i * 7919) % 256);
  try {
    await embedder.embed(input, batchSize);
    const started = performance.now();
    for (let i = 0; i < batches; i++) await embedder.embed(input, batchSize);
    return (batches * batchSize) / ((performance.now() - started) / 1000);
  } finally {
    embedder.dispose();
    backbone.dispose();
  }
}

/**
 * img/s with one worker thread per core, each with its own tfjs and backend (and, for "onnx", its
 * own ONNX Runtime session with one intra-op thread). Workers load, convert and warm up first; the
 * clock runs from the common start signal to the last worker finishing.
 */
export async function embedWorkers(
  size: number,
  workers: number,
  batches: number,
  batchSize = 16,
  engine: EmbedEngine = "tfjs",
): Promise<number> {
  const pool = Array.from(
    { length: workers },
    () =>
      new Worker(new URL("./embed-worker.mjs", import.meta.url), {
        workerData: { size, batches, batchSize, engine },
      }),
  );
  try {
    await Promise.all(
      pool.map(
        (w) =>
          new Promise<void>((resolve, reject) => {
            w.once("error", reject);
            w.once("message", () => resolve());
          }),
      ),
    );
    const started = performance.now();
    const done = await Promise.all(
      pool.map(
        (w) =>
          new Promise<{ images: number }>((resolve, reject) => {
            w.once("error", reject);
            w.once("message", resolve);
            w.postMessage("go");
          }),
      ),
    );
    const images = done.reduce((a, d) => a + d.images, 0);
    return images / ((performance.now() - started) / 1000);
  } finally {
    await Promise.all(pool.map((w) => w.terminate()));
  }
}
