// One benchmark worker: its own tfjs instance and backend, embedding `batches` batches of `size` px
// through tfjs, or through its own ONNX Runtime session (one intra-op thread) when engine is "onnx"
// (or "onnx-int8": the quantised backbone, loaded from the cache the main thread filled).

import { parentPort, workerData } from "node:worker_threads";
import { backboneSpec, createEmbedder, initBackend, loadBackbone } from "@headstart/ml-core";
import * as tf from "@tensorflow/tfjs";

const { size, batches, batchSize, engine, int8 } = workerData as {
  size: number;
  batches: number;
  batchSize: number;
  engine: "tfjs" | "onnx" | "onnx-int8";
  /** onnx-int8: the calibration images and the cache folder the quantised graph was written to. */
  int8?: { calibration: Float32Array[]; cacheDir: string };
};
await initBackend();
const backbone = await loadBackbone(backboneSpec("mobilenet_v2", { inputSize: size }));

let embedBatch: () => Promise<void>;
if (engine === "onnx" || engine === "onnx-int8") {
  const embedder = await createEmbedder(backbone, {
    engine: "onnx",
    threads: 1,
    log: null,
    ...(engine === "onnx-int8" && int8
      ? { precision: "int8" as const, calibration: int8.calibration, cacheDir: int8.cacheDir }
      : { cacheDir: null }),
  });
  const input = Float32Array.from({ length: batchSize * size * size * 3 }, (_, i) => (i * 7919) % 256);
  embedBatch = async () => {
    await embedder.embed(input, batchSize);
  };
} else {
  const input = tf.randomUniform([batchSize, size, size, 3], 0, 255, "float32", 1) as tf.Tensor4D;
  embedBatch = async () => {
    const features = backbone.embed(input);
    await features.data();
    features.dispose();
  };
}
await embedBatch(); // warm-up: kernel compilation, weight upload, ONNX session arena
parentPort!.postMessage({ ready: true });
parentPort!.once("message", async () => {
  const started = performance.now();
  for (let i = 0; i < batches; i++) await embedBatch();
  parentPort!.postMessage({ seconds: (performance.now() - started) / 1000, images: batches * batchSize });
});
