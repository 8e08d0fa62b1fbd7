// recommendRunConfig in a worker thread. Measuring a dataset embeds up to a thousand images through
// MobileNetV2 at four cuts and fits dozens of probes: tens of seconds of tfjs that must not run on a
// server's or a trainer's main thread, where it would stall requests and heartbeats. The worker has
// its own tfjs backend and backbone and ends with the job, so its memory goes with it.

import { Worker } from "node:worker_threads";
import { TrainingAbortedError } from "../train/abort.ts";
import type { ClassMode } from "../train/class-mode.ts";
import type { Recommendation } from "./recommend.ts";
import type { FromRecommendWorker, RecommendJob, ToRecommendWorker } from "./recommend-thread-protocol.ts";

export interface RecommendInThreadOptions {
  labels: string[];
  classMode: ClassMode;
  /** Typical native side of the images in pixels. */
  nativeSize: number;
  /** The version's train and val images; `read` is called only for the images the probes sample. */
  images: { labels: number[]; split: "train" | "val"; sha256: string; read(): Promise<Uint8Array> }[];
  /** MobileNetV2 input size for the cut embeddings (default 96, its cheapest). */
  probeSize?: number;
  maxProbeImages?: number;
  seed?: number;
  signal?: AbortSignal;
  onProgress?(stage: "pixels" | "embed" | "probe", done: number, total: number): void;
}

/** Runs recommendRunConfig (tfjs embeddings at the cut points, pixel and linear probes) on a fresh worker thread. */
export function recommendInThread(options: RecommendInThreadOptions): Promise<Recommendation> {
  if (options.signal?.aborted) return Promise.reject(new TrainingAbortedError());
  const worker = new Worker(new URL("./recommend-worker-entry.mjs", import.meta.url));
  // A measurement in progress must not keep a process that is shutting down alive.
  worker.unref();
  const post = (message: ToRecommendWorker, transfer: ArrayBuffer[] = []) => worker.postMessage(message, transfer);
  const job: RecommendJob = {
    labels: options.labels,
    classMode: options.classMode,
    nativeSize: options.nativeSize,
    images: options.images.map(({ labels, split, sha256 }) => ({ labels, split, sha256 })),
    probeSize: options.probeSize ?? 96,
    maxProbeImages: options.maxProbeImages,
    seed: options.seed,
  };
  return new Promise<Recommendation>((resolve, reject) => {
    let settled = false;
    const finish = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      options.signal?.removeEventListener("abort", onAbort);
      outcome();
      void worker.terminate();
    };
    const onAbort = () => {
      post({ type: "abort" });
      // The worker notices the abort at its next batch; the caller need not wait for that.
      finish(() => reject(new TrainingAbortedError()));
    };
    options.signal?.addEventListener("abort", onAbort, { once: true });
    worker.on("message", (message: FromRecommendWorker) => {
      switch (message.type) {
        case "read": {
          const image = options.images[message.index];
          if (!image) {
            post({ type: "bytes-failed", id: message.id, message: `no image ${message.index}` });
            return;
          }
          image.read().then(
            (bytes) => {
              // A copy the worker can own: the caller's buffer may be shared with other views.
              const owned = new Uint8Array(bytes);
              if (!settled) post({ type: "bytes", id: message.id, bytes: owned }, [owned.buffer]);
            },
            (error: Error) => {
              if (!settled) post({ type: "bytes-failed", id: message.id, message: error.message });
            },
          );
          return;
        }
        case "progress":
          options.onProgress?.(message.stage, message.done, message.total);
          return;
        case "done":
          finish(() => resolve(message.recommendation));
          return;
        case "failed": {
          const error = new Error(message.message);
          error.name = message.name;
          finish(() => reject(error));
          return;
        }
      }
    });
    worker.on("error", (error) => finish(() => reject(error)));
    worker.on("exit", (code) =>
      finish(() => reject(new Error(`the recommendation worker stopped before answering (exit code ${code})`))),
    );
    post({ type: "job", job });
  });
}
