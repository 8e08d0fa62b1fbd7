// Storing one image in a dataset: validate, dedupe by content, write the blob,
// then the row. Used by the multipart upload, the zip import and the CLI's
// folder import alike, so every path enforces the same rules.
import { createHash } from "node:crypto";
import { Prisma, type PrismaClient, type Task } from "@headstart/db";
import { type ImageInfo, inspectImage } from "@headstart/ml-core";
import type { BlobStore } from "@headstart/storage";
import { lockBlobKey, releaseBlobIfUnreferenced, TX_OPTIONS } from "./blob-refs.ts";
import { labelCountProblem } from "./label-rules.ts";
import type { UploadLimits } from "./limits.ts";
import { RejectedFileError, type Rejection, reject, rejectionFromImageError, tooLarge } from "./rejections.ts";
import type { Split } from "./split-assignment.ts";

export interface IngestDeps {
  prisma: PrismaClient;
  blobs: BlobStore;
  limits: UploadLimits;
}

/** A dataset with its labels, loaded once per batch. */
export interface IngestTarget {
  id: string;
  task: Task;
  labelIds: Map<string, string>;
}

export interface IngestFile {
  bytes: Buffer;
  /** File name or archive path, for the report and the image's originalName. */
  name: string;
  labels: string[];
  /** No label on purpose: the image joins the dataset's unlabeled pool (labels must be empty). */
  unlabeled?: boolean;
  /** Null: TRAIN for now; an import of an unsplit tree assigns splits afterwards. */
  split: Split | null;
}

export interface StoredImage {
  name: string;
  imageId: string;
  sha256: string;
}

export interface DuplicateImage {
  name: string;
  /** The image already holding these bytes in this dataset. */
  existingImageId: string;
  sha256: string;
}

export interface RejectedImage extends Rejection {
  name: string;
}

export interface IngestReport {
  stored: StoredImage[];
  duplicates: DuplicateImage[];
  rejected: RejectedImage[];
}

export function emptyReport(): IngestReport {
  return { stored: [], duplicates: [], rejected: [] };
}

export async function loadIngestTarget(
  prisma: Pick<PrismaClient, "dataset">,
  datasetId: string,
): Promise<IngestTarget | null> {
  const dataset = await prisma.dataset.findUnique({
    where: { id: datasetId },
    select: { id: true, task: true, labels: { select: { id: true, name: true } } },
  });
  if (!dataset) return null;
  return { id: dataset.id, task: dataset.task, labelIds: new Map(dataset.labels.map((l) => [l.name, l.id])) };
}

/**
 * Checks labels against the dataset before any bytes are decoded; returns the label ids.
 * Exported so the upload route can refuse a whole request whose labels are wrong.
 */
export function resolveLabels(target: IngestTarget, labels: string[]): string[] {
  const unknown = labels.filter((label) => !target.labelIds.has(label));
  if (unknown.length > 0) {
    const known = [...target.labelIds.keys()].map((l) => `"${l}"`).join(", ");
    throw reject(
      "UNKNOWN_LABEL",
      `Label ${unknown.map((l) => `"${l}"`).join(", ")} is not one of this dataset's labels (${known}); add it to the dataset first or fix the name.`,
    );
  }
  const problem = labelCountProblem(target.task, labels);
  if (problem) throw reject("BAD_LABELS", problem);
  return labels.map((label) => target.labelIds.get(label)!);
}

export type IngestOutcome =
  | { kind: "stored"; imageId: string; sha256: string }
  | { kind: "duplicate"; existingImageId: string; sha256: string };

/** A file that passed every check and is ready to store: what both the single and the batch path write. */
export interface PreparedImage {
  bytes: Buffer;
  name: string;
  sha256: string;
  info: ImageInfo;
  labelIds: string[];
  split: Split | null;
}

/**
 * The checks every stored file passes (size, labels, a real image within the pixel limit) and its
 * content hash, without touching the database or the blob store. Throws RejectedFileError saying
 * why a file is refused; other errors are not the file's fault and propagate.
 */
