// Datasets over GraphQL: list, read, statistics, and the mutations that
// change a dataset as a whole (create, rename, labels, split, delete).
// Images and versions have their own modules.
import type { Dataset, Label } from "@headstart/db";
import { type DatasetStats, datasetStats, type LabelStats, requireTeamRole, type SplitCounts } from "@headstart/domain";
import { builder } from "../builder.ts";
import { connectionComplexity, resolveKeysetConnection } from "../pagination.ts";
import { TeamRef } from "../teams/team-types.ts";

export const TaskEnum = builder.enumType("Task", {
  description: "What a model trained on the dataset predicts.",
  values: {
    BINARY: { description: "One of exactly two labels per image." },
    MULTICLASS: { description: "Exactly one of several labels per image." },
    MULTILABEL: { description: "Any subset of the labels per image." },
  } as const,
});

export const SplitEnum = builder.enumType("Split", {
  values: {
    TRAIN: { description: "Fitted on." },
    VAL: { description: "Watched during training (early stopping, threshold choice)." },
    TEST: { description: "Held out for the final figures." },
  } as const,
});

export const LabelRef = builder.objectRef<Label>("Label").implement({
  fields: (t) => ({
    id: t.exposeID("id"),
    name: t.exposeString("name"),
    position: t.exposeInt("position", {
      description: "Class index: the output unit of a model trained on this dataset.",
    }),
  }),
});

const SplitCountsRef = builder.objectRef<SplitCounts>("SplitCounts").implement({
  fields: (t) => ({
    train: t.exposeInt("train"),
    val: t.exposeInt("val"),
    test: t.exposeInt("test"),
    total: t.exposeInt("total"),
  }),
});

const LabelStatsRef = builder.objectRef<LabelStats>("LabelStats").implement({
  description: "Images carrying one label, per split (excluded images left out).",
  fields: (t) => ({
    label: t.exposeString("label"),
    train: t.exposeInt("train"),
    val: t.exposeInt("val"),
    test: t.exposeInt("test"),
    total: t.exposeInt("total"),
  }),
});

const DatasetStatsRef = builder.objectRef<DatasetStats>("DatasetStats").implement({
  fields: (t) => ({
    images: t.field({
      type: SplitCountsRef,
      description: "Images per split, excluded ones left out.",
      resolve: (s) => s.images,
    }),
    excluded: t.exposeInt("excluded", { description: "Images kept but left out of new versions." }),
    labels: t.field({ type: [LabelStatsRef], description: "Per label, in class order.", resolve: (s) => s.labels }),
  }),
});

export const DatasetRef = builder.objectRef<Dataset>("Dataset").implement({
  fields: (t) => ({
    id: t.exposeID("id"),
    name: t.exposeString("name"),
    task: t.field({ type: TaskEnum, resolve: (dataset) => dataset.task }),
    createdAt: t.expose("createdAt", { type: "DateTime" }),
    updatedAt: t.expose("updatedAt", { type: "DateTime" }),
    team: t.field({
      type: TeamRef,
      resolve: async (dataset, _args, ctx) => ctx.prisma.team.findUniqueOrThrow({ where: { id: dataset.teamId } }),
    }),
    labels: t.field({
      type: [LabelRef],
      description: "In class order.",
      resolve: (dataset, _args, ctx) =>
        ctx.prisma.label.findMany({ where: { datasetId: dataset.id }, orderBy: { position: "asc" } }),
    }),
    stats: t.field({
      type: DatasetStatsRef,
      complexity: 5,
      resolve: (dataset, _args, ctx) => datasetStats(ctx.prisma, dataset.id),
    }),
  }),
});

builder.objectField(TeamRef, "datasets", (t) =>
  t.connection(
    {
      type: DatasetRef,
      description: "The team's datasets, oldest first.",
      complexity: connectionComplexity,
      resolve: async (team, args, ctx) => {
        await requireTeamRole(ctx, team.id, "VIEWER");
        return resolveKeysetConnection(args, (page) =>
          ctx.prisma.dataset.findMany({
            where: { teamId: team.id, ...page.where },
            orderBy: page.orderBy,
            take: page.take,
          }),
        );
      },
    },
    { name: "DatasetConnection" },
    { name: "DatasetEdge" },
  ),
);

export const CreateDatasetInput = builder.inputType("CreateDatasetInput", {
  fields: (t) => ({
    teamId: t.id({ required: true }),
    name: t.string({ required: true, description: "Unique within the team." }),
    task: t.field({ type: TaskEnum, required: true }),
    labels: t.stringList({
      required: true,
      description:
        "Label names in class order: exactly two for BINARY, two or more for MULTICLASS, one or more for MULTILABEL.",
    }),
  }),
});

export const RenameDatasetInput = builder.inputType("RenameDatasetInput", {
  fields: (t) => ({
    datasetId: t.id({ required: true }),
    name: t.string({ required: true }),
  }),
});

export const AddDatasetLabelsInput = builder.inputType("AddDatasetLabelsInput", {
  fields: (t) => ({
    datasetId: t.id({ required: true }),
    labels: t.stringList({
      required: true,
      description: "Appended after the existing labels, so existing class indices stay.",
    }),
  }),
});

const SplitRatiosInput = builder.inputType("SplitRatiosInput", {
  description: "Relative sizes; they are normalised, so 80/10/10 and 0.8/0.1/0.1 mean the same.",
  fields: (t) => ({
    train: t.float({ required: true }),
    val: t.float({ required: true }),
    test: t.float({ required: true }),
  }),
});

export const SplitDatasetInput = builder.inputType("SplitDatasetInput", {
  fields: (t) => ({
    datasetId: t.id({ required: true }),
    ratios: t.field({ type: SplitRatiosInput, required: false, description: "Default 80/10/10." }),
    seed: t.int({
      required: false,
      defaultValue: 0,
      description: "The same seed and images always give the same split.",
    }),
  }),
});

export const DeleteDatasetInput = builder.inputType("DeleteDatasetInput", {
  fields: (t) => ({ datasetId: t.id({ required: true }) }),
});

export const DeleteDatasetPayload = builder.objectRef<{ datasetId: string }>("DeleteDatasetPayload").implement({
  fields: (t) => ({ datasetId: t.exposeID("datasetId") }),
});
