// The periodic sweep of the blob store. Deleting a dataset or a run removes
// its blobs at once (domain's blob-gc.ts); this catches the rest: a crash
// between a put and its row, rows removed by cascades (AUTO trials under a
// deleted parent). Every API process may sweep: each blob is decided under its
// advisory lock, so two sweeps never disagree. The grace period covers
// writers (the trainer) that put model blobs before committing the row that
// references them.
import type { PrismaClient } from "@headstart/db";
import { sweepUnreferencedBlobs } from "@headstart/domain";
import type { BlobStore } from "@headstart/storage";

export interface BlobSweepSchedule {
  everyMs: number;
  /** Blobs written more recently than this are never swept. */
  minAgeMs: number;
}

/** Hourly; blobs younger than 6 h stay (longer than any put-then-commit of a model, retries included). */
export const DEFAULT_BLOB_SWEEP: BlobSweepSchedule = { everyMs: 60 * 60_000, minAgeMs: 6 * 60 * 60_000 };

export function startBlobSweep(
  prisma: PrismaClient,
  blobs: BlobStore,
  schedule: BlobSweepSchedule,
  log: (message: string) => void,
): { stop(): Promise<void> } {
  let sweeping: Promise<void> | null = null;
  const timer = setInterval(() => {
    sweeping ??= sweepUnreferencedBlobs(prisma, blobs, { minAgeMs: schedule.minAgeMs })
      .then(
        (report) => {
          if (report.deleted > 0) log(`Blob sweep: removed ${report.deleted} unreferenced of ${report.scanned} blobs.`);
        },
        (error: Error) =>
          log(`Blob sweep failed (${error.message}); it runs again in ${schedule.everyMs / 60_000} min.`),
      )
      .finally(() => {
        sweeping = null;
      });
  }, schedule.everyMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await sweeping;
    },
  };
}
