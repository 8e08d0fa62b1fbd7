// One attempt of one run, from the claimed lease to its final status. This is the main thread's
// side: load the pinned dataset version, hand the compute to a worker thread (it trains, resuming
// from the last checkpoint, evaluates and exports), answer its I/O, store the model, then SUCCEEDED.
// All in one place so the order of those steps and what happens when one fails is plain to see.

import {
  type Db,
  finishRun,
  type LeaseHeartbeats,
  LeaseLostError,
  parseRunConfig,
  type RunEventHub,
  type RunLease,
  releaseRun,
  resetEpochs,
  storeModelBundle,
} from "@headstart/runs";
import type { BlobStore } from "@headstart/storage";
import { searchAutoRun } from "./auto-run/auto-search.ts";
import { finishAutoRun } from "./auto-run/final-model.ts";
import { discardCheckpoint, runCheckpoints } from "./checkpoints.ts";
import type { AttemptHandlers, ComputeWorker, SpareWorker } from "./compute/pool.ts";
import { retryTransient } from "./db-retry.ts";
import { loadRunDataset, readImage, withValidationFold } from "./run-dataset.ts";
import { RunSession, RunStoppedError } from "./run-session.ts";
import { replacePredictions } from "./store-predictions.ts";

/** The embedding cache as the main thread sees it (PostgresEmbeddingStore). */
export interface EmbeddingStoreLike {
  getMany(keys: readonly string[]): Promise<Map<string, Float32Array>>;
  putMany(entries: ReadonlyArray<readonly [string, Float32Array]>): Promise<void>;
}

export interface ExecutorDeps {
  db: Db;
  heartbeats: LeaseHeartbeats;
  hub: RunEventHub;
  blobs: BlobStore;
  /** The compute worker this attempt runs on; the caller owns it before and after. */
  worker: ComputeWorker;
  /**
   * A temporary second worker for training two child runs at once (AUTO's seeds), or null when the
   * machine has no core for it (ComputePool.spare). Absent: always one at a time.
   */
  spare?: () => Promise<SpareWorker | null>;
  store: EmbeddingStoreLike;
  heartbeatIntervalMs: number;
  progressIntervalMs: number;
  log: (message: string) => void;
}

export type AttemptOutcome = "SUCCEEDED" | "FAILED" | "CANCELLED" | "RELEASED" | "LOST";

/** Outcome writes are retried this long through a database outage before the reaper is left to repair the run. */
const OUTCOME_RETRY_MS = 60_000;

export interface ExecuteRunOptions {
  /** A wall-clock end for training (ms since the epoch): see AttemptInput.stopTrainingAt. */
  stopTrainingAt?: number;
}

