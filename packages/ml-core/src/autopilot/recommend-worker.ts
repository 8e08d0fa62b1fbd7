// The worker side of recommendInThread: its own tfjs backend and MobileNetV2, the cut embeddings,
// the pixel and linear probes and the recommendation, off the caller's event loop. One job per worker.

import { parentPort } from "node:worker_threads";
import { loadBackbone } from "../backbones/load.ts";
import { backboneSpec } from "../backbones/registry.ts";
import { initBackend } from "../backend/init-backend.ts";
import type { LabelledImage } from "../dataset/index.ts";
import { embedAtCuts } from "./cuts.ts";
import { recommendRunConfig } from "./recommend.ts";
import type { FromRecommendWorker, RecommendJob, ToRecommendWorker } from "./recommend-thread-protocol.ts";

const port = parentPort!;
const post = (message: FromRecommendWorker) => port.postMessage(message);
const controller = new AbortController();
const waiting = new Map<number, { resolve(bytes: Uint8Array): void; reject(error: Error): void }>();

let nextRead = 1;

function read(index: number): Promise<Uint8Array> {
  const id = nextRead++;
  return new Promise((resolve, reject) => {
    waiting.set(id, { resolve, reject });
    post({ type: "read", id, index });
  });
}

async function run(job: RecommendJob): Promise<void> {
  try {
    await initBackend();
    const images: LabelledImage[] = job.images.map((image, index) => ({
      sha256: image.sha256,
      labels: image.labels,
      split: image.split,
      name: `image ${index + 1}`,
      read: () => read(index),
    }));
    const backbone = await loadBackbone(backboneSpec("mobilenet_v2", { inputSize: job.probeSize }));
    try {
      const recommendation = await recommendRunConfig({
        images,
        labels: job.labels,
        classMode: job.classMode,
        nativeSize: job.nativeSize,
        maxProbeImages: job.maxProbeImages,
        seed: job.seed,
        signal: controller.signal,
        embed: (subset, cuts, signal) => embedAtCuts(backbone, subset, cuts, { signal }),
        onProgress: (stage, done, total) => post({ type: "progress", stage, done, total }),
      });
      post({ type: "done", recommendation });
    } finally {
      backbone.dispose();
    }
  } catch (error) {
    const e = error instanceof Error ? error : new Error(String(error));
    post({ type: "failed", name: e.name, message: e.message });
  }
}

port.on("message", (message: ToRecommendWorker) => {
  switch (message.type) {
    case "job":
      void run(message.job);
      break;
    case "bytes":
      waiting.get(message.id)?.resolve(message.bytes);
      waiting.delete(message.id);
      break;
    case "bytes-failed":
      waiting.get(message.id)?.reject(new Error(message.message));
      waiting.delete(message.id);
      break;
    case "abort":
      controller.abort();
      break;
  }
});
