// A compute worker thread: its own tfjs and backend, its own backbone cache, one job at a time (an
// attempt, or an AUTO run's ensemble made into one model).
// Loaded through worker-entry.mjs (which registers tsx first). Every byte of I/O it needs (image
// blobs, the embedding cache, checkpoints) is asked of the main thread over the port.

import { parentPort, workerData } from "node:worker_threads";
import {
  EmbeddingLanes,
  type EmbeddingStore,
  INFERENCE_THREADS_ENV_VARIABLE,
  type InferenceOptions,
  initBackend,
  initInference,
} from "@headstart/ml-core";
import type { SnapshotImage } from "@headstart/runs";
import * as tf from "@tensorflow/tfjs";
import { BackboneCache } from "../backbones.ts";
import { type AttemptIO, computeAttempt } from "./attempt.ts";
import { computeEnsemble } from "./ensemble-job.ts";
import {
  type AttemptInput,
  deserializeError,
  type EnsembleInput,
  type FromWorker,
  serializeError,
  type ToWorker,
  transferablesOf,
  type WorkerData,
  type WorkerReplies,
  type WorkerRequest,
} from "./protocol.ts";

const port = parentPort!;
const { index, abortFlag, onnxCacheDir } = workerData as WorkerData;
const flag = new Int32Array(abortFlag);
const backbones = new BackboneCache();

const post = (message: FromWorker, transfer: ArrayBuffer[] = []) => port.postMessage(message, transfer);
const log = (message: string) => post({ type: "log", message });
const EMBEDDING_LANES_ENV_VARIABLE = "HEADSTART_EMBEDDING_LANES";

/**
 * This worker's share of the cores (the pool sets HEADSTART_INFERENCE_THREADS in its environment):
 * featurize embeds on this thread and on one embedding lane per further core, each a single-threaded
 * ONNX session, so decoding, augmentation and the model run side by side (ml-core's embedding-lanes.ts).
 * Other ONNX sessions (predictions, fine-tune steps) use the share as intra-op threads.
 * HEADSTART_EMBEDDING_LANES sets the number of helper lanes instead (0: embed on this thread alone,
 * with the share as intra-op threads).
 */
function embeddingHelpersOf(env: NodeJS.ProcessEnv): number {
  const configured = env[EMBEDDING_LANES_ENV_VARIABLE]?.trim();
  if (configured) {
    const lanes = Number(configured);
    if (!Number.isInteger(lanes) || lanes < 0 || lanes > 64)
      throw new Error(
        `${EMBEDDING_LANES_ENV_VARIABLE}="${configured}" is not a number of embedding lanes; set a whole number from 0 to 64 or unset it.`,
      );
    return lanes;
  }
  return Math.max(0, (Number.parseInt(env[INFERENCE_THREADS_ENV_VARIABLE] ?? "", 10) || 1) - 1);
}
const embeddingHelpers = embeddingHelpersOf(process.env);
const lanes = embeddingHelpers > 0 ? new EmbeddingLanes(embeddingHelpers, log) : undefined;
// Embeddings, augmented variants, fine-tune activations, test predictions and label-issue folds all
// run their forward passes through ml-core's inference engine (ONNX Runtime unless
// HEADSTART_INFERENCE says otherwise or a model does not convert); training stays on tfjs.
const inference: InferenceOptions = { cacheDir: onnxCacheDir, log, lanes };

let nextRequest = 1;
const pending = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();

function ask<K extends WorkerRequest["op"]>(
  request: Extract<WorkerRequest, { op: K }>,
  transfer: ArrayBuffer[] = [],
): Promise<WorkerReplies[K]> {
  const id = nextRequest++;
  return new Promise((resolve, reject) => {
    pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
    post({ type: "request", id, request }, transfer);
  });
}

/**
 * Bytes of an attempt's images kept in the worker: the augmented pass reads each training image once
 * per variant (4 by default, several in one batch), label issues and the pixel models read them again.
 * A small dataset (the sample's 1,000 PNGs are under 1 MB) is read from the main thread once per
 * attempt; past this budget, images are read again as before rather than held.
 */
export const ATTEMPT_IMAGE_BYTES_BUDGET = 256 * 1024 * 1024;

/**
 * Image reads issued in the same turn (ml-core reads a whole batch with Promise.all) go to the main
 * thread as one request, and their bytes come back transferred, not copied. A blob already read (or
 * being read) in this attempt is answered from memory, within ATTEMPT_IMAGE_BYTES_BUDGET.
 */
class BatchedImageReader {
  private queue: Array<{ key: string; resolve(bytes: Uint8Array): void; reject(error: Error): void }> = [];
  private readonly held = new Map<string, Promise<Uint8Array>>();
  private heldBytes = 0;

  read(image: SnapshotImage): Promise<Uint8Array> {
    const hit = this.held.get(image.blobKey);
    if (hit) return hit;
    const bytes = new Promise<Uint8Array>((resolve, reject) => {
      if (this.queue.length === 0) setImmediate(() => this.flush());
      this.queue.push({ key: image.blobKey, resolve, reject });
    });
    if (this.heldBytes < ATTEMPT_IMAGE_BYTES_BUDGET) {
      this.held.set(image.blobKey, bytes);
      bytes.then(
        (read) => {
          this.heldBytes += read.byteLength;
        },
        // A failed read is not remembered: the next one asks the main thread again.
        () => this.held.delete(image.blobKey),
      );
    }
    return bytes;
  }

