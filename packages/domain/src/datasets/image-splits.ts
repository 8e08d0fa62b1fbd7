// Writes split assignments. Versions hold their own copy of each image's
// split (in the snapshot JSON), so nothing here can change a frozen version.
import type { PrismaClient } from "@headstart/db";
import { badUserInput } from "../errors/error-helpers.ts";
import { TX_OPTIONS } from "./blob-refs.ts";
import {
  assignSplits,
  InvalidRatiosError,
  SPLITS,
  type Split,
  type SplitRatios,
  stratumOf,
} from "./split-assignment.ts";

export interface ResplitOptions {
  ratios: SplitRatios;
  seed: number;
  /** Only these images (e.g. the ones an import just added); default: every image not excluded. */
  imageIds?: string[];
}

export type SplitTotals = Record<Split, number>;

export async function resplitImages(
  prisma: PrismaClient,
  datasetId: string,
  options: ResplitOptions,
): Promise<SplitTotals> {
  if (!Number.isSafeInteger(options.seed)) throw badUserInput("The seed must be a whole number.", "seed");
  return prisma.$transaction(async (tx) => {
    const images = await tx.image.findMany({
      where: { datasetId, excluded: false, ...(options.imageIds ? { id: { in: options.imageIds } } : {}) },
      select: { id: true, sha256: true, labels: { select: { label: { select: { name: true } } } } },
    });
    let assignment: Map<string, Split>;
    try {
      assignment = assignSplits(
        images.map((image) => ({
          id: image.id,
          sha256: image.sha256,
          stratum: stratumOf(image.labels.map((l) => l.label.name)),
        })),
        options.ratios,
        options.seed,
      );
    } catch (error) {
      if (error instanceof InvalidRatiosError) throw badUserInput(error.message, "ratios");
      throw error;
    }
    const totals: SplitTotals = { TRAIN: 0, VAL: 0, TEST: 0 };
    for (const split of SPLITS) {
      const ids = images.filter((image) => assignment.get(image.id) === split).map((image) => image.id);
      totals[split] = ids.length;
      if (ids.length > 0) await tx.image.updateMany({ where: { id: { in: ids } }, data: { split } });
    }
    await tx.dataset.update({ where: { id: datasetId }, data: { updatedAt: new Date() } });
    return totals;
  }, TX_OPTIONS);
}

export async function moveImage(prisma: PrismaClient, imageId: string, split: Split): Promise<void> {
  await prisma.image.update({ where: { id: imageId }, data: { split } });
}

/** Excluded images stay stored (and in older versions) but leave the next version. */
export async function setImageExcluded(prisma: PrismaClient, imageId: string, excluded: boolean): Promise<void> {
  await prisma.image.update({ where: { id: imageId }, data: { excluded } });
}
