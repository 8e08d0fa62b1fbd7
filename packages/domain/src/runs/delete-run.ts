// deleteRun: a finished run goes with its epochs, predictions, review
// decisions and artifacts, and the model and checkpoint blobs nothing else
// references go from the blob store (datasets/blob-gc.ts). Callers have
// already checked the caller's role (ADMIN, as for deleting a dataset).
import type { PrismaClient } from "@headstart/db";
import type { BlobStore } from "@headstart/storage";
import { blobCandidatesOfRuns, releaseBlobs } from "../datasets/blob-gc.ts";
import { conflict } from "../errors/error-helpers.ts";

export async function deleteRun(prisma: PrismaClient, blobs: BlobStore, runId: string): Promise<void> {
  const candidates = await blobCandidatesOfRuns(prisma, blobs, { runId });
  // Conditional on the status in the same statement, so a run cannot be claimed between a check and the delete.
  const { count } = await prisma.run.deleteMany({ where: { id: runId, status: { notIn: ["QUEUED", "RUNNING"] } } });
  if (count === 0) {
    const run = await prisma.run.findUnique({ where: { id: runId }, select: { status: true } });
    if (run) throw conflict(`The run is ${run.status}; cancel it first (cancelRun), then delete it.`);
    return; // Deleted meanwhile by someone else: nothing left to do.
  }
  await releaseBlobs(prisma, blobs, candidates);
}
