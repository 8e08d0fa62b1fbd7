// The API's predict workers: model loading, image decoding and inference (ONNX sessions, or tfjs
// for a model that does not convert) run on these threads, never on the one serving HTTP. Each
// worker keeps the models it has served until the main thread's cache evicts them.
import os from "node:os";
import { Worker } from "node:worker_threads";
import type { InferenceOptions, Prediction } from "@headstart/ml-core";
import type { PredictHost } from "./predict-host.ts";
import {
  deserializePredictError,
  type FromPredictWorker,
  type PredictWorkerData,
  type ToPredictWorker,
} from "./predict-worker-protocol.ts";
import type { ModelBundle } from "./served-model.ts";

export const PREDICT_WORKERS_ENV_VARIABLE = "HEADSTART_PREDICT_WORKERS";

/**
 * One worker per two cores, at most 4: each runs a single-threaded ONNX session flat out during a
 * batch, and the HTTP thread, Postgres and a trainer need the other cores. A 2-core machine gets 1.
 */
export function defaultPredictWorkers(cores = os.availableParallelism()): number {
  return Math.min(4, Math.max(1, Math.floor(cores / 2)));
}

/** HEADSTART_PREDICT_WORKERS when it is an integer from 1 to 64, else the default from the cores. */
export function predictWorkersFromEnv(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env[PREDICT_WORKERS_ENV_VARIABLE]?.trim();
  const value = raw ? Number(raw) : Number.NaN;
  return Number.isInteger(value) && value >= 1 && value <= 64 ? value : defaultPredictWorkers();
}

export class PredictWorkerError extends Error {
  override name = "PredictWorkerError";
}

interface Pending {
  resolve(predictions: Prediction[]): void;
  reject(error: Error): void;
}

class PredictWorker {
  readonly loaded = new Set<string>();
  readonly pending = new Map<number, Pending>();
  readonly ready: Promise<void>;
  private readonly worker: Worker;
  private exited = false;
  private lastError: Error | null = null;

  constructor(
    readonly index: number,
    data: PredictWorkerData,
    log: (message: string) => void,
    onExit: (worker: PredictWorker) => void,
  ) {
    this.worker = new Worker(new URL("./predict-worker-entry.mjs", import.meta.url), { workerData: data });
    // An idle worker must not keep a CLI or a test process alive.
    this.worker.unref();
    this.ready = new Promise((resolve, reject) => {
      this.worker.on("message", (message: FromPredictWorker) => {
        switch (message.type) {
          case "ready":
            log(`predict worker ${index} ready: inference on ${message.engine}`);
            resolve();
            return;
          case "log":
            log(message.message);
            return;
          case "done":
          case "failed": {
            const pending = this.pending.get(message.id);
            this.pending.delete(message.id);
            if (message.type === "done") pending?.resolve(message.predictions);
            else pending?.reject(deserializePredictError(message.error));
            return;
          }
        }
      });
      this.worker.on("error", (error) => {
        this.lastError = error;
      });
      this.worker.on("exit", (code) => {
        this.exited = true;
        const why = `exit code ${code}${this.lastError ? `: ${this.lastError.message}` : ""}`;
        reject(new PredictWorkerError(`predict worker ${index} could not start (${why})`));
        for (const pending of this.pending.values()) {
          pending.reject(
            new PredictWorkerError(
              `the predict worker stopped while classifying (${why}); send the images again. If this repeats, check the API's memory limit.`,
            ),
          );
        }
        this.pending.clear();
        onExit(this);
      });
    });
    this.ready.catch(() => undefined);
  }

  get alive(): boolean {
    return !this.exited;
  }

  post(message: ToPredictWorker): void {
    this.worker.postMessage(message);
  }

  terminate(): Promise<number> {
    return this.worker.terminate();
  }
}

export interface PredictWorkerPoolOptions {
  /** Workers; default predictWorkersFromEnv() (from the cores). */
  size?: number;
  /** Engine preference, intra-op threads and the ONNX cache folder for every model. */
  inference?: Omit<InferenceOptions, "log">;
  log?: (message: string) => void;
}

/** A fixed number of predict workers, started on the first request; one that dies is replaced. */
export class PredictWorkerPool implements PredictHost {
  readonly size: number;
  private workers: PredictWorker[] = [];
  private nextId = 1;
  private closed = false;
  private readonly log: (message: string) => void;

  constructor(private readonly options: PredictWorkerPoolOptions = {}) {
    this.size = options.size ?? predictWorkersFromEnv();
    if (!Number.isInteger(this.size) || this.size < 1) {
      throw new RangeError(`A predict worker pool needs at least 1 worker (got ${this.size}).`);
    }
    this.log = options.log ?? (() => {});
  }

  /** Requests running in each worker now (for tests and health). */
  get busy(): number[] {
    return this.workers.map((worker) => worker.pending.size);
  }

  async predict(bundle: ModelBundle, images: readonly Uint8Array[], threshold: number): Promise<Prediction[]> {
    if (this.closed) throw new PredictWorkerError("The predict workers are stopped (the API is shutting down).");
    this.spawnMissing();
    const worker = this.pick(bundle.key);
    await worker.ready;
    if (!worker.alive) throw new PredictWorkerError(`predict worker ${worker.index} stopped; send the images again.`);
    const id = this.nextId++;
    const first = !worker.loaded.has(bundle.key);
    // Marked before the reply so a second request to this worker does not send the files again:
    // the worker handles messages in order and loads the model once.
    worker.loaded.add(bundle.key);
    return new Promise<Prediction[]>((resolve, reject) => {
      worker.pending.set(id, { resolve, reject });
      worker.post({
        type: "predict",
        id,
        key: bundle.key,
        files: first ? bundle.files : undefined,
        images: [...images],
        threshold,
      });
    }).catch((error: Error) => {
      // A failed load leaves nothing loaded there: the next request sends the files again.
      if (first && error.name !== "PredictionInputError") worker.loaded.delete(bundle.key);
      throw error;
    });
  }

  unload(key: string): void {
    for (const worker of this.workers) {
      if (worker.loaded.delete(key) && worker.alive) worker.post({ type: "unload", key });
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    const workers = this.workers;
    this.workers = [];
    await Promise.all(workers.map((worker) => worker.terminate()));
  }

  private spawnMissing(): void {
    for (let index = this.workers.length + 1; index <= this.size; index++) this.spawn(index);
  }

  private spawn(index: number): PredictWorker {
    const data: PredictWorkerData = { index, inference: this.options.inference ?? {} };
    const worker = new PredictWorker(index, data, this.log, (gone) => {
      this.workers = this.workers.filter((w) => w !== gone);
      // The next request starts a new one, so a worker that cannot start is not respawned in a loop.
      if (!this.closed) this.log(`predict worker ${gone.index} stopped; the next request starts another`);
    });
    this.workers.push(worker);
    return worker;
  }

  /**
   * An idle worker that has the model, else any idle worker (it loads the model), else the least
   * busy worker that has it, else the least busy: loading a model costs far more than one batch.
   */
  private pick(key: string): PredictWorker {
    const byLoad = [...this.workers].sort((a, b) => a.pending.size - b.pending.size);
    return (
      byLoad.find((w) => w.pending.size === 0 && w.loaded.has(key)) ??
      byLoad.find((w) => w.pending.size === 0) ??
      byLoad.find((w) => w.loaded.has(key)) ??
      byLoad[0]!
    );
  }
}
