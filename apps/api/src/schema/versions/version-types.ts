// Dataset versions over GraphQL: freeze, list, read, diff. A version's
// content lives in its snapshot JSON, so nothing that edits images can change it.
import type { DatasetVersion } from "@headstart/db";
import type { VersionDiff } from "@headstart/domain";
import { parseDatasetSnapshot, type SnapshotImage } from "@headstart/runs";
import { builder } from "../builder.ts";
import { DatasetRef, SplitEnum, TaskEnum } from "../datasets/dataset-types.ts";
import { connectionComplexity, resolveKeysetConnection } from "../pagination.ts";

const SplitCountsOfVersion = builder
  .objectRef<{ train: number; val: number; test: number }>("VersionSplitCounts")
  .implement({
    fields: (t) => ({
      train: t.exposeInt("train"),
      val: t.exposeInt("val"),
      test: t.exposeInt("test"),
    }),
  });

export const DatasetVersionRef = builder.objectRef<DatasetVersion>("DatasetVersion").implement({
  description: "An immutable snapshot of a dataset (labels, images, splits) that runs pin.",
  fields: (t) => ({
    id: t.exposeID("id"),
    number: t.exposeInt("number", { description: "1, 2, 3… per dataset." }),
    note: t.exposeString("note", { nullable: true }),
    imageCount: t.exposeInt("imageCount"),
    createdAt: t.expose("createdAt", { type: "DateTime" }),
    task: t.field({ type: TaskEnum, resolve: (version) => parseDatasetSnapshot(version.snapshot).task }),
    labels: t.stringList({
      description: "Label names in class order, as frozen.",
      resolve: (version) => parseDatasetSnapshot(version.snapshot).labels,
    }),
    splitCounts: t.field({
      type: SplitCountsOfVersion,
      resolve: (version) => {
        const counts = { train: 0, val: 0, test: 0 };
        for (const image of parseDatasetSnapshot(version.snapshot).images) {
          counts[image.split === "TRAIN" ? "train" : image.split === "VAL" ? "val" : "test"] += 1;
        }
        return counts;
      },
    }),
    dataset: t.field({
      type: DatasetRef,
      resolve: (version, _args, ctx) => ctx.prisma.dataset.findUniqueOrThrow({ where: { id: version.datasetId } }),
    }),
  }),
});

const VersionImageRef = builder.objectRef<SnapshotImage>("VersionImage").implement({
  fields: (t) => ({
    id: t.exposeID("id"),
    sha256: t.exposeString("sha256"),
    split: t.field({ type: SplitEnum, resolve: (image) => image.split }),
    labels: t.exposeStringList("labels"),
  }),
});

const RelabelledImageRef = builder.objectRef<VersionDiff["relabelled"][number]>("RelabelledImage").implement({
  fields: (t) => ({
    id: t.exposeID("id"),
    sha256: t.exposeString("sha256"),
    from: t.exposeStringList("from"),
    to: t.exposeStringList("to"),
  }),
});

const MovedImageRef = builder.objectRef<VersionDiff["moved"][number]>("MovedImage").implement({
  fields: (t) => ({
    id: t.exposeID("id"),
    sha256: t.exposeString("sha256"),
    from: t.field({ type: SplitEnum, resolve: (moved) => moved.from }),
    to: t.field({ type: SplitEnum, resolve: (moved) => moved.to }),
  }),
});

export const MAX_DIFF_ITEMS = 1000;

interface DiffView {
  diff: VersionDiff;
  limit: number;
}

export const VersionDiffRef = builder.objectRef<DiffView>("VersionDiff").implement({
  description: `What changed between two versions. Each list holds at most \`limit\` items (max ${MAX_DIFF_ITEMS}); the counts are exact.`,
  fields: (t) => ({
    addedCount: t.int({ resolve: (v) => v.diff.added.length }),
    removedCount: t.int({ resolve: (v) => v.diff.removed.length }),
    relabelledCount: t.int({ resolve: (v) => v.diff.relabelled.length }),
    movedCount: t.int({ resolve: (v) => v.diff.moved.length }),
    added: t.field({ type: [VersionImageRef], resolve: (v) => v.diff.added.slice(0, v.limit) }),
    removed: t.field({ type: [VersionImageRef], resolve: (v) => v.diff.removed.slice(0, v.limit) }),
    relabelled: t.field({ type: [RelabelledImageRef], resolve: (v) => v.diff.relabelled.slice(0, v.limit) }),
    moved: t.field({ type: [MovedImageRef], resolve: (v) => v.diff.moved.slice(0, v.limit) }),
    labelsAdded: t.stringList({ resolve: (v) => v.diff.labelsAdded }),
    labelsRemoved: t.stringList({ resolve: (v) => v.diff.labelsRemoved }),
  }),
});

builder.objectField(DatasetRef, "versions", (t) =>
  t.connection(
    {
      type: DatasetVersionRef,
      description: "Frozen versions, oldest first.",
      complexity: connectionComplexity,
      resolve: (dataset, args, ctx) =>
        resolveKeysetConnection(args, (page) =>
          ctx.prisma.datasetVersion.findMany({
            where: { datasetId: dataset.id, ...page.where },
            orderBy: page.orderBy,
            take: page.take,
          }),
        ),
    },
    { name: "DatasetVersionConnection" },
    { name: "DatasetVersionEdge" },
  ),
);

export const FreezeDatasetVersionInput = builder.inputType("FreezeDatasetVersionInput", {
  fields: (t) => ({
    datasetId: t.id({ required: true }),
    note: t.string({ required: false, description: "What changed, for people reading the version list." }),
  }),
});
