// Mutations that change a dataset as a whole: create, rename, add labels,
// split, delete. Types and inputs: dataset-types.ts.
import {
  addLabels,
  blobStoreFor,
  createDataset,
  DEFAULT_RATIOS,
  deleteDataset,
  renameDataset,
  requireDatasetRole,
  requireUuid,
  resplitImages,
} from "@headstart/domain";
import { builder } from "../builder.ts";
import {
  AddDatasetLabelsInput,
  CreateDatasetInput,
  DatasetRef,
  DeleteDatasetInput,
  DeleteDatasetPayload,
  RenameDatasetInput,
  SplitDatasetInput,
} from "./dataset-types.ts";

builder.mutationFields((t) => ({
  createDataset: t.field({
    type: DatasetRef,
    description: "Needs EDITOR in the team.",
    authScopes: (_root, { input }) => ({ teamRole: { teamId: input.teamId, role: "EDITOR" } }),
    args: { input: t.arg({ type: CreateDatasetInput, required: true }) },
    resolve: (_root, { input }, ctx) =>
      createDataset(ctx.prisma, {
        teamId: requireUuid(input.teamId, "team"),
        name: input.name,
        task: input.task,
        labels: input.labels,
      }),
  }),
  renameDataset: t.field({
    type: DatasetRef,
    description: "Needs EDITOR.",
    authScopes: { authenticated: true },
    args: { input: t.arg({ type: RenameDatasetInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const dataset = await requireDatasetRole(ctx, input.datasetId, "EDITOR");
      return renameDataset(ctx.prisma, dataset.id, input.name);
    },
  }),
  addDatasetLabels: t.field({
    type: DatasetRef,
    description: "Needs EDITOR.",
    authScopes: { authenticated: true },
    args: { input: t.arg({ type: AddDatasetLabelsInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const dataset = await requireDatasetRole(ctx, input.datasetId, "EDITOR");
      await addLabels(ctx.prisma, dataset.id, input.labels);
      return ctx.prisma.dataset.findUniqueOrThrow({ where: { id: dataset.id } });
    },
  }),
  splitDataset: t.field({
    type: DatasetRef,
    description:
      "Re-assigns every image that is not excluded to train/val/test, stratified by label and seeded. Frozen versions keep their own splits. Needs EDITOR.",
    authScopes: { authenticated: true },
    args: { input: t.arg({ type: SplitDatasetInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const dataset = await requireDatasetRole(ctx, input.datasetId, "EDITOR");
      await resplitImages(ctx.prisma, dataset.id, { ratios: input.ratios ?? DEFAULT_RATIOS, seed: input.seed ?? 0 });
      return ctx.prisma.dataset.findUniqueOrThrow({ where: { id: dataset.id } });
    },
  }),
  deleteDataset: t.field({
    type: DeleteDatasetPayload,
    description: "Deletes the dataset with its images, versions and runs. Needs ADMIN: it cannot be undone.",
    authScopes: { authenticated: true },
    args: { input: t.arg({ type: DeleteDatasetInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const dataset = await requireDatasetRole(ctx, input.datasetId, "ADMIN");
      await deleteDataset(ctx.prisma, blobStoreFor(ctx.config.dataDir), dataset.id);
      return { datasetId: dataset.id };
    },
  }),
}));
