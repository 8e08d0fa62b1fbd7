// The run queue is the Run table itself, claimed with SELECT … FOR UPDATE SKIP
// LOCKED. A separate job queue (pg-boss) would hold a second copy of each run's
// state that must be kept in step with the Run row the API shows; here the row
// a user sees *is* the job, so status can never disagree with the queue.
// pg-boss 10 would also pin us to a Node-20-only line (12 needs Node 22).
//
// Every write a trainer makes is fenced by its lease (run id + worker id +
// attempt, while RUNNING): once the reaper has given the run to someone else
// or a user cancelled it, the old trainer's writes fail with LeaseLostError
// instead of overwriting the new attempt's state.

import type { RunConfig } from "./config.ts";
import type { Db, DbTx } from "./db-types.ts";
import type { RunStatus } from "./events.ts";
import { publishRunEvent, type StatusRow, statusEvent } from "./publish.ts";

/** A trainer's claim on one attempt of a run. */
export interface RunLease {
  runId: string;
  teamId: string;
  workerId: string;
  attempt: number;
  maxAttempts: number;
}

/** Heartbeats older than this mark a trainer as gone (the issue requires ≤ 30 s). */
export const DEFAULT_HEARTBEAT_TIMEOUT_MS = 30_000;
/** Trainers heartbeat this often; several beats fit in one timeout. */
export const DEFAULT_HEARTBEAT_INTERVAL_MS = 5_000;

export class LeaseLostError extends Error {
  constructor(readonly lease: RunLease) {
    super(
      `Run ${lease.runId} is no longer held by trainer ${lease.workerId} (attempt ${lease.attempt}): ` +
        "it was cancelled, reclaimed after a missed heartbeat, or finished elsewhere. Stop working on it.",
    );
    this.name = "LeaseLostError";
  }
}

export class RunNotFoundError extends Error {
  constructor(readonly runId: string) {
    super(`Run ${runId} does not exist.`);
    this.name = "RunNotFoundError";
  }
}

export class RunInputError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
    this.name = "RunInputError";
  }
}

const STATUS_COLUMNS = `id::text AS id, "teamId"::text AS "teamId", status::text AS status, attempt, "cancelRequested", error`;

export interface EnqueueRunInput {
  teamId: string;
  datasetId: string;
  versionId: string;
  config: RunConfig;
  creatorId?: string | null;
  name?: string | null;
  maxAttempts?: number;
}

/** Creates a QUEUED run pinned to a dataset version and wakes the trainers. */
export async function enqueueRun(db: Db, input: EnqueueRunInput): Promise<{ id: string }> {
  const maxAttempts = input.maxAttempts ?? 3;
  if (!Number.isInteger(maxAttempts) || maxAttempts < 1 || maxAttempts > 20) {
    throw new RunInputError("maxAttempts", `maxAttempts must be an integer from 1 to 20 (got ${maxAttempts}).`);
  }
  return db.$transaction(async (tx) => {
    const version = await tx.datasetVersion.findUnique({
      where: { id: input.versionId },
      select: { datasetId: true, dataset: { select: { teamId: true } } },
    });
    if (!version || version.datasetId !== input.datasetId || version.dataset.teamId !== input.teamId) {
      throw new RunInputError(
        "versionId",
        `Dataset version ${input.versionId} does not belong to dataset ${input.datasetId}; freeze a version of that dataset first.`,
      );
    }
    const run = await tx.run.create({
      data: {
        teamId: input.teamId,
        datasetId: input.datasetId,
        versionId: input.versionId,
        creatorId: input.creatorId ?? null,
        name: input.name ?? null,
        config: input.config as object,
        maxAttempts,
      },
      select: { id: true, teamId: true, status: true, attempt: true, cancelRequested: true, error: true },
    });
    await publishRunEvent(tx, statusEvent(run as StatusRow));
    return { id: run.id };
  });
}

/**
 * Claims the oldest QUEUED run for `workerId`, or returns null when there is
 * none. Concurrent claimers skip rows another transaction has locked, so two
 * trainers never take the same run and neither waits on the other.
 */
