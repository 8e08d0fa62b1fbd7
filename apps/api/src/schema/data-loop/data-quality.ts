// DatasetVersion.dataQuality: near-duplicate groups, leaks across splits and
// outliers over the version's cached embeddings (computed on a worker thread,
// see packages/domain/src/data-loop/version-data-quality.ts). The web asks for
// it right after freezing, so freezing warns about leaks.
import {
  type NearDuplicateImageGroup,
  type OutlierImage,
  type VersionDataQuality,
  versionDataQuality,
} from "@headstart/domain";
import { builder } from "../builder.ts";
import { SplitEnum } from "../datasets/dataset-types.ts";
import { DatasetVersionRef } from "../versions/version-types.ts";

const NearDuplicateGroupRef = builder.objectRef<NearDuplicateImageGroup>("NearDuplicateGroup").implement({
  description: "Images whose embeddings are nearly identical: the same object re-photographed, re-encoded or edited.",
  fields: (t) => ({
    imageIds: t.exposeIDList("imageIds"),
    splits: t.field({
      type: [SplitEnum],
      resolve: (group) => group.splits as ("TRAIN" | "VAL" | "TEST")[],
    }),
    leak: t.exposeBoolean("leak", {
      description: "The group spans splits: the model would be graded on what it trained on.",
    }),
    maxSimilarity: t.exposeFloat("maxSimilarity", { description: "Highest cosine similarity inside the group." }),
  }),
});

const OutlierImageRef = builder.objectRef<OutlierImage>("OutlierImage").implement({
  description: "An image far from every class (a wrong crop, another kind of object, a broken file).",
  fields: (t) => ({
    imageId: t.exposeID("imageId"),
    label: t.exposeString("label"),
    score: t.exposeFloat("score", { description: "Robust z-score against its nearest class; lower is stranger." }),
  }),
});

const VersionDataQualityRef = builder.objectRef<VersionDataQuality>("VersionDataQuality").implement({
  fields: (t) => ({
    space: t.exposeString("space", {
      nullable: true,
      description: "The embedding space compared (backbone@version/size/preprocessing); null when none is cached.",
    }),
    imageCount: t.exposeInt("imageCount"),
    checked: t.exposeInt("checked", {
      description: "Images with a cached embedding (those a run has embedded); only they are compared.",
    }),
    threshold: t.exposeFloat("threshold", {
      description: "Cosine similarity at which two images are near-duplicates.",
    }),
    groups: t.field({ type: [NearDuplicateGroupRef], resolve: (q) => q.groups }),
    leaks: t.field({
      type: [NearDuplicateGroupRef],
      description: "The groups that span splits.",
      resolve: (q) => q.leaks,
    }),
    outliers: t.field({ type: [OutlierImageRef], resolve: (q) => q.outliers }),
  }),
});

builder.objectField(DatasetVersionRef, "dataQuality", (t) =>
  t.field({
    type: VersionDataQualityRef,
    description:
      "Near-duplicates within and across splits (leaks) and outliers, over the cached embeddings of the version's images. Needs VIEWER.",
    complexity: 20,
    resolve: (version, _args, ctx) => versionDataQuality(ctx, version.id),
  }),
);
