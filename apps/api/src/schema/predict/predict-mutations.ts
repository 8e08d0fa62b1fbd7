// predictImages and predictSplit: mutations, not queries, because each call
// runs the model. Types and inputs: predict-types.ts.

import { predictDatasetSplit, predictStoredImages, requireRunRole } from "@headstart/domain";
import { builder } from "../builder.ts";
import {
  PredictImagesInput,
  PredictSplitInput,
  SplitPredictionsRef,
  StoredImagePredictionRef,
} from "./predict-types.ts";

builder.mutationFields((t) => ({
  predictImages: t.field({
    type: [StoredImagePredictionRef],
    complexity: 50,
    description: "Classifies stored images with the run's model. Needs VIEWER; the run must have SUCCEEDED.",
    authScopes: { authenticated: true },
    args: { input: t.arg({ type: PredictImagesInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const run = await requireRunRole(ctx, input.runId, "VIEWER");
      return predictStoredImages(ctx, run, input.imageIds);
    },
  }),
  predictSplit: t.field({
    type: SplitPredictionsRef,
    complexity: 50,
    description: "Batch predict over one split of the run's dataset, a page at a time. Needs VIEWER.",
    authScopes: { authenticated: true },
    args: { input: t.arg({ type: PredictSplitInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const run = await requireRunRole(ctx, input.runId, "VIEWER");
      const offset = input.offset ?? 0;
      const page = await predictDatasetSplit(ctx, run, input.split, { offset, limit: input.limit ?? 32 });
      return { ...page, offset };
    },
  }),
}));