export async function claimNextRun(db: Db, workerId: string): Promise<RunLease | null> {
  return db.$transaction(async (tx) => {
    const rows = await tx.$queryRawUnsafe<(StatusRow & { maxAttempts: number })[]>(
      `UPDATE "Run" AS r
          SET status = 'RUNNING', attempt = r.attempt + 1, "workerId" = $1, "heartbeatAt" = now(),
              "startedAt" = COALESCE(r."startedAt", now()), progress = NULL, error = NULL
        WHERE r.id = (SELECT id FROM "Run"
                       WHERE status = 'QUEUED' AND NOT "cancelRequested"
                       ORDER BY "createdAt", id
                       LIMIT 1
                       FOR UPDATE SKIP LOCKED)
        RETURNING ${STATUS_COLUMNS}, "maxAttempts"`,
      workerId,
    );
    const row = rows[0];
    if (!row) return null;
    await publishRunEvent(tx, statusEvent(row));
    return { runId: row.id, teamId: row.teamId, workerId, attempt: row.attempt, maxAttempts: row.maxAttempts };
  });
}

/** A run row still held by this lease. Parameters: $1 run id, $2 worker id, $3 attempt. */
export const LEASE_CONDITION = `id = $1::uuid AND status = 'RUNNING' AND "workerId" = $2 AND attempt = $3`;

/** Refreshes a held lease's heartbeat; no row back means the lease is gone. Parameters: run id, worker id, attempt. */
export const HEARTBEAT_SQL = `UPDATE "Run" SET "heartbeatAt" = now() WHERE ${LEASE_CONDITION} RETURNING "cancelRequested"`;

/**
 * Checks the lease inside a transaction and refreshes the heartbeat; throws
 * LeaseLostError (rolling the transaction back) when the run has moved on.
 * Locks the row, so a reaper cannot requeue it halfway through the caller's writes.
 */
export async function assertLease(tx: DbTx, lease: RunLease): Promise<{ cancelRequested: boolean }> {
  const rows = await tx.$queryRawUnsafe<{ cancelRequested: boolean }[]>(
    HEARTBEAT_SQL,
    lease.runId,
    lease.workerId,
    lease.attempt,
  );
  const row = rows[0];
  if (!row) throw new LeaseLostError(lease);
  return row;
}

/** Proves the trainer is alive; reports whether a cancel was requested. */
export async function heartbeat(db: Db, lease: RunLease): Promise<{ cancelRequested: boolean }> {
  return assertLease(db, lease);
}

export interface ReapedRun {
  runId: string;
  teamId: string;
  status: RunStatus;
  attempt: number;
  error: string | null;
}

/**
 * Takes back RUNNING runs whose trainer stopped heartbeating: QUEUED again (a
 * trainer resumes from the last checkpoint), FAILED with the reason once the
 * attempts are used up, or CANCELLED if a cancel was pending. Safe to run from
 * any number of processes at once: the row lock makes each run reaped once.
 */
export async function reapExpiredRuns(
  db: Db,
  { heartbeatTimeoutMs = DEFAULT_HEARTBEAT_TIMEOUT_MS }: { heartbeatTimeoutMs?: number } = {},
): Promise<ReapedRun[]> {
  return takeBackRunningRuns(db, {
    whatHappened: "format('stopped responding (no heartbeat for %s s)', round($1::numeric / 1000, 1))",
    where: `COALESCE("heartbeatAt", "startedAt", "createdAt") < now() - make_interval(secs => $1::double precision / 1000)`,
    params: [heartbeatTimeoutMs],
  });
}

/**
 * The one statement that takes RUNNING runs back from their trainer, for the reaper and for a
 * restarted trainer alike: QUEUED again to resume from the last checkpoint, FAILED once the
 * attempts are used up, CANCELLED if a cancel was pending; each change published in the same
 * transaction. `where` narrows the RUNNING rows (its placeholders are `params`), `whatHappened` is
 * the SQL text for what the trainer did, written into the run's error.
 */
