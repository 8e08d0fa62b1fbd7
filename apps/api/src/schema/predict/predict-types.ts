// Classifying images with a finished run's model. New files go to the HTTP
// route POST /runs/:id/predict (multipart); these mutations classify images
// already stored in the team's datasets, one list or a whole split a page at
// a time. Mutations, not queries: each call runs the model.

import { type ImagePrediction, type LabelProbability, MAX_PREDICT_IMAGES } from "@headstart/domain";
import { builder } from "../builder.ts";
import { SplitEnum } from "../datasets/dataset-types.ts";

const LabelProbabilityRef = builder.objectRef<LabelProbability>("LabelProbability").implement({
  fields: (t) => ({
    label: t.exposeString("label"),
    probability: t.exposeFloat("probability"),
  }),
});

export const ImagePredictionRef = builder.objectRef<ImagePrediction>("ImagePrediction").implement({
  fields: (t) => ({
    label: t.exposeString("label", { description: "The most probable label." }),
    confidence: t.exposeFloat("confidence", { description: "Its probability." }),
    withheld: t.exposeBoolean("withheld", {
      description: "Confidence is under the run's threshold: a person should decide.",
    }),
    threshold: t.exposeFloat("threshold"),
    probabilities: t.field({
      type: [LabelProbabilityRef],
      description: "Every label, in class order.",
      resolve: (p) => p.probabilities,
    }),
    labels: t.exposeStringList("labels", {
      description: "Multilabel runs: every label at or over the threshold; otherwise [label].",
    }),
  }),
});

export const StoredImagePredictionRef = builder
  .objectRef<{ imageId: string; givenLabels?: string[]; prediction: ImagePrediction }>("StoredImagePrediction")
  .implement({
    fields: (t) => ({
      imageId: t.exposeID("imageId"),
      imageUrl: t.string({ resolve: (item) => `/images/${item.imageId}` }),
      givenLabels: t.stringList({
        nullable: true,
        description: "predictSplit: the image's labels now.",
        resolve: (item) => item.givenLabels ?? null,
      }),
      prediction: t.field({ type: ImagePredictionRef, resolve: (item) => item.prediction }),
    }),
  });

export const SplitPredictionsRef = builder
  .objectRef<{
    items: { imageId: string; givenLabels: string[]; prediction: ImagePrediction }[];
    totalCount: number;
    offset: number;
  }>("SplitPredictions")
  .implement({
    fields: (t) => ({
      items: t.field({ type: [StoredImagePredictionRef], resolve: (page) => page.items }),
      totalCount: t.exposeInt("totalCount", { description: "Images in the split (excluded ones left out)." }),
      nextOffset: t.int({
        nullable: true,
        description: "Pass as offset for the next page; null after the last.",
        resolve: (page) =>
          page.offset + page.items.length < page.totalCount && page.items.length > 0
            ? page.offset + page.items.length
            : null,
      }),
    }),
  });

export const PredictImagesInput = builder.inputType("PredictImagesInput", {
  fields: (t) => ({
    runId: t.id({ required: true }),
    imageIds: t.idList({ required: true, description: `Images of the run's team, at most ${MAX_PREDICT_IMAGES}.` }),
  }),
});

export const PredictSplitInput = builder.inputType("PredictSplitInput", {
  fields: (t) => ({
    runId: t.id({ required: true }),
    split: t.field({
      type: SplitEnum,
      required: true,
      description: "Of the run's dataset as it is now (not the frozen version).",
    }),
    offset: t.int({ required: false, defaultValue: 0 }),
    limit: t.int({ required: false, defaultValue: 32, description: `1 to ${MAX_PREDICT_IMAGES}.` }),
  }),
});
