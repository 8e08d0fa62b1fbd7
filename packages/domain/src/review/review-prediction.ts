// A reviewer's decision on one prediction, recorded with who and when;
// RELABEL, EXCLUDE and MOVE_SPLIT change the dataset itself so the next frozen
// version carries them. Each decision keeps the labels, exclusion and split it
// replaced, so review-undo.ts can put them back.
import type { ReviewAction, ReviewDecision, Split } from "@headstart/db";
import type { Caller } from "../accounts/caller.ts";
import { moveImage, setImageExcluded } from "../datasets/image-splits.ts";
import { relabelImage } from "../datasets/relabel.ts";
import { badUserInput, notFound } from "../errors/error-helpers.ts";
import { isUuid } from "../errors/ids.ts";
import { requireRunRole } from "../runs/run-access.ts";

export interface ReviewDecisionRequest {
  runId: string;
  imageId: string;
  action: ReviewAction;
  newLabel?: string | null;
  /** MOVE_SPLIT only: the split the image should be in. */
  split?: Split | null;
}

const SPLIT_NAMES: readonly Split[] = ["TRAIN", "VAL", "TEST"];

/** Needs EDITOR: RELABEL, EXCLUDE and MOVE_SPLIT change the dataset. */
export async function reviewPrediction(
  ctx: Caller,
  request: ReviewDecisionRequest,
  batchId: string | null = null,
): Promise<ReviewDecision> {
  const run = await requireRunRole(ctx, request.runId, "EDITOR");
  const userId = ctx.viewer!.userId;
  const missing = () => notFound("prediction of this run for image", request.imageId);
  if (!isUuid(request.imageId)) throw missing();
  const imageId = request.imageId.toLowerCase();
  const prediction = await ctx.prisma.prediction.findUnique({
    where: { runId_imageId: { runId: run.id, imageId } },
    select: {
      givenLabel: true,
      image: { select: { excluded: true, split: true, labels: { select: { label: true } } } },
    },
  });
  if (!prediction) throw missing();
  const newLabel = request.newLabel?.trim() || null;
  if (request.action !== "RELABEL" && newLabel !== null) {
    throw badUserInput(`newLabel only goes with RELABEL; leave it out for ${request.action}.`, "newLabel");
  }
  const split = request.split ?? null;
  if (request.action !== "MOVE_SPLIT" && split !== null) {
    throw badUserInput(`split only goes with MOVE_SPLIT; leave it out for ${request.action}.`, "split");
  }
  const previousLabels = prediction.image.labels.map((l) => l.label.name).sort();
  const previousExcluded = prediction.image.excluded;
  const previousSplit = prediction.image.split;

  if (request.action === "RELABEL") {
    if (newLabel === null)
      throw badUserInput("Say which label the image should carry: RELABEL needs newLabel.", "newLabel");
    const dataset = await ctx.prisma.dataset.findUniqueOrThrow({
      where: { id: run.datasetId },
      select: { task: true, labels: { select: { name: true }, orderBy: { position: "asc" } } },
    });
    if (dataset.task === "MULTILABEL") {
      throw badUserInput(
        "A multilabel image carries a set of labels: change it with relabelImage and the complete set.",
        "action",
      );
    }
    const names = dataset.labels.map((l) => l.name);
    if (!names.includes(newLabel)) {
      throw badUserInput(
        `"${newLabel}" is not a label of this dataset; use one of ${names.map((n) => `"${n}"`).join(", ")}.`,
        "newLabel",
      );
    }
    await relabelImage(ctx.prisma, { imageId, labels: [newLabel], actorId: userId, reason: `Review of run ${run.id}` });
  } else if (request.action === "EXCLUDE") {
    await setImageExcluded(ctx.prisma, imageId, true);
  } else if (request.action === "MOVE_SPLIT") {
    if (split === null || !SPLIT_NAMES.includes(split)) {
      throw badUserInput(
        `Say which split the image should move to: MOVE_SPLIT needs split (TRAIN, VAL or TEST).`,
        "split",
      );
    }
    // Frozen versions keep their own copy of each image's split; only the next version sees the move.
    await moveImage(ctx.prisma, imageId, split);
  }
  return ctx.prisma.reviewDecision.create({
    data: {
      runId: run.id,
      imageId,
      userId,
      action: request.action,
      newLabel,
      previousLabels,
      previousExcluded,
      newSplit: request.action === "MOVE_SPLIT" ? split : null,
      previousSplit: request.action === "MOVE_SPLIT" ? previousSplit : null,
      batchId,
    },
  });
}
