// `import <dir> --team T --dataset D`: a class-per-folder tree from disk into
// a dataset, through the same validation, dedupe and blob store as uploads.

import { stat } from "node:fs/promises";
import type { PrismaClient, Task } from "@headstart/db";
import {
  createDataset,
  DEFAULT_RATIOS,
  discoverFolderLabels,
  importFolder,
  loadIngestTarget,
  type SplitRatios,
  type TreeImportReport,
  uploadLimitsFromEnv,
} from "@headstart/domain";
import { createBlobStore, resolveDataDir } from "@headstart/storage";
import { type FlagSpec, hasSwitch, optionalFlag, type ParsedArgs, requiredFlag, UsageError } from "../args.ts";

export const IMPORT_USAGE =
  "import <dir> --team TEAM --dataset NAME [--create [--task MULTICLASS|BINARY|MULTILABEL]] [--seed N] [--ratios 80,10,10]";

export const IMPORT_FLAGS: FlagSpec = { values: ["team", "dataset", "task", "seed", "ratios"], switches: ["create"] };

const TASKS: readonly Task[] = ["BINARY", "MULTICLASS", "MULTILABEL"];

export interface ImportIO {
  out(line: string): void;
  /** Progress, on stderr so stdout stays the summary. */
  log(line: string): void;
}

export async function importCommand(prisma: PrismaClient, args: ParsedArgs, io: ImportIO): Promise<TreeImportReport> {
  const dir = args.positionals[1];
  if (!dir) throw new UsageError(`Give the folder to import. Usage: ${IMPORT_USAGE}`);
  if (args.positionals.length > 2) {
    throw new UsageError(
      `import takes one folder, got ${args.positionals.length - 1} (${args.positionals.slice(1).join(", ")}). Usage: ${IMPORT_USAGE}`,
    );
  }
  const info = await stat(dir).catch(() => null);
  if (!info?.isDirectory())
    throw new Error(`"${dir}" is not a folder; point at the folder holding train/val/test or the label folders.`);
  const teamRef = requiredFlag(args, "team", IMPORT_USAGE);
  const datasetName = requiredFlag(args, "dataset", IMPORT_USAGE);
  const seed = parseSeed(optionalFlag(args, "seed"));
  const ratios = parseRatios(optionalFlag(args, "ratios"));

  const team = await prisma.team.findFirst({
    where: isUuid(teamRef) ? { OR: [{ id: teamRef }, { slug: teamRef }] } : { slug: teamRef },
  });
  if (!team)
    throw new Error(
      `No team "${teamRef}" (by slug or id); list teams in the web app or create one with \`npm run cli -- team create\`.`,
    );

  let dataset = await prisma.dataset.findUnique({
    where: { teamId_name: { teamId: team.id, name: datasetName.trim() } },
  });
  if (!dataset) {
    if (!hasSwitch(args, "create")) {
      throw new Error(
        `Team "${team.slug}" has no dataset "${datasetName}"; add --create to create it from the folder's label names.`,
      );
    }
    const task = parseTask(optionalFlag(args, "task"));
    const labels = await discoverFolderLabels(dir);
    dataset = await createDataset(prisma, { teamId: team.id, name: datasetName, task, labels });
    io.log(`Created ${task} dataset "${dataset.name}" with labels ${labels.join(", ")}.`);
  }
  const target = await loadIngestTarget(prisma, dataset.id);
  if (!target) throw new Error(`Dataset "${datasetName}" was deleted while the import started; run it again.`);

  const dataDir = resolveDataDir();
  const deps = { prisma, blobs: createBlobStore(dataDir), limits: uploadLimitsFromEnv() };
  const report = await importFolder(deps, target, dir, { seed, ratios }, (done, total) => {
    if (done % 50 === 0 || done === total) io.log(`  ${done}/${total} files`);
  });

  io.out(
    `Imported into "${dataset.name}" (${report.layout === "PRE_SPLIT" ? "train/val/test folders" : "label folders, split on import"}):`,
  );
  io.out(
    `  stored ${report.stored.length}, duplicates ${report.duplicates.length}, rejected ${report.rejected.length}, ignored ${report.ignored}`,
  );
  if (report.splitOfNewImages) {
    const s = report.splitOfNewImages;
    io.out(`  new images split train ${s.TRAIN} / val ${s.VAL} / test ${s.TEST} (seed ${seed})`);
  }
  for (const duplicate of report.duplicates)
    io.out(`  duplicate: ${duplicate.name} (same bytes as image ${duplicate.existingImageId})`);
  for (const rejected of report.rejected) io.out(`  rejected ${rejected.code}: ${rejected.name}: ${rejected.message}`);
  return report;
}

function isUuid(value: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);
}

function parseTask(value: string | undefined): Task {
  const task = (value ?? "MULTICLASS").toUpperCase() as Task;
  if (!TASKS.includes(task)) throw new UsageError(`--task must be one of ${TASKS.join(", ")}.`);
  return task;
}

function parseSeed(value: string | undefined): number {
  if (value === undefined) return 0;
  const seed = Number(value);
  if (!Number.isSafeInteger(seed)) throw new UsageError(`--seed must be a whole number, got "${value}".`);
  return seed;
}

function parseRatios(value: string | undefined): SplitRatios {
  if (value === undefined) return DEFAULT_RATIOS;
  const parts = value.split(",").map((part) => Number(part.trim()));
  if (
    parts.length !== 3 ||
    parts.some((part) => !Number.isFinite(part) || part < 0) ||
    parts.every((part) => part === 0)
  ) {
    throw new UsageError(`--ratios takes three numbers for train,val,test, e.g. 80,10,10 (got "${value}").`);
  }
  return { train: parts[0], val: parts[1], test: parts[2] };
}
