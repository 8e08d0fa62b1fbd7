// Process-wide run machinery the API holds next to its Prisma client: one
// LISTEN connection fanning run events out to every subscription, a reaper
// (so no run stays RUNNING after its trainer is gone, even when every trainer
// is down), the blob store and the bounded cache of loaded models.
import type { PrismaClient } from "@headstart/db";
import { blobStoreFor, ModelCache, type ModelCacheLimits, modelCacheLimitsFromEnv } from "@headstart/domain";
import { type RunEvent, type RunEventFilter, RunEventHub, startReaper } from "@headstart/runs";
import type { BlobStore } from "@headstart/storage";

export interface RunServicesOptions {
  prisma: PrismaClient;
  /** Connection string for the LISTEN connection; without it, run subscriptions are refused. */
  databaseUrl?: string;
  dataDir: string;
  modelCache?: Partial<ModelCacheLimits>;
  log?: (message: string) => void;
}

export interface RunServices {
  blobs: BlobStore;
  models: ModelCache;
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
  const models = new ModelCache({ ...modelCacheLimitsFromEnv(), ...options.modelCache });
  let closed = false;
  return {
    blobs: blobStoreFor(options.dataDir),
    models,
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
    },
  };
}
