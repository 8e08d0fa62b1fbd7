// Storing a chunk of already checked files at once: the import path (sample, folder, zip). The
// single-file path (ingest.ts) spends one transaction, a lock and half a dozen round trips per image,
// which made loading the 1,000-image sample most of a newcomer's first ten seconds. Here a chunk
// costs one duplicate lookup, its blob writes side by side, and one transaction that locks every
// key, re-checks for racing uploads and inserts all rows and labels in two statements. The
// guarantees are the single path's: blob before row under the key's lock (no row without its
// blob), duplicates by content hash (the first copy in the chunk's order is stored), and a
// rejection per file rather than a failed batch. Anything the chunk cannot settle as a whole (a
// constraint hit by a concurrent writer, a label deleted meanwhile) is retried file by file through
// the single path, which gives each file its own outcome.
import { randomUUID } from "node:crypto";
import { Prisma } from "@headstart/db";
import { lockBlobKeys, releaseBlobIfUnreferenced, TX_OPTIONS } from "./blob-refs.ts";
import {
  type IngestDeps,
  type IngestOutcome,
  type IngestTarget,
  imageRow,
  type PreparedImage,
  storePreparedImage,
} from "./ingest.ts";
import { RejectedFileError, type Rejection } from "./rejections.ts";

/** Blob writes in flight at once: each waits mostly on fsync, not on the CPU. */
const BLOB_WRITE_CONCURRENCY = 16;

export type BatchOutcome = IngestOutcome | { kind: "rejected"; rejection: Rejection };

/**
 * Stores the files, in order; returns one outcome per file. Real faults (database down, disk full)
 * propagate after the blobs this call wrote and no row references are released again.
 */
export async function storePreparedBatch(
  deps: IngestDeps,
  target: IngestTarget,
  files: readonly PreparedImage[],
): Promise<BatchOutcome[]> {
  const { prisma } = deps;
  const outcomes: (BatchOutcome | undefined)[] = files.map(() => undefined);

  // The same bytes twice in the chunk: the later copies are duplicates of whatever the first becomes.
  const firstBySha = new Map<string, number>();
  const copies: Array<{ index: number; first: number }> = [];
  for (const [index, file] of files.entries()) {
    const first = firstBySha.get(file.sha256);
    if (first === undefined) firstBySha.set(file.sha256, index);
    else copies.push({ index, first });
  }

  const existing = await prisma.image.findMany({
    where: { datasetId: target.id, sha256: { in: [...firstBySha.keys()] } },
    select: { id: true, sha256: true },
  });
  const existingBySha = new Map(existing.map((image) => [image.sha256, image.id]));
  const fresh: number[] = [];
  for (const index of firstBySha.values()) {
    const existingImageId = existingBySha.get(files[index].sha256);
    if (existingImageId) outcomes[index] = { kind: "duplicate", existingImageId, sha256: files[index].sha256 };
    else fresh.push(index);
  }

  if (fresh.length > 0) {
    const stored = await storeFresh(
      deps,
      target,
      fresh.map((index) => files[index]),
    );
    for (const [i, index] of fresh.entries()) outcomes[index] = stored[i];
  }

  for (const { index, first } of copies) {
    const outcome = outcomes[first]!;
    const sha256 = files[index].sha256;
    if (outcome.kind === "stored") outcomes[index] = { kind: "duplicate", existingImageId: outcome.imageId, sha256 };
    else if (outcome.kind === "duplicate") outcomes[index] = { ...outcome, sha256 };
    // The first copy was refused (its label vanished meanwhile): this copy gets its own chance.
    else outcomes[index] = await storeOne(deps, target, files[index]);
  }
  return outcomes.map((outcome) => outcome!);
}

