// Dataset lifecycle: create, rename, add labels, delete. Callers have already
// checked the caller's role (see access.ts).
import { type Dataset, Prisma, type PrismaClient, type Task } from "@headstart/db";
import type { BlobStore } from "@headstart/storage";
import { badUserInput, conflict } from "../errors/error-helpers.ts";
import { blobCandidatesOfRuns, releaseBlobs } from "./blob-gc.ts";
import { normalizeDatasetName, normalizeLabelNames, RuleViolation } from "./label-rules.ts";

export interface CreateDatasetInput {
  teamId: string;
  name: string;
  task: Task;
  labels: string[];
}

export async function createDataset(prisma: PrismaClient, input: CreateDatasetInput): Promise<Dataset> {
  const name = checked(() => normalizeDatasetName(input.name));
  const labels = checked(() => normalizeLabelNames(input.task, input.labels));
  try {
    return await prisma.dataset.create({
      data: {
        teamId: input.teamId,
        name,
        task: input.task,
        labels: { create: labels.map((label, position) => ({ name: label, position })) },
      },
    });
  } catch (error) {
    throw nameTaken(error, name);
  }
}

export async function renameDataset(prisma: PrismaClient, datasetId: string, newName: string): Promise<Dataset> {
  const name = checked(() => normalizeDatasetName(newName));
  try {
    return await prisma.dataset.update({ where: { id: datasetId }, data: { name } });
  } catch (error) {
    throw nameTaken(error, name);
  }
}

/**
 * Appends labels after the existing ones, so the class index of every
 * existing label (and of every model trained on it) stays the same.
 */
export async function addLabels(prisma: PrismaClient, datasetId: string, names: string[]): Promise<void> {
  await prisma
    .$transaction(async (tx) => {
      const dataset = await tx.dataset.findUniqueOrThrow({
        where: { id: datasetId },
        select: { task: true, labels: { select: { name: true, position: true } } },
      });
      const existing = dataset.labels.map((l) => l.name);
      const all = checked(() => normalizeLabelNames(dataset.task, [...existing, ...names]));
      const added = all.slice(existing.length);
      const next = dataset.labels.reduce((max, l) => Math.max(max, l.position + 1), 0);
      await tx.label.createMany({ data: added.map((name, i) => ({ datasetId, name, position: next + i })) });
      await tx.dataset.update({ where: { id: datasetId }, data: { updatedAt: new Date() } });
    })
    .catch((error: unknown) => {
      if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
        throw conflict(
          "Another change added one of these labels at the same time; reload the dataset and try again.",
          "labels",
        );
      }
      throw error;
    });
}

/**
 * Deletes the dataset with its images, versions and runs, then the blobs no
 * other row references. Refused while a run is queued or training, since the
 * trainer is reading those images.
 */
export async function deleteDataset(prisma: PrismaClient, blobs: BlobStore, datasetId: string): Promise<void> {
  const active = await prisma.run.count({ where: { datasetId, status: { in: ["QUEUED", "RUNNING"] } } });
  if (active > 0) {
    throw conflict(`The dataset has ${active} queued or running run(s); cancel them first, then delete the dataset.`);
  }
  // Read before the rows go: the image blobs, and the runs' artifacts with the files of their model bundles.
  const images = await prisma.image.findMany({
    where: { datasetId },
    select: { blobKey: true },
    distinct: ["blobKey"],
  });
  const modelBlobs = await blobCandidatesOfRuns(prisma, blobs, { datasetId });
  await prisma.$transaction([
    // Runs first: they pin versions with ON DELETE RESTRICT.
    prisma.run.deleteMany({ where: { datasetId } }),
    prisma.dataset.delete({ where: { id: datasetId } }),
  ]);
  // Blobs other datasets or runs share stay (blob-gc.ts decides each under its lock).
  await releaseBlobs(prisma, blobs, [...images.map((image) => ({ key: image.blobKey })), ...modelBlobs]);
}

function checked<T>(rule: () => T): T {
  try {
    return rule();
  } catch (error) {
    if (error instanceof RuleViolation) throw badUserInput(error.message, error.field);
    throw error;
  }
}

function nameTaken(error: unknown, name: string): unknown {
  if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
    return conflict(`The team already has a dataset named "${name}"; pick another name.`, "name");
  }
  return error;
}
