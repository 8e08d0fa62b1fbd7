// The label queue: the dataset's unlabeled pool, one image at a time, most
// useful first. `MARGIN` (smallest gap between the top two classes) and
// `ENTROPY` spend a labeller's time where the model is torn; `RANDOM` (a
// stable, seeded shuffle) is there for comparison. Images without a suggestion
// yet come last in every order. Accepting writes the label through
// relabelImage, so it gets the same LabelChange audit row as a relabel.
import { Prisma, type PrismaClient } from "@headstart/db";
import type { Caller } from "../accounts/caller.ts";
import { requireDatasetRole, requireImageRole } from "../datasets/dataset-access.ts";
import { relabelImage } from "../datasets/relabel.ts";
import { badUserInput, conflict } from "../errors/error-helpers.ts";

export type LabelQueueOrder = "MARGIN" | "ENTROPY" | "RANDOM";

export interface LabelQueueItem {
  imageId: string;
  split: string;
  originalName: string | null;
  suggestedLabel: string | null;
  confidence: number | null;
  margin: number | null;
  entropy: number | null;
  /** One per class of the suggesting run, in its class order. */
  probabilities: number[];
  runId: string | null;
}

export interface LabelQueuePage {
  items: LabelQueueItem[];
  /** Unlabeled images left. */
  remaining: number;
  /** Of those, how many carry a suggestion. */
  suggested: number;
  /** Images labelled from the queue so far (audit rows with the queue's reason). */
  labelled: number;
}

const QUEUE_REASON = "Label queue";

function orderSql(order: LabelQueueOrder, seed: number): Prisma.Sql {
  switch (order) {
    case "MARGIN":
      return Prisma.sql`s.margin ASC NULLS LAST, i.id`;
    case "ENTROPY":
      return Prisma.sql`s.entropy DESC NULLS LAST, i.id`;
    case "RANDOM":
      // A seeded, stable shuffle: the same seed pages through the same order.
      return Prisma.sql`(s."imageId" IS NULL), md5(i.id::text || ${String(seed)}), i.id`;
  }
}

/** Needs VIEWER. */
export async function labelQueue(
  ctx: Caller,
  datasetId: string,
  order: LabelQueueOrder,
  page: { offset: number; limit: number },
  seed = 1,
): Promise<LabelQueuePage> {
  const dataset = await requireDatasetRole(ctx, datasetId, "VIEWER");
  return labelQueuePage(ctx.prisma, dataset.id, order, page, seed);
}

export async function labelQueuePage(
  prisma: PrismaClient,
  datasetId: string,
  order: LabelQueueOrder,
  page: { offset: number; limit: number },
  seed = 1,
): Promise<LabelQueuePage> {
  const unlabeled = Prisma.sql`i."datasetId" = ${datasetId}::uuid AND NOT i.excluded
    AND NOT EXISTS (SELECT 1 FROM "ImageLabel" il WHERE il."imageId" = i.id)`;
  const [items, counts, labelled] = await Promise.all([
    prisma.$queryRaw<LabelQueueItem[]>`
      SELECT i.id::text AS "imageId", i.split::text AS split, i."originalName",
             s."suggestedLabel", s.confidence, s.margin, s.entropy,
             COALESCE(s.probabilities, ARRAY[]::float8[]) AS probabilities, s."runId"::text AS "runId"
      FROM "Image" i LEFT JOIN "LabelSuggestion" s ON s."imageId" = i.id
      WHERE ${unlabeled}
      ORDER BY ${orderSql(order, seed)}
      OFFSET ${page.offset} LIMIT ${page.limit}`,
    prisma.$queryRaw<{ remaining: number; suggested: number }[]>`
      SELECT count(*)::int AS remaining, count(s."imageId")::int AS suggested
      FROM "Image" i LEFT JOIN "LabelSuggestion" s ON s."imageId" = i.id WHERE ${unlabeled}`,
    prisma.labelChange.count({
      where: { image: { datasetId }, reason: { startsWith: QUEUE_REASON } },
    }),
  ]);
  return { items, remaining: counts[0]?.remaining ?? 0, suggested: counts[0]?.suggested ?? 0, labelled };
}

export interface LabelImageRequest {
  imageId: string;
  label: string;
}

/**
 * Needs EDITOR. Gives an unlabeled image its label (the suggestion or another), recorded as a
 * LabelChange from [] with the suggestion in its reason; the image then leaves the pool and joins
 * the next frozen version.
 */
export async function labelFromQueue(ctx: Caller, request: LabelImageRequest) {
  const image = await requireImageRole(ctx, request.imageId, "EDITOR");
  const label = request.label.trim();
  if (label === "") throw badUserInput("Say which label the image gets.", "label");
  const current = await ctx.prisma.image.findUniqueOrThrow({
    where: { id: image.id },
    select: { labels: { select: { labelId: true } }, suggestion: true },
  });
  if (current.labels.length > 0) {
    throw conflict("The image is labelled already (someone else may have just done it); take the next one.", "imageId");
  }
  const suggestion = current.suggestion;
  const reason = suggestion
    ? `${QUEUE_REASON}: suggested ${suggestion.suggestedLabel} at ${(suggestion.confidence * 100).toFixed(0)}% by run ${suggestion.runId}${suggestion.suggestedLabel === label ? ", accepted" : ""}`
    : `${QUEUE_REASON}: no suggestion`;
  const change = await relabelImage(ctx.prisma, {
    imageId: image.id,
    labels: [label],
    actorId: ctx.viewer!.userId,
    reason,
  });
  await ctx.prisma.labelSuggestion.deleteMany({ where: { imageId: image.id } });
  return change!;
}
