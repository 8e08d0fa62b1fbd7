// The trainer's compute workers, one job each at a time (an attempt, or an AUTO run's ensemble). The
// main thread keeps the I/O: it answers each worker's requests (image bytes, embedding cache,
// checkpoints) and turns its progress into database writes, while tfjs runs on the worker's own
// thread and never delays a heartbeat.

import os from "node:os";
import { Worker } from "node:worker_threads";
import type { BackendReport } from "@headstart/ml-core";
import type { RunProgress } from "@headstart/runs";
import {
  type AttemptInput,
  type AttemptResult,
  type CheckpointSave,
  deserializeError,
  type EnsembleInput,
  type EnsembleResult,
  type FromWorker,
  serializeError,
  type ToWorker,
  transferablesOf,
  type WorkerData,
  type WorkerReplies,
  type WorkerRequest,
} from "./protocol.ts";

/** The main thread's side of an attempt's I/O. */
export interface AttemptHandlers {
  readImages(blobKeys: string[]): Promise<Uint8Array[]>;
  embeddingsGet(keys: string[]): Promise<Map<string, Float32Array>>;
  embeddingsPut(entries: Array<[string, Float32Array]>): Promise<void>;
  checkpointRead(): Promise<Uint8Array | null>;
  checkpointSave(save: CheckpointSave): Promise<void>;
  resetEpochs(): Promise<void>;
  progress(progress: RunProgress): void;
  /** Training is over; evaluation and export follow. */
  finishing(): void;
}

export class ComputeWorkerError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ComputeWorkerError";
  }
}

export class ComputeWorker {
  /** tf.memory().numTensors in the worker after its last attempt: flat across runs when nothing leaks. */
  numTensors = 0;
  backend: BackendReport | null = null;
  private readonly worker: Worker;
  private readonly flag: Int32Array;
  private readonly ready: Promise<void>;
  /** The job running now: an attempt (whose requests the handlers answer) or an ensemble (none). */
  private job: {
    handlers: AttemptHandlers | null;
    resolve(result: unknown): void;
    reject(error: Error): void;
  } | null = null;
  private exitReason: string | null = null;
  private lastError: Error | null = null;

  constructor(
    readonly index: number,
    private readonly log: (message: string) => void,
    private readonly onExit: (worker: ComputeWorker) => void,
    onnxCacheDir: string,
    inferenceThreads: number,
  ) {
    const abortFlag = new SharedArrayBuffer(4);
    this.flag = new Int32Array(abortFlag);
    const data: WorkerData = { index, abortFlag, onnxCacheDir };
    this.worker = new Worker(new URL("./worker-entry.mjs", import.meta.url), {
      workerData: data,
      // ml-core's engine reads its intra-op thread count from the environment; the worker gets its own copy.
      env: { ...process.env, [INFERENCE_THREADS_ENV_VARIABLE]: String(inferenceThreads) },
    });
    this.ready = new Promise((resolve, reject) => {
      this.worker.on("message", (message: FromWorker) => {
        if (message.type === "ready") {
          this.backend = message.backend;
          this.numTensors = message.numTensors;
          resolve();
        } else {
          this.onMessage(message);
        }
      });
      this.worker.on("error", (error) => {
        this.lastError = error;
        reject(error);
      });
      this.worker.on("exit", (code) => {
        this.exitReason = `exit code ${code}${this.lastError ? `: ${this.lastError.message}` : ""}`;
        reject(new ComputeWorkerError(`compute worker ${index} stopped while starting (${this.exitReason})`));
        this.job?.reject(
          new ComputeWorkerError(
            `the compute worker stopped in the middle of the run (${this.exitReason}); the trainer started a new one. ` +
              "If this repeats, check the trainer's memory limit.",
          ),
        );
        this.job = null;
        this.onExit(this);
      });
    });
    this.ready.catch(() => undefined);
  }

  whenReady(): Promise<void> {
    return this.ready;
  }

  get alive(): boolean {
    return this.exitReason === null;
  }

  /** Whether a job (an attempt or an ensemble) is running on it now. */
  get running(): boolean {
    return this.job !== null;
  }

  /** Runs one attempt on this worker; resolves with its models and predictions, or rejects with why it failed. */
  run(input: AttemptInput, handlers: AttemptHandlers): Promise<AttemptResult> {
    if (this.job) throw new Error(`compute worker ${this.index} is already running a job`);
    if (!this.alive) return Promise.reject(new ComputeWorkerError(`compute worker ${this.index} has stopped`));
    Atomics.store(this.flag, 0, 0);
    return new Promise((resolve, reject) => {
      this.job = { handlers, resolve: resolve as (result: unknown) => void, reject };
      this.post({ type: "attempt", input });
    });
  }

