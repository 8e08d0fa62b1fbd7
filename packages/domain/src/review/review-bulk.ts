// One decision on many predictions of a run at once (bulk select in the review
// page, a lasso on the embedding map): each image gets its own decision and
// audit row, exactly as if decided one by one, and they share a batch so one
// undo takes them all back.
import { randomUUID } from "node:crypto";
import type { ReviewAction, ReviewDecision, Split } from "@headstart/db";
import type { Caller } from "../accounts/caller.ts";
import { badUserInput } from "../errors/error-helpers.ts";
import { requireRunRole } from "../runs/run-access.ts";
import { reviewPrediction } from "./review-prediction.ts";

/** Enough for a page of sections or a lasso; larger selections are sent in several calls. */
export const MAX_BULK_REVIEW = 500;

export interface BulkReviewRequest {
  runId: string;
  imageIds: string[];
  action: ReviewAction;
  newLabel?: string | null;
  /** MOVE_SPLIT only: the split every image should be in. */
  split?: Split | null;
}

/** Needs EDITOR. Fails before changing anything when the selection is empty, too large or repeats an image. */
export async function reviewPredictions(ctx: Caller, request: BulkReviewRequest): Promise<ReviewDecision[]> {
  await requireRunRole(ctx, request.runId, "EDITOR");
  const ids = request.imageIds.map((id) => id.toLowerCase());
  if (ids.length === 0) throw badUserInput("Select at least one image.", "imageIds");
  if (ids.length > MAX_BULK_REVIEW) {
    throw badUserInput(
      `Decide on at most ${MAX_BULK_REVIEW} images per call (got ${ids.length}); send the rest in another call.`,
      "imageIds",
    );
  }
  if (new Set(ids).size !== ids.length) throw badUserInput("Each image may appear once in imageIds.", "imageIds");
  const batchId = randomUUID();
  const decisions: ReviewDecision[] = [];
  // One after another: each relabel locks its image row and writes its audit row, as a single decision does.
  for (const imageId of ids) {
    decisions.push(
      await reviewPrediction(
        ctx,
        { runId: request.runId, imageId, action: request.action, newLabel: request.newLabel, split: request.split },
        batchId,
      ),
    );
  }
  return decisions;
}