/** Runs the attempt the lease grants and always leaves the run in a state the server can explain. */
export async function executeRun(
  deps: ExecutorDeps,
  lease: RunLease,
  onSession?: (session: RunSession) => void,
  options: ExecuteRunOptions = {},
): Promise<AttemptOutcome> {
  const { db, log } = deps;
  const session = new RunSession({
    db,
    heartbeats: deps.heartbeats,
    hub: deps.hub,
    lease,
    heartbeatIntervalMs: deps.heartbeatIntervalMs,
    progressIntervalMs: deps.progressIntervalMs,
    log,
  });
  session.start();
  // Whatever stops the run (cancel, lost lease, shutdown) stops the worker's batch loop too.
  const stopWorker = () => deps.worker.abort();
  session.signal.addEventListener("abort", stopWorker, { once: true });
  onSession?.(session);
  const started = performance.now();
  log(`run ${lease.runId}: attempt ${lease.attempt} of ${lease.maxAttempts} started`);
  try {
    const outcome = await train(deps, session, options);
    log(`run ${lease.runId}: SUCCEEDED in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    return outcome;
  } catch (error) {
    return await settle(deps, session, error);
  } finally {
    session.signal.removeEventListener("abort", stopWorker);
    await session.stop();
  }
}

async function settle(deps: ExecutorDeps, session: RunSession, error: unknown): Promise<AttemptOutcome> {
  const { db, log } = deps;
  const { lease } = session;
  const stopped = session.reason ?? (error instanceof RunStoppedError ? error.reason : null);
  const retried = <T>(what: string, write: () => Promise<T>) =>
    retryTransient(write, { what: `run ${lease.runId}: ${what}`, log, deadlineMs: OUTCOME_RETRY_MS });
  try {
    if (error instanceof LeaseLostError || stopped === "lease-lost") {
      log(`run ${lease.runId}: lease lost; another trainer or the reaper owns it now`);
      return "LOST";
    }
    if (stopped === "cancelled") {
      await retried("recording CANCELLED", () => finishRun(db, lease, { status: "CANCELLED" }));
      log(`run ${lease.runId}: CANCELLED`);
      return "CANCELLED";
    }
    if (stopped === "shutdown") {
      const status = await retried("handing the run back", () => releaseRun(db, lease));
      log(`run ${lease.runId}: handed back to the queue (${status}) for another trainer to resume`);
      return status === "CANCELLED" ? "CANCELLED" : "RELEASED";
    }
    const message = failureReason(error);
    log(`run ${lease.runId}: FAILED: ${message}`);
    if (
      error instanceof Error &&
      error.stack &&
      !(error.name.endsWith("InputError") || error.name.endsWith("SnapshotError"))
    ) {
      log(error.stack);
    }
    await retried("recording FAILED", () => finishRun(db, lease, { status: "FAILED", error: message.slice(0, 2000) }));
    return "FAILED";
  } catch (settleError) {
    // The database is unreachable or the lease is gone: the reaper repairs the status once heartbeats stop.
    log(
      `run ${lease.runId}: could not record the outcome (${(settleError as Error).message}); the reaper will requeue it`,
    );
    return "LOST";
  }
}

/**
 * Run.error for an attempt that failed. A full disk under the data folder (a checkpoint or model
 * blob that did not fit; the store leaves no partial blob behind) is said in words a user can act
 * on. It is recognised by the storage error's name, which survives the trip from a compute worker.
 */
export function failureReason(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const name = error instanceof Error ? error.name : "";
  if (name === "BlobStoreFullError" || /\bENOSPC\b|no space left on device/i.test(message)) {
    return `The data folder's disk is full: free space and retry the run. (${message})`;
  }
  return message;
}

async function train(deps: ExecutorDeps, session: RunSession, options: ExecuteRunOptions): Promise<AttemptOutcome> {
  const { db, blobs, log } = deps;
  const { lease } = session;
  const seconds: Record<string, number> = {};
  const time = async <T>(name: string, work: () => Promise<T>): Promise<T> => {
    const t0 = performance.now();
    try {
      return await work();
    } finally {
      seconds[name] = (seconds[name] ?? 0) + (performance.now() - t0) / 1000;
    }
  };
  const whileHeld = { log, shouldStop: () => session.reason !== null };

  const run = await retryTransient(
    () =>
      db.run.findUniqueOrThrow({
        where: { id: lease.runId },
        select: { config: true, name: true, version: { select: { snapshot: true } } },
      }),
    { what: `run ${lease.runId}: reading the run`, ...whileHeld },
  );
  const stored = parseRunConfig(run.config);
  const loaded = await time("load", () =>
    loadRunDataset(run.version.snapshot, blobs, (done, total) => session.progress({ stage: "loading", done, total })),
  );
  // A cross-fitted seed run of an AUTO run trains on the VAL images outside its fold too.
  const dataset = withValidationFold(loaded, stored.validationFold);
  session.throwIfStopped();
  // An AUTO run first searches (its trials are runs of their own), then trains the winner as itself.
  const config =
    stored.strategy === "AUTO"
      ? await time("search", () => searchAutoRun({ deps, session, config: stored, runName: run.name, dataset }))
      : stored;

  const checkpoints = runCheckpoints({ db, blobs, session, log });
  const handlers: AttemptHandlers = {
    readImages: (blobKeys) =>
      Promise.all(
        blobKeys.map(async (key) => {
          session.throwIfStopped();
          const image = dataset.byBlobKey.get(key);
          if (!image) throw new Error(`the compute worker asked for blob ${key}, which is not in this run's dataset`);
          return readImage(blobs, image)();
        }),
      ),
    embeddingsGet: (keys) =>
      retryTransient(() => deps.store.getMany(keys), {
        what: `run ${lease.runId}: embedding cache read`,
        ...whileHeld,
      }),
    embeddingsPut: (entries) =>
      retryTransient(() => deps.store.putMany(entries), {
        what: `run ${lease.runId}: embedding cache write`,
        ...whileHeld,
      }),
    checkpointRead: () => checkpoints.read(),
    checkpointSave: (save) => checkpoints.save(save),
    resetEpochs: () =>
      retryTransient(() => resetEpochs(db, lease), { what: `run ${lease.runId}: clearing its epochs`, ...whileHeld }),
    progress: (progress) => session.progress(progress),
    finishing: () => session.beginFinishing(),
  };
  const result = await deps.worker.run(
    {
      runId: lease.runId,
      attempt: lease.attempt,
      config,
      labels: dataset.labels,
      classMode: dataset.classMode,
      images: dataset.images,
      test: dataset.test,
      stopTrainingAt: options.stopTrainingAt,
    },
    handlers,
  );
  session.throwIfStopped();
  // The AUTO run keeps the best model by validation: the ensemble of its retrain and seeds, the
  // retrain, the winning trial or another seed; all but the retrain are stored by finishAutoRun.
  if (
    stored.strategy === "AUTO" &&
    (await finishAutoRun(deps, session, { config, result, dataset }, { ...seconds, ...result.seconds }))
  ) {
    return "SUCCEEDED";
  }
  session.progress({ stage: "saving" });
  const [full, head] = await time("store", () =>
    Promise.all([storeModelBundle(blobs, result.models.full), storeModelBundle(blobs, result.models.head)]),
  );
  await session.flushProgress();

  const runMetrics = {
    ...result.metrics,
    seconds: { ...seconds, ...result.seconds },
    trainerAttempt: lease.attempt,
  };
  const { manifest, rows } = result;
  session.beginSettling();
  await retryTransient(
    () =>
      finishRun(db, lease, { status: "SUCCEEDED", metrics: runMetrics }, async (tx) => {
        await replacePredictions(tx, lease.runId, rows);
        for (const [kind, stored] of [
          ["FULL", full],
          ["HEAD", head],
        ] as const) {
          const data = {
            blobKey: stored.blobKey,
            byteSize: stored.byteSize,
            // The full model's manifest also says what its model.onnx expects (or why it has none).
            manifest:
              kind === "FULL" ? { ...manifest, kind: "full", onnx: result.onnx } : { ...manifest, kind: "head" },
          };
          await tx.modelArtifact.upsert({
            where: { runId_kind: { runId: lease.runId, kind } },
            create: { runId: lease.runId, kind, ...data },
            update: data,
          });
        }
      }),
    // The whole transaction rolls back on failure (and starts by deleting the predictions), so a retry is safe.
    { what: `run ${lease.runId}: recording SUCCEEDED`, log, deadlineMs: OUTCOME_RETRY_MS },
  );
  await discardCheckpoint(db, blobs, lease.runId).catch((error: Error) =>
    log(`run ${lease.runId}: could not remove its last checkpoint (${error.message})`),
  );
  return "SUCCEEDED";
}
