// Process-wide run machinery the API holds next to its Prisma client: one
// LISTEN connection fanning run events out to every subscription, a reaper
// (so no run stays RUNNING after its trainer is gone, even when every trainer
// is down), the blob store, the bounded cache of run models and the predict
// workers that run them (inference never runs on the thread serving HTTP).
import type { PrismaClient } from "@headstart/db";
import {
  blobStoreFor,
  type ModelBundle,
  ModelCache,
  type ModelCacheLimits,
  modelCacheLimitsFromEnv,
  onnxCacheDirFor,
  type PredictHost,
  PredictWorkerPool,
  predictWorkersFromEnv,
} from "@headstart/domain";
import { type RunEvent, type RunEventFilter, RunEventHub, startReaper } from "@headstart/runs";
import type { BlobStore } from "@headstart/storage";

export interface RunServicesOptions {
  prisma: PrismaClient;
  /** Connection string for the LISTEN connection; without it, run subscriptions are refused. */
  databaseUrl?: string;
  dataDir: string;
  modelCache?: Partial<ModelCacheLimits>;
  /** Predict worker threads; default HEADSTART_PREDICT_WORKERS, else one per two cores. */
  predictWorkers?: number;
  log?: (message: string) => void;
}

export interface RunServices {
  blobs: BlobStore;
  /** Run models by artifact blob key; evicting one unloads it from the predict workers. */
  models: ModelCache<ModelBundle>;
  /** The predict worker pool (started on the first predict). */
  predictHost: PredictHost;
  /** Current state first, then live events (see @headstart/runs RunEventHub.subscribe). */
  subscribe(filter: RunEventFilter, signal?: AbortSignal): AsyncIterableIterator<RunEvent>;
  close(): Promise<void>;
}

export class RunEventsUnavailableError extends Error {
  constructor() {
    super(
      "Live run updates are off in this API process: it was started without a database URL for LISTEN. Poll the run query instead.",
    );
    this.name = "RunEventsUnavailableError";
  }
}

export function startRunServices(options: RunServicesOptions): RunServices {
  const log = options.log ?? (() => {});
  // The hub connects on the first subscription, so an API nobody watches holds no extra connection.
  const hub = options.databaseUrl
    ? new RunEventHub({ db: options.prisma, connectionString: options.databaseUrl, log })
    : null;
  const reaper = startReaper(options.prisma, { log });
  const predictHost = new PredictWorkerPool({
    size: options.predictWorkers ?? predictWorkersFromEnv(),
    inference: { cacheDir: onnxCacheDirFor(options.dataDir) },
    log,
  });
  const models = new ModelCache<ModelBundle>({ ...modelCacheLimitsFromEnv(), ...options.modelCache }, (bundle) =>
    predictHost.unload(bundle.key),
  );
  let closed = false;
  return {
    blobs: blobStoreFor(options.dataDir),
    models,
    predictHost,
    subscribe(filter, signal) {
      if (!hub || closed) throw new RunEventsUnavailableError();
      return hub.subscribe(filter, { signal });
    },
    async close() {
      if (closed) return;
      closed = true;
      await reaper.stop();
      await hub?.close();
      models.clear();
      await predictHost.close();
    },
  };
}
