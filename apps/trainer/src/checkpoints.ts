// Per-epoch checkpoints in the blob store, recorded together with that epoch's
// metric (one transaction), so a resumed attempt starts exactly after the last
// epoch it can see and never records an epoch twice.

import { type CheckpointIO, decodeCheckpoint, encodeCheckpoint, type TrainingCheckpoint } from "@headstart/ml-core";
import { type Db, latestCheckpoint, recordEpoch, resetEpochs } from "@headstart/runs";
import type { BlobStore } from "@headstart/storage";
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

export function runCheckpoints({
  db,
  blobs,
  session,
  log,
}: CheckpointStoreOptions): CheckpointIO & { resumedFromEpoch: number } {
  const { lease } = session;
  let previousKey: string | null = null;
  const io = {
    resumedFromEpoch: 0,

    async load(): Promise<TrainingCheckpoint | null> {
      const record = await latestCheckpoint(db, lease.runId);
      if (record) {
        try {
          const checkpoint = decodeCheckpoint(unwrap(lease.runId, await blobs.get(record.blobKey)));
          previousKey = record.blobKey;
          io.resumedFromEpoch = checkpoint.history.length;
          log(`run ${lease.runId}: resuming after epoch ${checkpoint.history.length} (attempt ${lease.attempt})`);
          return checkpoint;
        } catch (error) {
          log(`run ${lease.runId}: checkpoint unusable (${(error as Error).message}); starting from scratch`);
        }
      }
      await resetEpochs(db, lease);
      return null;
    },

    async save(checkpoint: TrainingCheckpoint): Promise<void> {
      session.throwIfStopped();
      const { key, size } = await blobs.put(wrap(lease.runId, encodeCheckpoint(checkpoint)));
      const last = checkpoint.history[checkpoint.history.length - 1]!;
      try {
        const { cancelRequested } = await recordEpoch(
          db,
          lease,
          {
            // Numbered across phases: fine-tune epochs follow the head's.
            epoch: checkpoint.history.length,
            phase: last.phase,
            loss: last.loss,
            acc: last.acc,
            valLoss: last.valLoss,
            valAcc: last.valAcc,
            seconds: last.seconds,
          },
          {
            blobKey: key,
            byteSize: size,
            manifest: { format: MAGIC, phase: checkpoint.phase, epoch: checkpoint.epoch },
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
  return io;
}

/** Removes the run's last checkpoint blob once the run no longer needs it. */
export async function discardCheckpoint(db: Db, blobs: BlobStore, runId: string): Promise<void> {
  const record = await latestCheckpoint(db, runId);
  if (!record) return;
  await db.modelArtifact.deleteMany({ where: { runId, kind: "CHECKPOINT" } });
  await blobs.delete(record.blobKey).catch(() => false);
}