export async function prepareImage(
  limits: UploadLimits,
  target: IngestTarget,
  file: IngestFile,
): Promise<PreparedImage> {
  if (file.bytes.length > limits.maxFileBytes) throw new RejectedFileError(tooLarge(limits.maxFileBytes));
  const labelIds = file.unlabeled && file.labels.length === 0 ? [] : resolveLabels(target, file.labels);

  let info: ImageInfo;
  try {
    info = await inspectImage(file.bytes, { maxPixels: limits.maxPixels });
  } catch (error) {
    const rejection = rejectionFromImageError(error);
    if (rejection) throw new RejectedFileError(rejection);
    throw error;
  }
  const sha256 = createHash("sha256").update(file.bytes).digest("hex");
  return { bytes: file.bytes, name: file.name, sha256, info, labelIds, split: file.split };
}

/** The image row for a prepared file (labels written separately or nested by the caller). */
export function imageRow(target: IngestTarget, file: PreparedImage, blobKey: string) {
  return {
    datasetId: target.id,
    sha256: file.sha256,
    blobKey,
    width: file.info.width,
    height: file.info.height,
    byteSize: file.bytes.length,
    mime: file.info.mime,
    originalName: file.name.slice(0, 500),
    split: file.split ?? "TRAIN",
  } as const;
}

/**
 * Stores one file or throws RejectedFileError saying why not. Other errors
 * (database down, disk full) propagate: they are not the file's fault.
 */
export async function ingestImage(deps: IngestDeps, target: IngestTarget, file: IngestFile): Promise<IngestOutcome> {
  return storePreparedImage(deps, target, await prepareImage(deps.limits, target, file));
}

/** The single-file write: dedupe, blob, then the row in its own transaction. */
export async function storePreparedImage(
  deps: IngestDeps,
  target: IngestTarget,
  file: PreparedImage,
): Promise<IngestOutcome> {
  const { prisma, blobs } = deps;
  const { sha256, labelIds } = file;
  const existing = await findDuplicate(prisma, target.id, sha256);
  if (existing) return { kind: "duplicate", existingImageId: existing, sha256 };

  // Blob first: a row must never exist without its blob.
  const { key } = await blobs.put(file.bytes);
  try {
    return await prisma.$transaction(async (tx) => {
      await lockBlobKey(tx, key);
      // A concurrent upload of the same bytes may have committed while we wrote the blob.
      const raced = await tx.image.findUnique({
        where: { datasetId_sha256: { datasetId: target.id, sha256 } },
        select: { id: true },
      });
      if (raced) return { kind: "duplicate", existingImageId: raced.id, sha256 } as const;
      // A failed upload elsewhere may have released this (then unreferenced) blob
      // between our put and the lock; under the lock, restoring it is safe.
      if (!(await blobs.exists(key))) await blobs.put(file.bytes);
      const image = await tx.image.create({
        data: { ...imageRow(target, file, key), labels: { create: labelIds.map((labelId) => ({ labelId })) } },
        select: { id: true },
      });
      return { kind: "stored", imageId: image.id, sha256 } as const;
    }, TX_OPTIONS);
  } catch (error) {
    // The unique (datasetId, sha256) constraint is the last line against duplicates.
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
      const winner = await findDuplicate(prisma, target.id, sha256);
      if (winner) return { kind: "duplicate", existingImageId: winner, sha256 };
    }
    // No row was written: remove the blob unless another row shares it.
    // If even that fails (database gone), the original error is the one to report;
    // the stray blob is unreferenced and harmless.
    await releaseBlobIfUnreferenced(prisma, blobs, key).catch(() => undefined);
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2003") {
      throw reject(
        "UNKNOWN_LABEL",
        "The dataset or one of the labels was deleted during the upload; check the dataset and try again.",
      );
    }
    throw error;
  }
}

async function findDuplicate(prisma: PrismaClient, datasetId: string, sha256: string): Promise<string | null> {
  const image = await prisma.image.findUnique({
    where: { datasetId_sha256: { datasetId, sha256 } },
    select: { id: true },
  });
  return image?.id ?? null;
}

/** Adds one file's outcome to a batch report; rejections are recorded, real faults rethrown. */
export async function ingestIntoReport(
  deps: IngestDeps,
  target: IngestTarget,
  file: IngestFile,
  report: IngestReport,
): Promise<void> {
  try {
    const outcome = await ingestImage(deps, target, file);
    if (outcome.kind === "stored")
      report.stored.push({ name: file.name, imageId: outcome.imageId, sha256: outcome.sha256 });
    else report.duplicates.push({ name: file.name, existingImageId: outcome.existingImageId, sha256: outcome.sha256 });
  } catch (error) {
    if (error instanceof RejectedFileError) report.rejected.push({ name: file.name, ...error.rejection });
    else throw error;
  }
}