async function takeBackRunningRuns(
  db: Db,
  { whatHappened, where, params }: { whatHappened: string; where: string; params: unknown[] },
): Promise<ReapedRun[]> {
  return db.$transaction(async (tx) => {
    const rows = await tx.$queryRawUnsafe<StatusRow[]>(
      `UPDATE "Run" AS r
          SET status = (CASE WHEN r."cancelRequested" THEN 'CANCELLED'
                             WHEN r.attempt >= r."maxAttempts" THEN 'FAILED'
                             ELSE 'QUEUED' END)::"RunStatus",
              error = CASE WHEN r."cancelRequested" THEN NULL
                           ELSE format('Trainer %s %s during attempt %s of %s%s',
                                       r."workerId", ${whatHappened}, r.attempt, r."maxAttempts",
                                       CASE WHEN r.attempt >= r."maxAttempts"
                                            THEN '; no attempts left. Check the trainer logs for a crash or out-of-memory kill, then start a new run.'
                                            ELSE '; requeued to resume from its last checkpoint.' END)
                      END,
              "workerId" = NULL,
              "heartbeatAt" = NULL,
              progress = NULL,
              "finishedAt" = CASE WHEN r."cancelRequested" OR r.attempt >= r."maxAttempts" THEN now() ELSE NULL END
        WHERE r.id IN (SELECT id FROM "Run" WHERE status = 'RUNNING' AND ${where} FOR UPDATE SKIP LOCKED)
        RETURNING ${STATUS_COLUMNS}`,
      ...params,
    );
    for (const row of rows) await publishRunEvent(tx, statusEvent(row));
    return rows.map((row) => ({
      runId: row.id,
      teamId: row.teamId,
      status: row.status,
      attempt: row.attempt,
      error: row.error,
    }));
  });
}

/** A run still RUNNING under a worker id, with how long ago its lease was last refreshed. */
export interface HeldRun {
  runId: string;
  /** Milliseconds since its last heartbeat (since it started, when it never beat). */
  heartbeatAgeMs: number;
}

/** Runs RUNNING under `workerId`: what a trainer restarted under the same id finds left of its previous life. */
export async function runsHeldBy(db: Db, workerId: string): Promise<HeldRun[]> {
  const rows = await db.$queryRawUnsafe<{ id: string; ageMs: number }[]>(
    `SELECT id::text AS id,
            (extract(epoch FROM now() - COALESCE("heartbeatAt", "startedAt", "createdAt")) * 1000)::float8 AS "ageMs"
       FROM "Run" WHERE status = 'RUNNING' AND "workerId" = $1`,
    workerId,
  );
  return rows.map((row) => ({ runId: row.id, heartbeatAgeMs: row.ageMs }));
}

/**
 * Takes back the RUNNING runs of a previous process that had this `workerId`, at the start-up of a
 * new one, instead of waiting out the reaper's heartbeat timeout: QUEUED again to resume from the
 * last checkpoint (the attempt it had is spent, as with the reaper), FAILED once no attempts are
 * left, CANCELLED if a cancel was pending.
 *
 * Only correct while a worker id names at most one live process (npm start's stable per-slot ids,
 * a TRAINER_ID per container). A second live process under the same id keeps heartbeating, so only
 * runs whose heartbeat is older than `staleAfterMs` are taken: the caller passes more than a
 * heartbeat interval, and a run beaten since is left alone. Returns what was taken back.
 */
export async function reclaimRunsOfRestartedWorker(
  db: Db,
  workerId: string,
  { staleAfterMs }: { staleAfterMs: number },
): Promise<ReapedRun[]> {
  return takeBackRunningRuns(db, {
    whatHappened: "'stopped (it restarted)'",
    where: `"workerId" = $1 AND COALESCE("heartbeatAt", "startedAt", "createdAt") < now() - make_interval(secs => $2::double precision / 1000)`,
    params: [workerId, staleAfterMs],
  });
}

export type CancelOutcome =
  /** It was QUEUED and is now CANCELLED. */
  | "CANCELLED"
  /** It is RUNNING; its trainer stops within one batch and marks it CANCELLED. */
  | "CANCEL_REQUESTED"
  /** It had already finished; nothing changed. */
  | "ALREADY_FINISHED";

