// The Run object and what hangs off it: config, epochs, progress, artifacts.
// Evaluation figures live in run-evaluation.ts; review lists and predict add
// their own fields to Run from their modules.
import type { EpochMetric, ModelArtifact, Run } from "@headstart/db";
import { trainedConfigOf } from "@headstart/domain";
import { type AugmentationConfig, plannedEpochs, type RunConfig, type RunProgress } from "@headstart/runs";
import { UserRef } from "../auth/user-type.ts";
import { builder } from "../builder.ts";
import { DatasetRef } from "../datasets/dataset-types.ts";
import { TeamRef } from "../teams/team-types.ts";
import { DatasetVersionRef } from "../versions/version-types.ts";

export const RunStatusEnum = builder.enumType("RunStatus", {
  values: {
    QUEUED: { description: "Waiting for a trainer." },
    RUNNING: { description: "A trainer holds it and heartbeats." },
    SUCCEEDED: { description: "Trained and evaluated; its model can predict and be downloaded." },
    FAILED: { description: "Stopped for the reason in `error`." },
    CANCELLED: { description: "Stopped on request." },
  } as const,
});

export const OptimizerEnum = builder.enumType("Optimizer", {
  values: { ADAM: { value: "adam" }, SGD: { value: "sgd" }, RMSPROP: { value: "rmsprop" } } as const,
});

const AugmentationRef = builder.objectRef<AugmentationConfig>("Augmentation").implement({
  fields: (t) => ({
    rotation: t.exposeFloat("rotation", { description: "Maximum rotation in degrees, either way." }),
    widthShift: t.exposeFloat("widthShift", { description: "Maximum horizontal shift, as a fraction of the width." }),
    heightShift: t.exposeFloat("heightShift"),
    zoom: t.exposeFloat("zoom", { description: "Maximum zoom in or out, as a fraction." }),
    horizontalFlip: t.exposeBoolean("horizontalFlip"),
    variants: t.exposeInt("variants", { description: "Augmented copies embedded per training image." }),
  }),
});

export const RunConfigRef = builder.objectRef<RunConfig>("RunConfig").implement({
  description: "The settings a run trains with, every default resolved when it was created.",
  fields: (t) => ({
    backbone: t.exposeString("backbone"),
    inputSize: t.exposeInt("inputSize"),
    batchSize: t.exposeInt("batchSize"),
    epochs: t.exposeInt("epochs"),
    learningRate: t.exposeFloat("learningRate"),
    optimizer: t.field({ type: OptimizerEnum, resolve: (config) => config.optimizer }),
    augmentation: t.field({
      type: AugmentationRef,
      nullable: true,
      description: "Null when augmentation is off.",
      resolve: (config) => config.augmentation,
    }),
    headUnits: t.exposeInt("headUnits"),
    dropout: t.exposeFloat("dropout"),
    fineTuneBlocks: t.exposeInt("fineTuneBlocks"),
    fineTuneEpochs: t.exposeInt("fineTuneEpochs"),
    fineTuneLearningRate: t.exposeFloat("fineTuneLearningRate"),
    earlyStoppingPatience: t.exposeInt("earlyStoppingPatience", { nullable: true }),
    threshold: t.exposeFloat("threshold", {
      description: "Predictions less confident than this are withheld for a person.",
    }),
    seed: t.exposeInt("seed"),
  }),
});

export const EpochMetricRef = builder
  .objectRef<Pick<EpochMetric, "epoch" | "phase" | "loss" | "acc" | "valLoss" | "valAcc" | "seconds">>("EpochMetric")
  .implement({
    description: "One finished epoch; stored once per epoch even when a run resumes after a crash.",
    fields: (t) => ({
      epoch: t.exposeInt("epoch", { description: "1-based, counted across head training and fine-tuning." }),
      phase: t.exposeString("phase", { description: '"head", or "fine-tune" once backbone blocks are unfrozen.' }),
      loss: t.exposeFloat("loss"),
      acc: t.exposeFloat("acc"),
      valLoss: t.exposeFloat("valLoss", { nullable: true }),
      valAcc: t.exposeFloat("valAcc", { nullable: true }),
      seconds: t.exposeFloat("seconds"),
    }),
  });

export const RunStageEnum = builder.enumType("RunStage", {
  values: {
    LOADING: { value: "loading" },
    EMBEDDING: {
      value: "embedding",
      description: "Images through the frozen backbone (cached vectors count as done).",
    },
    TRAINING: { value: "training" },
    EVALUATING: { value: "evaluating" },
    SAVING: { value: "saving" },
  } as const,
});

type ProgressFields = { stage: RunProgress["stage"] } & Partial<{
  done: number;
  total: number;
  cached: number;
  pass: string;
  phase: string;
  step: string;
  epoch: number;
  epochs: number;
  batch: number;
  batches: number;
}>;