  /**
   * Merges an AUTO run's members into one model and exports it (ensemble-job.ts) on this worker, so
   * tfjs never loads it on the main thread. Member files whose buffers the caller hands over in
   * `transfer` move to the worker (they are unusable here afterwards); the rest are copied.
   */
  ensemble(input: EnsembleInput, transfer: ArrayBuffer[] = []): Promise<EnsembleResult> {
    if (this.job) throw new Error(`compute worker ${this.index} is already running a job`);
    if (!this.alive) return Promise.reject(new ComputeWorkerError(`compute worker ${this.index} has stopped`));
    return new Promise((resolve, reject) => {
      this.job = { handlers: null, resolve: resolve as (result: unknown) => void, reject };
      this.post({ type: "ensemble", input }, transfer);
    });
  }

  /** Stops the current attempt at its next batch: the flag is read even while the worker is busy. */
  abort(): void {
    Atomics.store(this.flag, 0, 1);
    if (this.alive) this.post({ type: "abort" });
  }

  async terminate(): Promise<void> {
    await this.worker.terminate();
  }

  private post(message: ToWorker, transfer: ArrayBuffer[] = []): void {
    this.worker.postMessage(message, transfer);
  }

  private onMessage(message: FromWorker): void {
    const job = this.job;
    const handlers = job?.handlers;
    switch (message.type) {
      case "log":
        this.log(message.message);
        return;
      case "progress":
        handlers?.progress(message.progress);
        return;
      case "finishing":
        handlers?.finishing();
        return;
      case "request":
        if (handlers) void this.answer(message.id, message.request, handlers);
        else this.post({ type: "reply", id: message.id, ok: false, error: { name: "Error", message: "no attempt" } });
        return;
      case "done":
      case "ensembled":
      case "failed":
        this.numTensors = message.numTensors;
        this.job = null;
        if (message.type === "failed") job?.reject(deserializeError(message.error));
        else job?.resolve(message.result);
        return;
      case "ready":
        return;
    }
  }

  private async answer(id: number, request: WorkerRequest, handlers: AttemptHandlers): Promise<void> {
    try {
      const [value, transfer] = await serve(request, handlers);
      if (this.alive) this.post({ type: "reply", id, ok: true, value }, transfer);
    } catch (error) {
      if (this.alive) this.post({ type: "reply", id, ok: false, error: serializeError(error) });
    }
  }
}

async function serve(
  request: WorkerRequest,
  handlers: AttemptHandlers,
): Promise<[WorkerReplies[WorkerRequest["op"]], ArrayBuffer[]]> {
  switch (request.op) {
    case "readImages": {
      const images = await handlers.readImages(request.blobKeys);
      return [images, transferablesOf(images)];
    }
    case "embeddingsGet": {
      // Fresh vectors decoded for this request: moved to the worker, not copied.
      const found = [...(await handlers.embeddingsGet(request.keys))];
      return [found, transferablesOf(found.map(([, vector]) => vector))];
    }
    case "embeddingsPut":
      await handlers.embeddingsPut(request.entries);
      return [null, []];
    case "checkpointRead": {
      const bytes = await handlers.checkpointRead();
      return [bytes, bytes ? transferablesOf([bytes]) : []];
    }
    case "checkpointSave":
      await handlers.checkpointSave(request.save);
      return [null, []];
    case "resetEpochs":
      await handlers.resetEpochs();
      return [null, []];
  }
}

export interface ComputePoolOptions {
  size: number;
  log: (message: string) => void;
  /** Where the workers keep converted ONNX graphs (the data folder's onnx-cache). */
  onnxCacheDir: string;
  /** ONNX Runtime intra-op threads per worker; default: HEADSTART_INFERENCE_THREADS, else the cores shared out. */
  inferenceThreads?: number;
  /** The machine's cores (os.availableParallelism() by default): spare() needs one beyond each worker's. */
  cores?: number;
}

/** A temporary worker from ComputePool.spare(); retire() ends it. */
export interface SpareWorker {
  worker: ComputeWorker;
  retire(): Promise<void>;
}

// ml-core's INFERENCE_THREADS_ENV_VARIABLE, spelled out: importing ml-core here would load tfjs on the main thread.
const INFERENCE_THREADS_ENV_VARIABLE = "HEADSTART_INFERENCE_THREADS";

/**
 * Each worker's share of the cores: HEADSTART_INFERENCE_THREADS when set, else the machine's cores
 * shared among the workers. The main thread mostly waits on Postgres, so one worker on two cores may
 * use both while it embeds. The worker embeds on that many single-threaded lanes (its own thread and
 * share − 1 embedding lanes, worker.ts), and its other ONNX sessions use the share as intra-op threads
 * (spinning is off, so idle threads cost nothing).
 */
export function inferenceThreadsPerWorker(
  workers: number,
  env: NodeJS.ProcessEnv = process.env,
  cores = os.availableParallelism(),
): number {
  const configured = Number.parseInt(env[INFERENCE_THREADS_ENV_VARIABLE] ?? "", 10);
  if (Number.isInteger(configured) && configured > 0) return configured;
  return Math.max(1, Math.floor(cores / Math.max(1, workers)));
}

