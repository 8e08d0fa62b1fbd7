// Dataset versions over GraphQL: freeze, list, read, diff. A version's
// content lives in its snapshot JSON, so nothing that edits images can change it.
import type { DatasetVersion } from "@headstart/db";
import { parseDatasetSnapshot, type SnapshotImage } from "@headstart/runs";
import { requireDatasetRole, requireVersionRole } from "../../datasets/access.ts";
import type { VersionDiff } from "../../datasets/version-snapshot.ts";
import { diffVersions, freezeVersion } from "../../datasets/versions.ts";
import { badUserInput } from "../../errors/index.ts";
import { builder } from "../builder.ts";
import { DatasetRef, SplitEnum, TaskEnum } from "../datasets/index.ts";
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

const MAX_DIFF_ITEMS = 1000;

interface DiffView {
  diff: VersionDiff;
  limit: number;
}

const VersionDiffRef = builder.objectRef<DiffView>("VersionDiff").implement({
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

builder.queryFields((t) => ({
  datasetVersion: t.field({
    type: DatasetVersionRef,
    args: { id: t.arg.id({ required: true }) },
    resolve: async (_root, { id }, ctx) => {
      const version = await requireVersionRole(ctx, id, "VIEWER");
      return ctx.prisma.datasetVersion.findUniqueOrThrow({ where: { id: version.id } });
    },
  }),
  datasetVersionDiff: t.field({
    type: VersionDiffRef,
    description: "Images added, removed, relabelled and moved between two versions of one dataset.",
    complexity: (args) => ({ field: 10, multiplier: Math.min(args.limit ?? 100, MAX_DIFF_ITEMS) / 100 }),
    args: {
      fromId: t.arg.id({ required: true }),
      toId: t.arg.id({ required: true }),
      limit: t.arg.int({
        required: false,
        defaultValue: 100,
        description: `Items per list, at most ${MAX_DIFF_ITEMS}.`,
      }),
    },
    resolve: async (_root, { fromId, toId, limit }, ctx) => {
      const from = await requireVersionRole(ctx, fromId, "VIEWER");
      const to = await requireVersionRole(ctx, toId, "VIEWER");
      const max = limit ?? 100;
      if (max < 0 || max > MAX_DIFF_ITEMS)
        throw badUserInput(`Ask for 0 to ${MAX_DIFF_ITEMS} items per list.`, "limit");
      return { diff: await diffVersions(ctx.prisma, from.id, to.id), limit: max };
    },
  }),
}));

const FreezeDatasetVersionInput = builder.inputType("FreezeDatasetVersionInput", {
  fields: (t) => ({
    datasetId: t.id({ required: true }),
    note: t.string({ required: false, description: "What changed, for people reading the version list." }),
  }),
});

builder.mutationFields((t) => ({
  freezeDatasetVersion: t.field({
    type: DatasetVersionRef,
    description: "Freezes the current labels, images (not excluded) and splits as the next version. Needs EDITOR.",
    authScopes: { authenticated: true },
    args: { input: t.arg({ type: FreezeDatasetVersionInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const dataset = await requireDatasetRole(ctx, input.datasetId, "EDITOR");
      return freezeVersion(ctx.prisma, dataset.id, input.note);
    },
  }),
}));
