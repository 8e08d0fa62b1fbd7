// What a trainer writes while it holds a run: progress inside a stage, one
// EpochMetric per finished epoch (with that epoch's checkpoint), all fenced by
// the lease and announced to listeners.

import type { Db } from "./db-types.ts";
import { type EpochMetricPayload, encodeNotification, RUN_EVENTS_CHANNEL, type RunProgress } from "./events.ts";
import { publishRunEvent } from "./publish.ts";
import { assertLease, LEASE_CONDITION, LeaseLostError, type RunLease } from "./queue.ts";

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
  const rows = await db.$queryRawUnsafe<{ cancelRequested: boolean }[]>(
    RECORD_EPOCH_SQL,
    lease.runId,
    lease.workerId,
    lease.attempt,
    metric.epoch,
    metric.phase,
    metric.loss,
    metric.acc,
    metric.valLoss,
    metric.valAcc,
    metric.seconds,
    checkpoint?.blobKey ?? null,
    checkpoint?.byteSize ?? null,
    checkpoint ? JSON.stringify(checkpoint.manifest) : null,
    RUN_EVENTS_CHANNEL,
    encodeNotification({ type: "epoch", runId: lease.runId, teamId: lease.teamId, metric }),
  );
  const row = rows[0];
  if (!row) throw new LeaseLostError(lease);
  return { cancelRequested: row.cancelRequested };
}

/**
 * recordEpoch as one statement (so one round trip and its own transaction): the lease check that
 * refreshes the heartbeat and locks the run row, the EpochMetric upsert, the checkpoint artifact
 * upsert (when $11 is given), the run's currentEpoch and the epoch's NOTIFY, which Postgres delivers
 * at commit with the transaction's id, as publishRunEvent sends it. No lease row, no writes. As an
 * interactive Prisma transaction of six statements it took 10-20 ms of the trainer's main thread per
 * epoch (load 4-6), and the next epoch's save waits for this one. Data-modifying CTEs always run to
 * completion; the NOTIFY is in the final SELECT, so it runs once per lease row, that is once or never.
 * ids are v4 UUIDs like Prisma's uuid() default.
 */
const RECORD_EPOCH_SQL = `
WITH lease AS (
  UPDATE "Run" SET "heartbeatAt" = now(), "currentEpoch" = $4::int
   WHERE ${LEASE_CONDITION}
   RETURNING "cancelRequested"
), metric AS (
  INSERT INTO "EpochMetric" ("id", "runId", "epoch", "phase", "loss", "acc", "valLoss", "valAcc", "seconds")
  SELECT gen_random_uuid(), $1::uuid, $4::int, $5::text, $6::float8, $7::float8, $8::float8, $9::float8, $10::float8
    FROM lease
  ON CONFLICT ("runId", "epoch") DO UPDATE
     SET "phase" = EXCLUDED."phase", "loss" = EXCLUDED."loss", "acc" = EXCLUDED."acc",
         "valLoss" = EXCLUDED."valLoss", "valAcc" = EXCLUDED."valAcc", "seconds" = EXCLUDED."seconds"
), checkpoint AS (
  INSERT INTO "ModelArtifact" ("id", "runId", "kind", "blobKey", "byteSize", "manifest")
  SELECT gen_random_uuid(), $1::uuid, 'CHECKPOINT'::"ArtifactKind", $11::text, $12::int, $13::jsonb
    FROM lease
   WHERE $11::text IS NOT NULL
  ON CONFLICT ("runId", "kind") DO UPDATE
     SET "blobKey" = EXCLUDED."blobKey", "byteSize" = EXCLUDED."byteSize", "manifest" = EXCLUDED."manifest",
         "createdAt" = CURRENT_TIMESTAMP
)
SELECT "cancelRequested",
       pg_notify($14::text, json_build_object('xid', pg_current_xact_id()::text, 'event', $15::json)::text)::text AS notified
  FROM lease`;

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