/** A fixed number of compute workers; one that dies is replaced. */
export class ComputePool {
  private readonly workers: ComputeWorker[] = [];
  private readonly idle: ComputeWorker[] = [];
  private readonly waiters: Array<(worker: ComputeWorker | null) => void> = [];
  private readonly spares = new Set<ComputeWorker>();
  private closed = false;
  private replacements = 0;

  constructor(private readonly options: ComputePoolOptions) {}

  get size(): number {
    return this.options.size;
  }

  /** Workers running a job (an attempt or an ensemble) now. */
  get busy(): number {
    return this.workers.filter((w) => w.running).length;
  }

  /** Sum over the workers, as reported after each one's last attempt. */
  get numTensors(): number {
    return this.workers.reduce((sum, worker) => sum + worker.numTensors, 0);
  }

  get backend(): BackendReport | null {
    return this.workers.find((w) => w.backend)?.backend ?? null;
  }

  /** Starts every worker and waits until each has its tfjs backend; rejects with the reason one could not start. */
  async start(): Promise<void> {
    const started = Array.from({ length: this.options.size }, (_, i) => this.spawn(i + 1));
    await Promise.all(started.map((worker) => worker.whenReady()));
    for (const worker of started) this.release(worker);
  }

  private spawn(index: number): ComputeWorker {
    const worker = new ComputeWorker(
      index,
      this.options.log,
      (gone) => this.replace(gone),
      this.options.onnxCacheDir,
      this.options.inferenceThreads ?? inferenceThreadsPerWorker(this.options.size),
    );
    this.workers.push(worker);
    return worker;
  }

  private replace(gone: ComputeWorker): void {
    const at = this.workers.indexOf(gone);
    if (at >= 0) this.workers.splice(at, 1);
    const idleAt = this.idle.indexOf(gone);
    if (idleAt >= 0) this.idle.splice(idleAt, 1);
    if (this.closed) return;
    this.replacements += 1;
    // Bounded so a worker that cannot start at all (a broken install) does not respawn forever.
    if (this.replacements > 20) {
      this.options.log(`compute worker ${gone.index} stopped and has been replaced 20 times already; not again`);
      return;
    }
    this.options.log(`compute worker ${gone.index} stopped; starting a new one`);
    const fresh = this.spawn(gone.index);
    fresh.whenReady().then(
      () => this.release(fresh),
      (error: Error) => this.options.log(`compute worker ${gone.index} could not restart (${error.message})`),
    );
  }

  /** The next free worker (waits for one), or null after interrupt(); hand it back with release(). */
  acquire(): Promise<ComputeWorker | null> {
    const worker = this.idle.shift();
    if (worker) return Promise.resolve(worker);
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  /** Answers everyone waiting in acquire() with null (the daemon is stopping). */
  interrupt(): void {
    for (const waiter of this.waiters.splice(0)) waiter(null);
  }

  /**
   * A temporary extra worker for a run that can train two children at once (AUTO's seeds), or null
   * when that would not run faster: the workers' tfjs trains on one thread (WASM or CPU; tfjs-node
   * already uses every core), this run is the only one training, and the machine has a core beyond
   * each worker's. It is not part of the pool: it takes no queued run, is not replaced when it
   * stops, and retire() ends it (close() too). Its ONNX sessions get one intra-op thread.
   */
  async spare(): Promise<SpareWorker | null> {
    const backend = this.backend;
    const singleThreaded =
      backend !== null && (backend.backend === "cpu" || (backend.backend === "wasm" && (backend.threads ?? 1) <= 1));
    // Workers handed out (not idle): the caller's own, and any other run's.
    const acquired = this.workers.filter((worker) => !this.idle.includes(worker)).length;
    const cores = this.options.cores ?? os.availableParallelism();
    if (this.closed || !singleThreaded || acquired > 1 || cores <= this.options.size) return null;
    const worker = new ComputeWorker(
      this.options.size + 1 + this.spares.size,
      this.options.log,
      () => this.spares.delete(worker),
      this.options.onnxCacheDir,
      1,
    );
    this.spares.add(worker);
    try {
      await worker.whenReady();
    } catch (error) {
      this.spares.delete(worker);
      this.options.log(`a spare compute worker could not start (${(error as Error).message}); training on one`);
      return null;
    }
    return {
      worker,
      retire: async () => {
        this.spares.delete(worker);
        await worker.terminate();
      },
    };
  }

  release(worker: ComputeWorker): void {
    if (!worker.alive || this.closed) return;
    const waiter = this.waiters.shift();
    if (waiter) waiter(worker);
    else this.idle.push(worker);
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all([...this.workers, ...this.spares].map((worker) => worker.terminate()));
  }
}
