// One benchmark worker: its own tfjs instance and backend, embedding `batches` batches of `size` px
// through tfjs, or through its own ONNX Runtime session (one intra-op thread) when engine is "onnx".

import { parentPort, workerData } from "node:worker_threads";
import { backboneSpec, createEmbedder, initBackend, loadBackbone } from "@headstart/ml-core";
import * as tf from "@tensorflow/tfjs";

const { size, batches, batchSize, engine } = workerData as {
  size: number;
  batches: number;
  batchSize: number;
  engine: "tfjs" | "onnx";
};
await initBackend();
const backbone = await loadBackbone(backboneSpec("mobilenet_v2", { inputSize: size }));

let embedBatch: () => Promise<void>;
if (engine === "onnx") {
  const embedder = await createEmbedder(backbone, { engine: "onnx", threads: 1, cacheDir: null, log: null });
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
