// reviewPrediction: a reviewer's decision on one prediction. Types and
// inputs: review-types.ts.
import { reviewPrediction } from "@headstart/domain";
import { builder } from "../builder.ts";
import { ReviewDecisionRef, ReviewPredictionInput } from "./review-types.ts";

builder.mutationFields((t) => ({
  reviewPrediction: t.field({
    type: ReviewDecisionRef,
    description:
      "Records a decision with who and when; RELABEL, EXCLUDE and MOVE_SPLIT change the dataset for its next version. Needs EDITOR.",
    authScopes: { authenticated: true },
    args: { input: t.arg({ type: ReviewPredictionInput, required: true }) },
    resolve: (_root, { input }, ctx) =>
      reviewPrediction(ctx, {
        runId: input.runId,
        imageId: input.imageId,
        action: input.action,
        newLabel: input.newLabel,
        split: input.split,
      }),
  }),
}));
