// Garbage collection of blobs: what deleting a dataset or a run leaves
// unreferenced is removed at once, and a sweep removes whatever else no row
// references (a crash between a put and its row, an AUTO trial deleted with its
// parent). A blob is referenced by an Image row, a ModelArtifact row (images,
// model bundle indexes, checkpoints) or by being a file of a stored model
// bundle (the index names model.json, weights.bin…; see @headstart/runs'
// model-bundle.ts).
//
// Safety, blob by blob, under the per-key advisory lock of blob-refs.ts (the
// same lock, taken in the same order, as ingestImage):
//   - image uploads lock the key before they insert their row, so under the
//     lock a zero reference count is final for them;
//   - the trainer writes model blobs and then their row without that lock, so
//     a model blob is only removed when its file was not written again after
//     the row that referenced it (a later identical put rewrites the file,
//     and its writer may not have committed yet), and the sweep leaves every
//     blob younger than its grace period alone.
import type { PrismaClient } from "@headstart/db";
import { MODEL_BUNDLE_FORMAT } from "@headstart/runs";
import type { BlobStore } from "@headstart/storage";
import { countBlobReferences, lockBlobKey, TX_OPTIONS } from "./blob-refs.ts";

export interface BlobCandidate {
  key: string;
  /**
   * When the deleted row that referenced the key was written. A file written
   * after that belongs to a writer that may not have committed its row yet.
   * Absent for image blobs, which the lock alone protects.
   */
  writtenBy?: Date;
}

// Bundle indexes are content addressed, so what one names never changes: read each once per process.
const MAX_CACHED_BUNDLES = 10_000;
const bundleFiles = new Map<string, string[]>();

/** The keys of the files a model bundle index names; none when the blob is not an index (a checkpoint) or is gone. */
export async function bundleFileKeys(blobs: BlobStore, indexKey: string): Promise<string[]> {
  const cached = bundleFiles.get(indexKey);
  if (cached) return cached;
  let keys: string[] = [];
  try {
    const index = JSON.parse((await blobs.get(indexKey)).toString("utf8")) as {
      format?: unknown;
      files?: Record<string, { key?: unknown }>;
    };
    if (index?.format === MODEL_BUNDLE_FORMAT && index.files && typeof index.files === "object") {
      keys = Object.values(index.files)
        .map((file) => file?.key)
        .filter((key): key is string => typeof key === "string");
    }
  } catch {
    // Missing or not JSON (checkpoints are binary): it names no files.
    return [];
  }
  if (bundleFiles.size >= MAX_CACHED_BUNDLES) bundleFiles.delete(bundleFiles.keys().next().value!);
  bundleFiles.set(indexKey, keys);
  return keys;
}

/** Every key that is a file of a model bundle some ModelArtifact row still points at. */
async function referencedBundleFiles(prisma: PrismaClient, blobs: BlobStore): Promise<Set<string>> {
  const indexes = await prisma.modelArtifact.findMany({
    where: { kind: { in: ["FULL", "HEAD"] } },
    select: { blobKey: true },
    distinct: ["blobKey"],
  });
  const files = new Set<string>();
  for (const { blobKey } of indexes) for (const key of await bundleFileKeys(blobs, blobKey)) files.add(key);
  return files;
}

/** The blobs the rows of these runs reference (artifacts and their bundle files), read before the rows go. */
export async function blobCandidatesOfRuns(
  prisma: PrismaClient,
  blobs: BlobStore,
  where: { runId: string } | { datasetId: string },
): Promise<BlobCandidate[]> {
  const artifacts = await prisma.modelArtifact.findMany({
    where: "runId" in where ? { runId: where.runId } : { run: { datasetId: where.datasetId } },
    select: { blobKey: true, kind: true, createdAt: true },
  });
  const candidates: BlobCandidate[] = [];
  for (const artifact of artifacts) {
    candidates.push({ key: artifact.blobKey, writtenBy: artifact.createdAt });
    if (artifact.kind === "CHECKPOINT") continue;
    for (const key of await bundleFileKeys(blobs, artifact.blobKey)) {
      candidates.push({ key, writtenBy: artifact.createdAt });
    }
  }
  return candidates;
}

export interface ReleaseReport {
  deleted: number;
  /** Still referenced, or rewritten since: left in place. */
  kept: number;
}

/**
 * Deletes each candidate no row references any more. Call after the rows that
 * referenced them are gone (committed). Each key is decided under its lock.
 */
export async function releaseBlobs(
  prisma: PrismaClient,
  blobs: BlobStore,
  candidates: readonly BlobCandidate[],
): Promise<ReleaseReport> {
  // One decision per key; a key named twice keeps the earliest write time (the stricter test).
  const byKey = new Map<string, BlobCandidate>();
  for (const candidate of candidates) {
    const seen = byKey.get(candidate.key);
    if (!seen) byKey.set(candidate.key, candidate);
    else if (candidate.writtenBy && (!seen.writtenBy || candidate.writtenBy < seen.writtenBy))
      byKey.set(candidate.key, candidate);
  }
  if (byKey.size === 0) return { deleted: 0, kept: 0 };
  const bundleFilesInUse = await referencedBundleFiles(prisma, blobs);
  const report: ReleaseReport = { deleted: 0, kept: 0 };
  for (const candidate of byKey.values()) {
    const deleted = await prisma.$transaction(async (tx) => {
      await lockBlobKey(tx, candidate.key);
      if ((await countBlobReferences(tx, candidate.key)) > 0) return false;
      if (bundleFilesInUse.has(candidate.key)) return false;
      if (candidate.writtenBy) {
        const stat = await blobs.stat(candidate.key);
        if (!stat) return false;
        if (stat.modifiedAt > candidate.writtenBy) return false;
      }
      return blobs.delete(candidate.key);
    }, TX_OPTIONS);
    if (deleted) report.deleted += 1;
    else report.kept += 1;
  }
  return report;
}

export interface SweepOptions {
  /** Blobs written more recently than this are left alone: their rows may not be committed yet. */
  minAgeMs: number;
  now?: Date;
}

export interface SweepReport extends ReleaseReport {
  scanned: number;
}

/** Lists the store and releases every blob older than `minAgeMs` that no row references. */
export async function sweepUnreferencedBlobs(
  prisma: PrismaClient,
  blobs: BlobStore,
  options: SweepOptions,
): Promise<SweepReport> {
  const cutoff = new Date((options.now ?? new Date()).getTime() - options.minAgeMs);
  let scanned = 0;
  const old: string[] = [];
  for await (const blob of blobs.list()) {
    scanned += 1;
    if (blob.modifiedAt <= cutoff) old.push(blob.key);
  }
  const candidates: BlobCandidate[] = [];
  // In chunks: one query per 500 keys instead of one per key.
  for (let start = 0; start < old.length; start += 500) {
    const chunk = old.slice(start, start + 500);
    const images = await prisma.image.findMany({
      where: { blobKey: { in: chunk } },
      select: { blobKey: true },
      distinct: ["blobKey"],
    });
    const artifacts = await prisma.modelArtifact.findMany({
      where: { blobKey: { in: chunk } },
      select: { blobKey: true },
      distinct: ["blobKey"],
    });
    const used = new Set([...images, ...artifacts].map((row) => row.blobKey));
    // `writtenBy` = the cutoff: a file rewritten since (a new put of the same bytes) is left for a later sweep.
    for (const key of chunk) if (!used.has(key)) candidates.push({ key, writtenBy: cutoff });
  }
  return { scanned, ...(await releaseBlobs(prisma, blobs, candidates)) };
}
