// What a trainer writes while it holds a run: progress inside a stage, one
// EpochMetric per finished epoch (with that epoch's checkpoint), all fenced by
// the lease and announced to listeners.

import type { Db } from "./db-types.ts";
import type { EpochMetricPayload, RunProgress } from "./events.ts";
import { publishRunEvent } from "./publish.ts";
import { assertLease, type RunLease } from "./queue.ts";

/** Stores the run's progress (read by late subscribers) and announces it; doubles as a heartbeat. */
export async function reportProgress(
  db: Db,
  lease: RunLease,
  progress: RunProgress,
): Promise<{ cancelRequested: boolean }> {
  return db.$transaction(async (tx) => {
    const lease_ = await assertLease(tx, lease);
    await tx.run.update({ where: { id: lease.runId }, data: { progress: progress as object } });
    await publishRunEvent(tx, { type: "progress", runId: lease.runId, teamId: lease.teamId, progress });
    return lease_;
  });
}

export interface CheckpointRecord {
  blobKey: string;
  byteSize: number;
  /** Small JSON describing the checkpoint (epoch, phase, format version). */
  manifest: object;
}

/**
 * Records a finished epoch. The EpochMetric is upserted on (runId, epoch), so
 * an epoch that is redone after a crash (its checkpoint never got recorded)
 * replaces its row instead of adding a second one; the checkpoint artifact
 * is written in the same transaction, so "metric for epoch N exists" and
 * "resume starts after epoch N" can never disagree.
 */
export async function recordEpoch(
  db: Db,
  lease: RunLease,
  metric: EpochMetricPayload,
  checkpoint?: CheckpointRecord,
): Promise<{ cancelRequested: boolean }> {
  if (!Number.isInteger(metric.epoch) || metric.epoch < 1) {
    throw new RangeError(`Epoch numbers start at 1 (got ${metric.epoch}).`);
  }
  return db.$transaction(async (tx) => {
    const state = await assertLease(tx, lease);
    const values = {
      phase: metric.phase,
      loss: metric.loss,
      acc: metric.acc,
      valLoss: metric.valLoss,
      valAcc: metric.valAcc,
      seconds: metric.seconds,
    };
    await tx.epochMetric.upsert({
      where: { runId_epoch: { runId: lease.runId, epoch: metric.epoch } },
      create: { runId: lease.runId, epoch: metric.epoch, ...values },
      update: values,
    });
    if (checkpoint) {
      const data = { blobKey: checkpoint.blobKey, byteSize: checkpoint.byteSize, manifest: checkpoint.manifest };
      await tx.modelArtifact.upsert({
        where: { runId_kind: { runId: lease.runId, kind: "CHECKPOINT" } },
        create: { runId: lease.runId, kind: "CHECKPOINT", ...data },
        update: { ...data, createdAt: new Date() },
      });
    }
    await tx.run.update({ where: { id: lease.runId }, data: { currentEpoch: metric.epoch } });
    await publishRunEvent(tx, { type: "epoch", runId: lease.runId, teamId: lease.teamId, metric });
    return state;
  });
}

/** The last recorded checkpoint of a run, from which a new attempt resumes. */
export async function latestCheckpoint(db: Db, runId: string): Promise<CheckpointRecord | null> {
  const artifact = await db.modelArtifact.findUnique({
    where: { runId_kind: { runId, kind: "CHECKPOINT" } },
    select: { blobKey: true, byteSize: true, manifest: true },
  });
  return artifact
    ? { blobKey: artifact.blobKey, byteSize: artifact.byteSize, manifest: artifact.manifest as object }
    : null;
}

/**
 * Clears the epochs of an attempt that starts from scratch (no usable
 * checkpoint), so a run never shows epochs from a discarded attempt.
 */
export async function resetEpochs(db: Db, lease: RunLease): Promise<void> {
  await db.$transaction(async (tx) => {
    await assertLease(tx, lease);
    await tx.epochMetric.deleteMany({ where: { runId: lease.runId } });
    await tx.modelArtifact.deleteMany({ where: { runId: lease.runId, kind: "CHECKPOINT" } });
    await tx.run.update({ where: { id: lease.runId }, data: { currentEpoch: 0 } });
  });
}
