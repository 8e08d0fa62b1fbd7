// Keeps rows and blobs in step. Blobs are content addressed and shared (the
// same photo in two datasets is one blob), so a blob may only be deleted when
// no row references it, and that check must not race an insert that is about
// to reference it. Both sides therefore take a per-key advisory lock:
//   insert:  lock(key) -> make sure the blob exists -> insert row -> commit
//   release: lock(key) -> count references -> delete blob if none -> commit
// Under the lock, a release can never delete a blob whose row is committing,
// and an insert never commits a row whose blob was just deleted.
import type { Prisma, PrismaClient } from "@headstart/db";
import type { BlobStore } from "@headstart/storage";

// Namespace for the two-key advisory lock form, so these locks cannot collide
// with advisory locks other modules take on plain bigint keys.
const BLOB_LOCK_CLASS = 0x48534231; // "HSB1"

export type Tx = Prisma.TransactionClient;

/** Interactive transactions here hold a lock and touch the disk; allow for a busy pool. */
export const TX_OPTIONS = { maxWait: 30_000, timeout: 60_000 } as const;

function lockObjectId(key: string): number {
  return Number.parseInt(key.slice(0, 8), 16) | 0;
}

export async function lockBlobKey(tx: Tx, key: string): Promise<void> {
  const objectId = lockObjectId(key);
  // Selecting a constant: the driver adapter cannot map the `void` the lock function returns.
  await tx.$queryRaw`SELECT 1 AS locked FROM pg_advisory_xact_lock(${BLOB_LOCK_CLASS}::int4, ${objectId}::int4)`;
}

/**
 * The locks of many keys in one round trip (a batch import's chunk). They are taken in ascending
 * lock-id order, so two batches sharing keys wait for each other instead of deadlocking; every
 * other holder takes a single key, which cannot close a cycle.
 */
export async function lockBlobKeys(tx: Tx, keys: readonly string[]): Promise<void> {
  const objectIds = [...new Set(keys.map(lockObjectId))].sort((a, b) => a - b);
  if (objectIds.length === 0) return;
  await tx.$queryRaw`SELECT count(*)::int4 AS locked FROM (
    SELECT pg_advisory_xact_lock(${BLOB_LOCK_CLASS}::int4, id)
    FROM (SELECT id FROM unnest(${objectIds}::int4[]) AS id ORDER BY id) AS ordered
  ) AS taken`;
}

export async function countBlobReferences(tx: Tx, key: string): Promise<number> {
  // Sequential: one transaction is one connection.
  const images = await tx.image.count({ where: { blobKey: key } });
  const artifacts = await tx.modelArtifact.count({ where: { blobKey: key } });
  return images + artifacts;
}

/** Deletes the blob unless a row still references it. Returns whether it was deleted. */
export async function releaseBlobIfUnreferenced(prisma: PrismaClient, blobs: BlobStore, key: string): Promise<boolean> {
  return prisma.$transaction(async (tx) => {
    await lockBlobKey(tx, key);
    if ((await countBlobReferences(tx, key)) > 0) return false;
    return blobs.delete(key);
  }, TX_OPTIONS);
}
