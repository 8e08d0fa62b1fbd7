// Freezing a dataset into an immutable version, and comparing two versions.
import { type DatasetVersion, Prisma, type PrismaClient } from "@headstart/db";
import { parseDatasetSnapshot } from "@headstart/runs";
import { badUserInput, conflict } from "../errors/error-helpers.ts";
import { buildSnapshot, diffSnapshots, type VersionDiff } from "./version-snapshot.ts";

const FREEZE_ATTEMPTS = 3;

/**
 * Snapshots labels, and every image that is not excluded, into a new version
 * numbered one past the latest. Read in one REPEATABLE READ transaction so the
 * snapshot is consistent even while uploads and relabels go on.
 */
export async function freezeVersion(
  prisma: PrismaClient,
  datasetId: string,
  note?: string | null,
): Promise<DatasetVersion> {
  const trimmedNote = note?.trim() || null;
  if (trimmedNote && trimmedNote.length > 1000) throw badUserInput("Keep the note under 1000 characters.", "note");
  for (let attempt = 1; ; attempt++) {
    try {
      return await prisma.$transaction(
        async (tx) => {
          const dataset = await tx.dataset.findUniqueOrThrow({
            where: { id: datasetId },
            select: { task: true, labels: { select: { name: true, position: true } } },
          });
          const images = await tx.image.findMany({
            // Unlabeled images (the label queue's pool) join a version once they have a label.
            where: { datasetId, excluded: false, labels: { some: {} } },
            select: {
              id: true,
              sha256: true,
              blobKey: true,
              split: true,
              labels: { select: { label: { select: { name: true } } } },
            },
          });
          if (images.length === 0) {
            throw badUserInput("The dataset has no images to freeze; upload or import some first.", "datasetId");
          }
          const snapshot = buildSnapshot(
            dataset.task,
            dataset.labels,
            images.map((image) => ({
              id: image.id,
              sha256: image.sha256,
              blobKey: image.blobKey,
              split: image.split,
              labels: image.labels.map((l) => l.label.name),
            })),
          );
          const latest = await tx.datasetVersion.aggregate({ where: { datasetId }, _max: { number: true } });
          return tx.datasetVersion.create({
            data: {
              datasetId,
              number: (latest._max.number ?? 0) + 1,
              note: trimmedNote,
              imageCount: snapshot.images.length,
              snapshot: snapshot as unknown as Prisma.InputJsonValue,
            },
          });
        },
        { isolationLevel: Prisma.TransactionIsolationLevel.RepeatableRead, maxWait: 30_000, timeout: 60_000 },
      );
    } catch (error) {
      // Two freezes at once both pick the same number; the loser simply goes again.
      const retryable =
        error instanceof Prisma.PrismaClientKnownRequestError && (error.code === "P2002" || error.code === "P2034");
      if (!retryable) throw error;
      if (attempt >= FREEZE_ATTEMPTS) {
        throw conflict("Other versions of this dataset are being frozen at the same moment; try again.");
      }
    }
  }
}

export async function diffVersions(prisma: PrismaClient, fromId: string, toId: string): Promise<VersionDiff> {
  const [from, to] = await Promise.all([
    prisma.datasetVersion.findUniqueOrThrow({ where: { id: fromId }, select: { datasetId: true, snapshot: true } }),
    prisma.datasetVersion.findUniqueOrThrow({ where: { id: toId }, select: { datasetId: true, snapshot: true } }),
  ]);
  if (from.datasetId !== to.datasetId) {
    throw badUserInput("Both versions must belong to the same dataset; pick two versions of one dataset.", "to");
  }
  return diffSnapshots(parseDatasetSnapshot(from.snapshot), parseDatasetSnapshot(to.snapshot));
}
