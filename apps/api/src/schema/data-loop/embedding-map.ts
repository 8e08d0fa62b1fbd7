// Run.embeddingMap and DatasetVersion.embeddingMap: the 2-D map of a run's (or
// a version's) images over their cached embeddings
// (packages/domain/src/data-loop/embedding-map.ts), as parallel arrays so
// 10,000 points stay one small answer.
import { type EmbeddingMap, runEmbeddingMap, versionEmbeddingMap } from "@headstart/domain";
import { builder } from "../builder.ts";
import { RunRef } from "../runs/run-types.ts";
import { DatasetVersionRef } from "../versions/version-types.ts";

const EmbeddingMapRef = builder.objectRef<EmbeddingMap>("EmbeddingMap").implement({
  description:
    "Every image of the version (a run's, or one asked for directly) with a cached embedding, placed by the first two principal components; entry i of each list describes the same image.",
  fields: (t) => ({
    space: t.exposeString("space", {
      nullable: true,
      description: "The embedding space (backbone@version/size/preprocessing).",
    }),
    labels: t.exposeStringList("labels", { description: "Class names; labelIndex points into them." }),
    imageCount: t.exposeInt("imageCount", { description: "Images in the version (the map holds those embedded)." }),
    imageIds: t.exposeIDList("imageIds"),
    x: t.exposeFloatList("x", { description: "In [-1, 1]." }),
    y: t.exposeFloatList("y", { description: "In [-1, 1]." }),
    labelIndex: t.exposeIntList("labelIndex", { description: "Given label's class index; -1 when not exactly one." }),
    splits: t.exposeStringList("splits"),
    mistakes: t.exposeBooleanList("mistakes", {
      description: "The run predicted another label (all false on a version's own map).",
    }),
    suspected: t.exposeBooleanList("suspected", {
      description: "The run flagged the label as a suspected issue (all false on a version's own map).",
    }),
    reviewRunId: t.exposeID("reviewRunId", {
      nullable: true,
      description:
        "The run whose review decisions (reviewPredictions, undoLastReviewDecision) a lasso action on this map is recorded as: the run itself, or for a version's own map its latest SUCCEEDED run, so a bulk move, exclusion or relabel is audited like one from the review page. Null when the version has no finished run: the map cannot be acted on yet.",
    }),
    reviewable: t.exposeBooleanList("reviewable", {
      description: "reviewRunId has a prediction for the image, so a review decision can be recorded on it.",
    }),
    explainedVariance: t.exposeFloatList("explainedVariance", { description: "Share of variance each axis shows." }),
  }),
});

builder.objectField(RunRef, "embeddingMap", (t) =>
  t.field({
    type: EmbeddingMapRef,
    description:
      "A 2-D map of the run's images (PCA over their cached embeddings, computed off the event loop). Needs VIEWER.",
    complexity: 20,
    resolve: (run, _args, ctx) => runEmbeddingMap(ctx, run.id),
  }),
);

builder.objectField(DatasetVersionRef, "embeddingMap", (t) =>
  t.field({
    type: EmbeddingMapRef,
    description:
      "A 2-D map of the version's images over the embeddings runs cached for them (PCA, off the event loop); images no run has embedded yet are left out. Needs VIEWER.",
    complexity: 20,
    resolve: (version, _args, ctx) => versionEmbeddingMap(ctx, version.id),
  }),
);
