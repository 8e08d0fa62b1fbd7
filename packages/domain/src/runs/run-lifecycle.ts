// Starting, cancelling and retrying runs. A run pins a frozen dataset version
// and a fully resolved config, so what it trains on and how can never change
// after it is queued.
import type { Run } from "@headstart/db";
import {
  type CancelOutcome,
  enqueueRun,
  parseDatasetSnapshot,
  parseRunConfig,
  type RunConfig,
  RunConfigError,
  RunInputError,
  requestCancel,
} from "@headstart/runs";
import type { Caller } from "../accounts/caller.ts";
import { requireVersionRole } from "../datasets/dataset-access.ts";
import type { VersionSnapshot } from "../datasets/version-snapshot.ts";
import { badUserInput, conflict } from "../errors/error-helpers.ts";
import { requireRunRole } from "./run-access.ts";

export interface CreateRunRequest {
  versionId: string;
  name?: string | null;
  /** Untrusted settings; omitted fields take the defaults. */
  config: Record<string, unknown>;
}

const MAX_NAME_LENGTH = 200;

/** Validates the config, mapping a RunConfigError to BAD_USER_INPUT naming the field (e.g. "config.augmentation.zoom"). */
export function validateRunConfig(config: Record<string, unknown>): RunConfig {
  try {
    return parseRunConfig(config);
  } catch (error) {
    if (error instanceof RunConfigError) throw badUserInput(`${error.message}.`, `config.${error.field}`);
    throw error;
  }
}

/** A version a run can learn from: training images to fit and validation images to measure and pick a threshold on. */
function checkTrainable(snapshot: VersionSnapshot, versionNumber: number): void {
  const counts = { TRAIN: 0, VAL: 0, TEST: 0 };
  for (const image of snapshot.images) counts[image.split] += 1;
  const advice = "Upload or split images, freeze a new version, and start the run on it.";
  if (snapshot.labels.length < 2) {
    throw badUserInput(
      `Version ${versionNumber} has ${snapshot.labels.length} label(s); a classifier needs at least two. ${advice}`,
      "versionId",
    );
  }
  if (counts.TRAIN === 0) throw badUserInput(`Version ${versionNumber} has no training images. ${advice}`, "versionId");
  if (counts.VAL === 0) {
    throw badUserInput(
      `Version ${versionNumber} has no validation images to measure the model on. ${advice}`,
      "versionId",
    );
  }
  const trained = new Set(snapshot.images.filter((image) => image.split === "TRAIN").flatMap((image) => image.labels));
  const missing = snapshot.labels.filter((label) => !trained.has(label));
  if (missing.length > 0 && snapshot.task !== "MULTILABEL") {
    throw badUserInput(
      `Version ${versionNumber} has no training images labelled ${missing.map((l) => `"${l}"`).join(", ")}. ${advice}`,
      "versionId",
    );
  }
}

function cleanName(name: string | null | undefined): string | null {
  const trimmed = name?.trim() ?? "";
  if (trimmed.length > MAX_NAME_LENGTH)
    throw badUserInput(`Keep the run name under ${MAX_NAME_LENGTH} characters.`, "name");
  return trimmed || null;
}

/** Needs EDITOR in the team owning the version. The class mode follows the dataset task frozen in the version. */
export async function createRun(ctx: Caller, request: CreateRunRequest): Promise<Run> {
  const version = await requireVersionRole(ctx, request.versionId, "EDITOR");
  const name = cleanName(request.name);
  const config = validateRunConfig(request.config);
  const row = await ctx.prisma.datasetVersion.findUniqueOrThrow({
    where: { id: version.id },
    select: { number: true, snapshot: true },
  });
  checkTrainable(parseDatasetSnapshot(row.snapshot), row.number);
  return enqueue(ctx, { teamId: version.teamId, datasetId: version.datasetId, versionId: version.id, config, name });
}

async function enqueue(
  ctx: Caller,
  input: { teamId: string; datasetId: string; versionId: string; config: RunConfig; name: string | null },
): Promise<Run> {
  try {
    const { id } = await enqueueRun(ctx.prisma, { ...input, creatorId: ctx.viewer?.userId ?? null });
    return ctx.prisma.run.findUniqueOrThrow({ where: { id } });
  } catch (error) {
    if (error instanceof RunInputError) throw badUserInput(error.message, error.field);
    throw error;
  }
}

/** A QUEUED run is cancelled at once; a RUNNING one stops within one batch (its trainer marks it CANCELLED). */
export async function cancelRun(ctx: Caller, runId: string): Promise<{ run: Run; outcome: CancelOutcome }> {
  const run = await requireRunRole(ctx, runId, "EDITOR");
  const outcome = await requestCancel(ctx.prisma, run.id);
  return { run: await ctx.prisma.run.findUniqueOrThrow({ where: { id: run.id } }), outcome };
}

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
  return enqueue(ctx, {
    teamId: run.teamId,
    datasetId: run.datasetId,
    versionId: run.versionId,
    config,
    name: run.name,
  });
}