/** Files with distinct hashes and no row in the dataset when the chunk started. */
async function storeFresh(
  deps: IngestDeps,
  target: IngestTarget,
  files: readonly PreparedImage[],
): Promise<BatchOutcome[]> {
  const { prisma, blobs } = deps;
  // Blobs first: a row must never exist without its blob.
  const keys = await putBlobs(deps, files);
  // Ids ascending in file order: rows inserted by one statement share createdAt, and lists order
  // by (createdAt, id), so the dataset lists the chunk in the tree's order.
  const ids = files.map(() => randomUUID()).sort();
  try {
    return await prisma.$transaction(async (tx) => {
      await lockBlobKeys(tx, keys);
      // A concurrent upload of the same bytes may have committed while we wrote the blobs.
      const raced = new Map(
        (
          await tx.image.findMany({
            where: { datasetId: target.id, sha256: { in: files.map((f) => f.sha256) } },
            select: { id: true, sha256: true },
          })
        ).map((image) => [image.sha256, image.id]),
      );
      // A failed upload elsewhere may have released one of these (then unreferenced) blobs between
      // our put and the lock; under the lock, restoring it is safe.
      await forEachLimited(files, BLOB_WRITE_CONCURRENCY, async (file, i) => {
        if (!raced.has(file.sha256) && !(await blobs.exists(keys[i]))) await blobs.put(file.bytes);
      });
      const rows = files.flatMap((file, i) =>
        raced.has(file.sha256) ? [] : [{ id: ids[i], ...imageRow(target, file, keys[i]) }],
      );
      const labels = files.flatMap((file, i) =>
        raced.has(file.sha256) ? [] : file.labelIds.map((labelId) => ({ imageId: ids[i], labelId })),
      );
      if (rows.length > 0) await tx.image.createMany({ data: rows });
      if (labels.length > 0) await tx.imageLabel.createMany({ data: labels });
      return files.map((file, i): BatchOutcome => {
        const racedId = raced.get(file.sha256);
        return racedId
          ? { kind: "duplicate", existingImageId: racedId, sha256: file.sha256 }
          : { kind: "stored", imageId: ids[i], sha256: file.sha256 };
      });
    }, TX_OPTIONS);
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError) {
      // A writer slipped a row in (P2002), a label or the dataset went (P2003), or the database
      // refused the statement: settle each file on its own, as a single upload would. The blobs
      // are in place; the single path re-puts (a no-op for identical bytes) and releases its own.
      const outcomes: BatchOutcome[] = [];
      for (const file of files) outcomes.push(await storeOne(deps, target, file));
      return outcomes;
    }
    // No row was written: remove the blobs no other row shares. If even that fails (database
    // gone), the original error is the one to report; a stray blob is unreferenced and harmless.
    for (const key of new Set(keys)) await releaseBlobIfUnreferenced(prisma, blobs, key).catch(() => undefined);
    throw error;
  }
}

async function storeOne(deps: IngestDeps, target: IngestTarget, file: PreparedImage): Promise<BatchOutcome> {
  try {
    return await storePreparedImage(deps, target, file);
  } catch (error) {
    if (error instanceof RejectedFileError) return { kind: "rejected", rejection: error.rejection };
    throw error;
  }
}

/** Writes every file's blob; on a failure, releases the ones already written and rethrows. */
async function putBlobs(deps: IngestDeps, files: readonly PreparedImage[]): Promise<string[]> {
  const keys: (string | undefined)[] = files.map(() => undefined);
  try {
    await forEachLimited(files, BLOB_WRITE_CONCURRENCY, async (file, i) => {
      keys[i] = (await deps.blobs.put(file.bytes)).key;
    });
  } catch (error) {
    for (const key of new Set(keys)) {
      if (key) await releaseBlobIfUnreferenced(deps.prisma, deps.blobs, key).catch(() => undefined);
    }
    throw error;
  }
  return keys.map((key) => key!);
}

/** Runs `work` over the items, at most `limit` at a time; waits for all, then throws the first error. */
async function forEachLimited<T>(
  items: readonly T[],
  limit: number,
  work: (item: T, index: number) => Promise<void>,
): Promise<void> {
  let next = 0;
  let failure: { error: unknown } | null = null;
  const worker = async () => {
    while (failure === null && next < items.length) {
      const index = next++;
      try {
        await work(items[index], index);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  if (failure !== null) throw (failure as { error: unknown }).error;
}
