// Starting a run. A run pins a frozen dataset version and a fully resolved
// config, so what it trains on and how can never change after it is queued.
import type { Run } from "@headstart/db";
import {
  enqueueRun,
  parseDatasetSnapshot,
  parseRunConfig,
  type RunConfig,
  RunConfigError,
  RunInputError,
} from "@headstart/runs";
import type { Caller } from "../accounts/caller.ts";
import { requireVersionRole } from "../datasets/dataset-access.ts";
import type { VersionSnapshot } from "../datasets/version-snapshot.ts";
import { badUserInput } from "../errors/error-helpers.ts";

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
  return enqueueValidatedRun(ctx, {
    teamId: version.teamId,
    datasetId: version.datasetId,
    versionId: version.id,
    config,
    name,
  });
}

export async function enqueueValidatedRun(
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
