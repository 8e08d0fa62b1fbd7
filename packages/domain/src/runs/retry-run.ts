// Retrying a run that failed or was cancelled: the same experiment again.
import type { Run } from "@headstart/db";
import type { Caller } from "../accounts/caller.ts";
import { conflict } from "../errors/error-helpers.ts";
import { enqueueValidatedRun, validateRunConfig } from "./create-run.ts";
import { requireRunRole } from "./run-access.ts";

/**
 * A new run with the same version and config (including the seed, so it is
 * the same experiment), for a run that FAILED or was CANCELLED.
 */
export async function retryRun(ctx: Caller, runId: string): Promise<Run> {
  const run = await requireRunRole(ctx, runId, "EDITOR");
  if (run.status !== "FAILED" && run.status !== "CANCELLED") {
    throw conflict(
      `Run ${run.id} is ${run.status}; only a FAILED or CANCELLED run can be retried. Start a new run to train again.`,
      "runId",
    );
  }
  // Stored configs were resolved when the run was created; re-validating catches a row from an older, incompatible format.
  const config = validateRunConfig(run.config as Record<string, unknown>);
  return enqueueValidatedRun(ctx, {
    teamId: run.teamId,
    datasetId: run.datasetId,
    versionId: run.versionId,
    config,
    name: run.name,
  });
}