  private flush(): void {
    const batch = this.queue;
    this.queue = [];
    ask({ op: "readImages", blobKeys: batch.map((entry) => entry.key) }).then(
      (images) => batch.forEach((entry, i) => entry.resolve(images[i]!)),
      (error: Error) => {
        for (const entry of batch) entry.reject(error);
      },
    );
  }
}

/** Embedding-cache writes the worker lets run ahead of its computing before it waits for the oldest. */
const PUTS_IN_FLIGHT = 8;

/**
 * ml-core's EmbeddingStore, answered by the main thread's PostgresEmbeddingStore. Writes are
 * pipelined: featurize awaits each batch's write before computing the next, and a Postgres round trip
 * per batch left the worker idle for seconds of a cold run, so a write resolves once it is posted
 * (the vectors are copied into the message) and the worker keeps computing. Any read waits for the
 * writes before it, so the store still reads its own writes, and `settle` (before an attempt reports
 * its result) waits for all of them and throws the first failure.
 */
class PipelinedEmbeddingStore implements EmbeddingStore {
  private inFlight: Promise<void>[] = [];
  private failure: Error | null = null;

  async getMany(keys: readonly string[]): Promise<Map<string, Float32Array>> {
    await this.settle();
    return new Map(await ask({ op: "embeddingsGet", keys: [...keys] }));
  }

  async putMany(entries: ReadonlyArray<readonly [string, Float32Array]>): Promise<void> {
    this.throwIfFailed();
    // Copied, not transferred: ml-core keeps using these vectors after storing them.
    const put = ask({ op: "embeddingsPut", entries: entries.map(([key, vector]) => [key, vector]) }).then(
      () => undefined,
      (error: Error) => {
        this.failure ??= error;
      },
    );
    this.inFlight.push(put);
    while (this.inFlight.length > PUTS_IN_FLIGHT) await this.inFlight.shift();
    this.throwIfFailed();
  }

  /** Every write posted so far has landed; throws the first that failed. */
  async settle(): Promise<void> {
    const writes = this.inFlight;
    this.inFlight = [];
    await Promise.all(writes);
    this.throwIfFailed();
  }

  private throwIfFailed(): void {
    if (this.failure) throw this.failure;
  }
}

let current: AbortController | null = null;

async function runAttempt(input: AttemptInput): Promise<void> {
  const controller = new AbortController();
  current = controller;
  const reader = new BatchedImageReader();
  const store = new PipelinedEmbeddingStore();
  // The flag is the main thread's word even while this thread is busy between two of its own
  // turns; every progress callback (one per batch) looks at it.
  const checkFlag = () => {
    if (!controller.signal.aborted && Atomics.load(flag, 0) !== 0) controller.abort();
  };
  checkFlag();
  const io: AttemptIO = {
    readImage: (image) => reader.read(image),
    store,
    checkpointRead: () => ask({ op: "checkpointRead" }),
    checkpointSave: async (save) => {
      await ask({ op: "checkpointSave", save }, transferablesOf([save.bytes]));
    },
    resetEpochs: async () => {
      await ask({ op: "resetEpochs" });
    },
    progress: (progress) => {
      checkFlag();
      post({ type: "progress", progress });
    },
    finishing: () => post({ type: "finishing" }),
    log,
    signal: controller.signal,
  };
  try {
    const result = await computeAttempt(input, io, backbones, inference);
    await store.settle();
    const files = [...Object.values(result.models.full), ...Object.values(result.models.head)];
    post({ type: "done", result, numTensors: tf.memory().numTensors }, transferablesOf(files));
  } catch (error) {
    // The main thread answers this attempt's requests only until it hears the outcome.
    await store.settle().catch(() => undefined);
    post({ type: "failed", error: serializeError(error), numTensors: tf.memory().numTensors });
  } finally {
    current = null;
  }
}

/** An AUTO run's ensemble as one model (ensemble-job.ts); it asks the main thread for nothing. */
async function runEnsemble(input: EnsembleInput): Promise<void> {
  try {
    const result = await computeEnsemble(input);
    post(
      { type: "ensembled", result, numTensors: tf.memory().numTensors },
      transferablesOf(Object.values(result.files)),
    );
  } catch (error) {
    post({ type: "failed", error: serializeError(error), numTensors: tf.memory().numTensors });
  }
}

port.on("message", (message: ToWorker) => {
  switch (message.type) {
    case "attempt":
      void runAttempt(message.input);
      break;
    case "ensemble":
      void runEnsemble(message.input);
      break;
    case "reply": {
      const waiter = pending.get(message.id);
      if (!waiter) break;
      pending.delete(message.id);
      if (message.ok) waiter.resolve(message.value);
      else waiter.reject(deserializeError(message.error));
      break;
    }
    case "abort":
      current?.abort();
      break;
  }
});

const backend = await initBackend();
log(
  `compute worker ${index}: tfjs backend ${backend.backend} (${backend.candidate})` +
    Object.entries(backend.reasons)
      .map(([candidate, why]) => `; ${candidate} skipped: ${why}`)
      .join(""),
);
const engine = await initInference();
log(
  `compute worker ${index}: inference engine ${engine.engine} (${engine.preference}, from ${engine.preferenceSource})` +
    Object.entries(engine.reasons)
      .map(([candidate, why]) => `; ${candidate} skipped: ${why}`)
      .join("") +
    (engine.engine === "onnx"
      ? `; converted graphs cached in ${onnxCacheDir}; embeddings on this thread and ${embeddingHelpers} lane(s)`
      : ""),
);
post({ type: "ready", backend, numTensors: tf.memory().numTensors });