/** Cancels a queued run at once, or asks the running trainer to stop. */
export async function requestCancel(db: Db, runId: string): Promise<CancelOutcome> {
  return db.$transaction(async (tx) => {
    const rows = await tx.$queryRawUnsafe<StatusRow[]>(
      `UPDATE "Run" AS r
          SET "cancelRequested" = true,
              status = (CASE WHEN r.status = 'QUEUED' THEN 'CANCELLED' ELSE r.status::text END)::"RunStatus",
              "finishedAt" = CASE WHEN r.status = 'QUEUED' THEN now() ELSE r."finishedAt" END
        WHERE r.id = $1::uuid AND r.status IN ('QUEUED', 'RUNNING')
        RETURNING ${STATUS_COLUMNS}`,
      runId,
    );
    const row = rows[0];
    if (!row) {
      const exists = await tx.run.findUnique({ where: { id: runId }, select: { id: true } });
      if (!exists) throw new RunNotFoundError(runId);
      return "ALREADY_FINISHED";
    }
    await publishRunEvent(tx, statusEvent(row));
    return row.status === "CANCELLED" ? "CANCELLED" : "CANCEL_REQUESTED";
  });
}

export type RunOutcome =
  | { status: "SUCCEEDED"; metrics: unknown }
  | { status: "FAILED"; error: string }
  | { status: "CANCELLED" };

/**
 * Ends the attempt a trainer holds. `extra` runs in the same transaction
 * (after the lease check) so results such as predictions and model artifacts
 * become visible together with SUCCEEDED, or not at all.
 */
export async function finishRun(
  db: Db,
  lease: RunLease,
  outcome: RunOutcome,
  extra?: (tx: DbTx) => Promise<void>,
): Promise<void> {
  await db.$transaction(
    async (tx) => {
      await assertLease(tx, lease);
      if (extra) await extra(tx);
      const metrics = outcome.status === "SUCCEEDED" ? JSON.stringify(outcome.metrics ?? null) : null;
      const rows = await tx.$queryRawUnsafe<StatusRow[]>(
        `UPDATE "Run"
            SET status = $4::"RunStatus", error = $5, metrics = COALESCE($6::jsonb, metrics),
                "finishedAt" = now(), "heartbeatAt" = NULL, progress = NULL
          WHERE ${LEASE_CONDITION}
          RETURNING ${STATUS_COLUMNS}`,
        lease.runId,
        lease.workerId,
        lease.attempt,
        outcome.status,
        outcome.status === "FAILED" ? outcome.error : null,
        metrics,
      );
      const row = rows[0];
      if (!row) throw new LeaseLostError(lease);
      await publishRunEvent(tx, statusEvent(row));
    },
    // Storing every prediction of a large split can outlast Prisma's 5 s default.
    { timeout: 120_000, maxWait: 10_000 },
  );
}

/**
 * Hands a run back to the queue without spending an attempt (graceful
 * shutdown): another trainer resumes it from its last checkpoint. A pending
 * cancel wins: the run ends CANCELLED instead.
 */
export async function releaseRun(db: Db, lease: RunLease): Promise<RunStatus> {
  return db.$transaction(async (tx) => {
    const rows = await tx.$queryRawUnsafe<StatusRow[]>(
      `UPDATE "Run"
          SET status = (CASE WHEN "cancelRequested" THEN 'CANCELLED' ELSE 'QUEUED' END)::"RunStatus",
              attempt = CASE WHEN "cancelRequested" THEN attempt ELSE attempt - 1 END,
              "workerId" = NULL, "heartbeatAt" = NULL, progress = NULL,
              "finishedAt" = CASE WHEN "cancelRequested" THEN now() ELSE NULL END
        WHERE ${LEASE_CONDITION}
        RETURNING ${STATUS_COLUMNS}`,
      lease.runId,
      lease.workerId,
      lease.attempt,
    );
    const row = rows[0];
    if (!row) throw new LeaseLostError(lease);
    await publishRunEvent(tx, statusEvent(row));
    return row.status;
  });
}
