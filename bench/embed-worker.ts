// One benchmark worker: its own tfjs instance and backend, embedding `count` images of `size` px.

import { parentPort, workerData } from "node:worker_threads";
import { backboneSpec, initBackend, loadBackbone } from "@headstart/ml-core";
import * as tf from "@tensorflow/tfjs";

const { size, batches, batchSize } = workerData as { size: number; batches: number; batchSize: number };
await initBackend();
const backbone = await loadBackbone(backboneSpec("mobilenet_v2", { inputSize: size }));
const input = tf.randomUniform([batchSize, size, size, 3], 0, 255, "float32", 1) as tf.Tensor4D;
backbone.embed(input).dispose(); // warm-up: kernel compilation and weight upload
parentPort!.postMessage({ ready: true });
parentPort!.once("message", async () => {
  const started = performance.now();
  for (let i = 0; i < batches; i++) {
    const features = backbone.embed(input);
    await features.data();
    features.dispose();
  }
  parentPort!.postMessage({ seconds: (performance.now() - started) / 1000, images: batches * batchSize });
});
