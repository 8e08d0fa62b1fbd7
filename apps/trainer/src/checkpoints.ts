// Per-epoch checkpoints in the blob store, recorded together with that epoch's
// metric (one transaction), so a resumed attempt starts exactly after the last
// epoch it can see and never records an epoch twice.

import { type Db, latestCheckpoint, recordEpoch } from "@headstart/runs";
import type { BlobStore } from "@headstart/storage";
import type { CheckpointSave } from "./compute/protocol.ts";
import { retryTransient } from "./db-retry.ts";
import type { RunSession } from "./run-session.ts";

const MAGIC = "HSCK1";

// The run id goes in front of ml-core's bytes so each run's checkpoint blobs are its own: the
// blob store dedupes by content, and two identical runs must not share (and delete) one blob.
function wrap(runId: string, bytes: Uint8Array): Buffer {
  return Buffer.concat([Buffer.from(`${MAGIC}:${runId}\n`), bytes]);
}

function unwrap(runId: string, blob: Buffer): Uint8Array {
  const header = `${MAGIC}:${runId}\n`;
  if (blob.subarray(0, header.length).toString("latin1") !== header) {
    throw new Error("the checkpoint blob does not belong to this run");
  }
  return new Uint8Array(blob.subarray(header.length));
}

export interface CheckpointStoreOptions {
  db: Db;
  blobs: BlobStore;
  session: RunSession;
  log: (message: string) => void;
}

/** The main thread's half of ml-core's CheckpointIO: blobs and rows; the worker encodes and decodes. */
export interface RunCheckpoints {
  /** ml-core's bytes of the last recorded checkpoint, or null when there is none usable. */
  read(): Promise<Uint8Array | null>;
  /** Stores an epoch's checkpoint and records it with that epoch's metric, in one transaction. */
  save(save: CheckpointSave): Promise<void>;
}

export function runCheckpoints({ db, blobs, session, log }: CheckpointStoreOptions): RunCheckpoints {
  const { lease } = session;
  let previousKey: string | null = null;
  return {
    async read(): Promise<Uint8Array | null> {
      const record = await retryTransient(() => latestCheckpoint(db, lease.runId), {
        what: `run ${lease.runId}: reading its checkpoint`,
        log,
        shouldStop: () => session.reason !== null,
      });
      if (!record) return null;
      try {
        const bytes = unwrap(lease.runId, await blobs.get(record.blobKey));
        previousKey = record.blobKey;
        return bytes;
      } catch (error) {
        log(`run ${lease.runId}: checkpoint unusable (${(error as Error).message}); starting from scratch`);
        return null;
      }
    },

    async save({ bytes, metric, phase, epoch }: CheckpointSave): Promise<void> {
      session.throwIfStopped();
      const { key, size } = await blobs.put(wrap(lease.runId, bytes));
      try {
        // The upsert makes a retried write the same as one that went through.
        const { cancelRequested } = await retryTransient(
          () =>
            recordEpoch(db, lease, metric, {
              blobKey: key,
              byteSize: size,
              manifest: { format: MAGIC, phase, epoch },
            }),
          {
            what: `run ${lease.runId}: recording epoch ${metric.epoch}`,
            log,
            shouldStop: () => session.reason !== null,
          },
        );
        if (cancelRequested) session.abort("cancelled");
      } catch (error) {
        session.handleWriteError(error);
        session.throwIfStopped();
        throw error;
      }
      // The previous checkpoint is superseded and, being run-specific, referenced by nothing else.
      if (previousKey && previousKey !== key) await blobs.delete(previousKey).catch(() => false);
      previousKey = key;
    },
  };
}

/** Removes the run's last checkpoint blob once the run no longer needs it. */
export async function discardCheckpoint(db: Db, blobs: BlobStore, runId: string): Promise<void> {
  const record = await latestCheckpoint(db, runId);
  if (!record) return;
  await db.modelArtifact.deleteMany({ where: { runId, kind: "CHECKPOINT" } });
  await blobs.delete(record.blobKey).catch(() => false);
}
