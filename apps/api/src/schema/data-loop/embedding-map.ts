// Run.embeddingMap: the 2-D map of the run's images over their cached
// embeddings (packages/domain/src/data-loop/embedding-map.ts), as parallel
// arrays so 10,000 points stay one small answer.
import { type EmbeddingMap, runEmbeddingMap } from "@headstart/domain";
import { builder } from "../builder.ts";
import { RunRef } from "../runs/run-types.ts";

const EmbeddingMapRef = builder.objectRef<EmbeddingMap>("EmbeddingMap").implement({
  description:
    "Every image of the run's version with a cached embedding, placed by the first two principal components; entry i of each list describes the same image.",
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
    mistakes: t.exposeBooleanList("mistakes", { description: "The run predicted another label." }),
    suspected: t.exposeBooleanList("suspected", { description: "The run flagged the label as a suspected issue." }),
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
