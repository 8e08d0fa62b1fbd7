// Changing an image's labels, with an audit trail (who, when, from, to).
import type { LabelChange, PrismaClient } from "@headstart/db";
import { badUserInput } from "../errors/error-helpers.ts";
import { TX_OPTIONS } from "./blob-refs.ts";
import { loadIngestTarget, resolveLabels } from "./ingest.ts";
import { RejectedFileError } from "./rejections.ts";

export interface RelabelInput {
  imageId: string;
  labels: string[];
  /** Null for system changes (e.g. an operator script); the audit row then has no user. */
  actorId: string | null;
  reason?: string | null;
}

/**
 * Replaces the image's labels. Returns the audit row, or null when the labels
 * were already exactly these (no change, nothing to record).
 */
export async function relabelImage(prisma: PrismaClient, input: RelabelInput): Promise<LabelChange | null> {
  const reason = input.reason?.trim() || null;
  if (reason && reason.length > 1000) throw badUserInput("Keep the reason under 1000 characters.", "reason");
  return prisma.$transaction(async (tx) => {
    // Row lock: two concurrent relabels each record the labels the other left, not a stale "from".
    const [row] = await tx.$queryRaw<Array<{ datasetId: string }>>`
      SELECT "datasetId"::text AS "datasetId" FROM "Image" WHERE id = ${input.imageId}::uuid FOR UPDATE`;
    if (!row) throw badUserInput("The image was deleted; reload and try again.", "imageId");
    const target = await loadIngestTarget(tx, row.datasetId);
    if (!target) throw badUserInput("The dataset was deleted; reload and try again.", "imageId");
    let labelIds: string[];
    try {
      labelIds = resolveLabels(target, input.labels);
    } catch (error) {
      if (error instanceof RejectedFileError) throw badUserInput(error.message, "labels");
      throw error;
    }
    const current = await tx.imageLabel.findMany({
      where: { imageId: input.imageId },
      select: { label: { select: { name: true } } },
    });
    const from = current.map((l) => l.label.name).sort();
    const to = [...input.labels].sort();
    if (from.length === to.length && from.every((label, i) => label === to[i])) return null;

    await tx.imageLabel.deleteMany({ where: { imageId: input.imageId } });
    await tx.imageLabel.createMany({ data: labelIds.map((labelId) => ({ imageId: input.imageId, labelId })) });
    return tx.labelChange.create({
      data: { imageId: input.imageId, userId: input.actorId, from, to, reason },
    });
  }, TX_OPTIONS);
}