export const RunProgressRef = builder.objectRef<RunProgress>("RunProgress").implement({
  description: "Where a running run is inside its current stage; the fields that apply to the stage are set.",
  fields: (t) => {
    const num = (name: "done" | "total" | "cached" | "epoch" | "epochs" | "batch" | "batches", description: string) =>
      t.int({
        nullable: true,
        description,
        resolve: (progress) => {
          const value = (progress as ProgressFields)[name];
          return typeof value === "number" ? value : null;
        },
      });
    const text = (name: "pass" | "phase" | "step", description: string) =>
      t.string({
        nullable: true,
        description,
        resolve: (progress) => {
          const value = (progress as ProgressFields)[name];
          return typeof value === "string" ? value : null;
        },
      });
    return {
      stage: t.field({ type: RunStageEnum, resolve: (progress) => progress.stage }),
      done: num("done", "Items finished in this stage (images embedded, images evaluated)."),
      total: num("total", "Items in this stage."),
      cached: num("cached", "Embedding: vectors that came from the shared cache."),
      pass: text("pass", 'Embedding: "images", "augmented" or "activations".'),
      phase: text("phase", 'Training: "head" or "fine-tune".'),
      step: text("step", 'Evaluating: "validation", "test" or "label-issues".'),
      epoch: num("epoch", "Training: the epoch in progress (1-based)."),
      epochs: num("epochs", "Training: epochs in this phase."),
      batch: num("batch", "Training: batch i of n within the epoch."),
      batches: num("batches", "Training: batches per epoch."),
    };
  },
});

export const ArtifactKindEnum = builder.enumType("ArtifactKind", {
  values: {
    FULL: { description: "Image pixels in, probabilities out." },
    HEAD: { description: "Backbone features in: the small trained head alone." },
    CHECKPOINT: { description: "The latest epoch checkpoint a resumed attempt starts from." },
  } as const,
});

export const ModelArtifactRef = builder.objectRef<ModelArtifact>("ModelArtifact").implement({
  fields: (t) => ({
    kind: t.field({ type: ArtifactKindEnum, resolve: (artifact) => artifact.kind }),
    byteSize: t.exposeInt("byteSize"),
    createdAt: t.expose("createdAt", { type: "DateTime" }),
    manifestJson: t.string({
      description: "The artifact's manifest (labels, input size, backbone, threshold) as JSON text.",
      resolve: (artifact) => JSON.stringify(artifact.manifest),
    }),
  }),
});

export const RunRef = builder.objectRef<Run>("Run").implement({
  description: "One training run on a frozen dataset version.",
  fields: (t) => ({
    id: t.exposeID("id"),
    name: t.exposeString("name", { nullable: true }),
    status: t.field({ type: RunStatusEnum, resolve: (run) => run.status }),
    attempt: t.exposeInt("attempt", {
      description: "Attempts started so far; a run resumed after a trainer died counts again.",
    }),
    maxAttempts: t.exposeInt("maxAttempts"),
    error: t.exposeString("error", { nullable: true, description: "Why it FAILED, or why an attempt was retried." }),
    cancelRequested: t.exposeBoolean("cancelRequested"),
    createdAt: t.expose("createdAt", { type: "DateTime" }),
    startedAt: t.expose("startedAt", { type: "DateTime", nullable: true }),
    finishedAt: t.expose("finishedAt", { type: "DateTime", nullable: true }),
    currentEpoch: t.exposeInt("currentEpoch", { description: "The last finished epoch (0 before the first)." }),
    plannedEpochs: t.int({
      description: "Epochs the run will report if it does not stop early (head training plus fine-tuning).",
      // An AUTO run's own epochs are its retrained winner's, once its search has picked one.
      resolve: (run) => {
        try {
          return plannedEpochs(trainedConfigOf(run));
        } catch {
          return plannedEpochs(run.config as unknown as RunConfig);
        }
      },
    }),
    progress: t.field({
      type: RunProgressRef,
      nullable: true,
      description: "Set while RUNNING.",
      resolve: (run) => (run.progress as RunProgress | null) ?? null,
    }),
    config: t.field({ type: RunConfigRef, resolve: (run) => run.config as unknown as RunConfig }),
    epochs: t.field({
      type: [EpochMetricRef],
      description: "Finished epochs in order.",
      resolve: (run, _args, ctx) =>
        ctx.prisma.epochMetric.findMany({ where: { runId: run.id }, orderBy: { epoch: "asc" } }),
    }),
    artifacts: t.field({
      type: [ModelArtifactRef],
      resolve: (run, _args, ctx) =>
        ctx.prisma.modelArtifact.findMany({ where: { runId: run.id }, orderBy: { kind: "asc" } }),
    }),
    modelDownloadUrl: t.string({
      nullable: true,
      description:
        "A zip of the full and head-only models with a manifest (relative to the API origin); null until the run has a model.",
      resolve: async (run, _args, ctx) =>
        (await ctx.prisma.modelArtifact.count({ where: { runId: run.id, kind: "FULL" } })) > 0
          ? `/runs/${run.id}/model.zip`
          : null,
    }),
    predictUrl: t.string({
      description: 'POST images here as multipart/form-data (field "images") to classify them with this run\'s model.',
      resolve: (run) => `/runs/${run.id}/predict`,
    }),
    dataset: t.field({
      type: DatasetRef,
      resolve: (run, _args, ctx) => ctx.prisma.dataset.findUniqueOrThrow({ where: { id: run.datasetId } }),
    }),
    version: t.field({
      type: DatasetVersionRef,
      resolve: (run, _args, ctx) => ctx.prisma.datasetVersion.findUniqueOrThrow({ where: { id: run.versionId } }),
    }),
    team: t.field({
      type: TeamRef,
      resolve: (run, _args, ctx) => ctx.prisma.team.findUniqueOrThrow({ where: { id: run.teamId } }),
    }),
    creator: t.field({
      type: UserRef,
      nullable: true,
      description: "Null when the account was deleted since.",
      resolve: (run, _args, ctx) =>
        run.creatorId ? ctx.prisma.user.findUnique({ where: { id: run.creatorId } }) : null,
    }),
  }),
});
