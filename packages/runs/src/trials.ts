// The trials of an AUTO run. Each trial is a Run row of its own (parentRunId = the AUTO run), so it
// has its own epochs, live curves, predictions and model like any run. The trainer that holds the
// parent creates each trial already RUNNING under its own worker id: a trial is never QUEUED, so no
// other trainer can claim it, and with one attempt a trial whose trainer dies is failed by the
// reaper rather than requeued behind the parent's back.

import type { RunConfig } from "./config.ts";
import type { Db } from "./db-types.ts";
import { publishRunEvent, type StatusRow, statusEvent } from "./publish.ts";
import { type CancelOutcome, type RunLease, requestCancel } from "./queue.ts";

export interface StartTrialInput {
  /** The AUTO run's lease: the trial is created only while the parent is still held by this trainer. */
  parent: RunLease;
  name: string;
  config: RunConfig;
}

/** Creates a trial run, RUNNING under the parent's worker on attempt 1, and returns its lease. */
export async function startTrialRun(db: Db, input: StartTrialInput): Promise<RunLease> {
  const { parent } = input;
  return db.$transaction(async (tx) => {
    const rows = await tx.$queryRawUnsafe<(StatusRow & { maxAttempts: number })[]>(
      `INSERT INTO "Run" (id, "teamId", "datasetId", "versionId", "creatorId", name, config, status, attempt,
                          "maxAttempts", "workerId", "heartbeatAt", "startedAt", "parentRunId")
       SELECT gen_random_uuid(), p."teamId", p."datasetId", p."versionId", p."creatorId", $4, $5::jsonb,
              'RUNNING', 1, 1, $2, now(), now(), p.id
         FROM "Run" p
        WHERE p.id = $1::uuid AND p.status = 'RUNNING' AND p."workerId" = $2 AND p.attempt = $3
          AND NOT p."cancelRequested"
       RETURNING id::text AS id, "teamId"::text AS "teamId", status::text AS status, attempt, "cancelRequested",
                 error, "maxAttempts"`,
      parent.runId,
      parent.workerId,
      parent.attempt,
      input.name,
      JSON.stringify(input.config),
    );
    const row = rows[0];
    if (!row) {
      throw new Error(
        `AUTO run ${parent.runId} is no longer held by ${parent.workerId} (attempt ${parent.attempt}) or was cancelled; no trial started`,
      );
    }
    await publishRunEvent(tx, statusEvent(row));
    return { runId: row.id, teamId: row.teamId, workerId: parent.workerId, attempt: 1, maxAttempts: 1 };
  });
}

/**
 * Asks every unfinished trial of `parentRunId` to stop (cancelling the parent cancels its trials;
 * a restarted parent ends the trials of its previous attempt). Returns what happened to each.
 */
export async function cancelUnfinishedTrials(
  db: Db,
  parentRunId: string,
): Promise<{ runId: string; outcome: CancelOutcome }[]> {
  const open = await db.run.findMany({
    where: { parentRunId, status: { in: ["QUEUED", "RUNNING"] } },
    select: { id: true },
  });
  const out: { runId: string; outcome: CancelOutcome }[] = [];
  for (const { id } of open) out.push({ runId: id, outcome: await requestCancel(db, id) });
  return out;
}
