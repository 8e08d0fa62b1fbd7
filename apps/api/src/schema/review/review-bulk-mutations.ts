// Review at scale: one decision on many images (reviewPredictions) and undo of
// the caller's last decision or bulk action (undoLastReviewDecision).
import { MAX_BULK_REVIEW, reviewPredictions, undoLastReviewDecision } from "@headstart/domain";
import { builder } from "../builder.ts";
import { SplitEnum } from "../datasets/dataset-types.ts";
import { ReviewActionEnum, ReviewDecisionRef } from "./review-types.ts";

const ReviewPredictionsInput = builder.inputType("ReviewPredictionsInput", {
  fields: (t) => ({
    runId: t.id({ required: true }),
    imageIds: t.idList({
      required: true,
      description: `Images the run has predictions for, each once, at most ${MAX_BULK_REVIEW}.`,
    }),
    action: t.field({ type: ReviewActionEnum, required: true }),
    newLabel: t.string({ required: false, description: "RELABEL only: the label every image should carry." }),
    split: t.field({
      type: SplitEnum,
      required: false,
      description: "MOVE_SPLIT only: the split to move every image to.",
    }),
  }),
});

builder.mutationFields((t) => ({
  reviewPredictions: t.field({
    type: [ReviewDecisionRef],
    description:
      "The same decision on several images, one decision (and relabel audit row) each (MOVE_SPLIT: moves them to split), undone together by undoLastReviewDecision. Needs EDITOR.",
    authScopes: { authenticated: true },
    args: { input: t.arg({ type: ReviewPredictionsInput, required: true }) },
    resolve: (_root, { input }, ctx) =>
      reviewPredictions(ctx, {
        runId: input.runId,
        imageIds: input.imageIds.map(String),
        action: input.action,
        newLabel: input.newLabel,
        split: input.split,
      }),
  }),
  undoLastReviewDecision: t.field({
    type: [ReviewDecisionRef],
    description:
      "Undoes your most recent decision on this run (all of a bulk action): labels and exclusion return to what they were, a relabel's undo recorded in the image's relabel history. Returns the undone decisions. Needs EDITOR.",
    authScopes: { authenticated: true },
    args: { runId: t.arg.id({ required: true }) },
    resolve: (_root, { runId }, ctx) => undoLastReviewDecision(ctx, String(runId)),
  }),
}));
