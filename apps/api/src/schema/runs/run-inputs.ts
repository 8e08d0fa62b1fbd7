// The inputs and enums of the run queries and mutations (config, filters,
// ordering, comparison). Live updates are in run-subscriptions.ts;
// evaluation figures in run-evaluation.ts.
import type { ConfigDifference, RunComparison, RunFigures } from "@headstart/domain";
import { AutoSearchInput, HeadKindEnum, RunStrategyEnum, ScheduleEnum } from "../autopilot/autopilot-config-fields.ts";
import { builder } from "../builder.ts";
import { OptimizerEnum, RunRef, RunStatusEnum } from "./run-types.ts";

const AugmentationInput = builder.inputType("AugmentationInput", {
  description: "Omitted fields take the defaults (rotation 20, shifts 0.2, zoom 0.2, flip on, 4 variants).",
  fields: (t) => ({
    enabled: t.boolean({
      required: false,
      description: "false turns augmentation off (the other fields are then ignored).",
    }),
    rotation: t.float({ required: false }),
    widthShift: t.float({ required: false }),
    heightShift: t.float({ required: false }),
    zoom: t.float({ required: false }),
    horizontalFlip: t.boolean({ required: false }),
    variants: t.int({ required: false }),
  }),
});

const RunConfigInput = builder.inputType("RunConfigInput", {
  description:
    "Every field is optional; defaults: mobilenet_v2, input 224, batch 64, up to 50 epochs with early stopping (patience 8), learning rate 0.001, Adam, constant schedule, augmentation on, 64 head units, dropout 0.5, no fine-tuning, threshold 0.75, a random seed, strategy MANUAL. recommendRunConfig gives a config measured for a version.",
  fields: (t) => ({
    backbone: t.string({
      required: false,
      description:
        '"mobilenet_v2" (ImageNet weights), "scratch" (a small CNN learnt from random weights) or "gradients" (fixed oriented-gradient features at 28-64 px; only the head trains).',
    }),
    inputSize: t.int({
      required: false,
      description:
        "mobilenet_v2: 96, 128, 160, 192 or 224; scratch: 28 to 224 in steps of 4 (28 is Fashion-MNIST's native size).",
    }),
    batchSize: t.int({ required: false }),
    epochs: t.int({ required: false }),
    learningRate: t.float({ required: false }),
    optimizer: t.field({ type: OptimizerEnum, required: false }),
    augmentation: t.field({ type: AugmentationInput, required: false, description: "null turns augmentation off." }),
    headKind: t.field({
      type: HeadKindEnum,
      required: false,
      description: "DENSE (default) or KERNEL; KERNEL turns augmentation off unless it is given.",
    }),
    headUnits: t.int({ required: false }),
    dropout: t.float({ required: false }),
    fineTuneBlocks: t.int({
      required: false,
      description: "Top backbone blocks unfrozen after head training; 0 = none.",
    }),
    fineTuneEpochs: t.int({ required: false }),
    fineTuneLearningRate: t.float({ required: false }),
    earlyStoppingPatience: t.int({
      required: false,
      description: "Epochs without val-loss improvement before stopping; null = never.",
    }),
    schedule: t.field({ type: ScheduleEnum, required: false }),
    labelSmoothing: t.float({ required: false, description: "Label smoothing of the targets, 0 (off) to below 0.5." }),
    weightDecay: t.float({ required: false, description: "Decoupled weight decay (AdamW with Adam); 0 = off." }),
    featureLayer: t.string({
      required: false,
      description:
        'mobilenet_v2 only: "block_10", "block_13", "block_16" or "out_relu" (default; required when fine-tuning).',
    }),
    fineTuneLayerDecay: t.float({
      required: false,
      description: "Rate factor per unfrozen block below the top one (1 = one rate for all).",
    }),
    strategy: t.field({ type: RunStrategyEnum, required: false }),
    auto: t.field({ type: AutoSearchInput, required: false, description: "AUTO only: the search's budget and shape." }),
    leaveOneOutValidation: t.boolean({
      required: false,
      description:
        "KERNEL head only: fit on the validation images too and score each by the fit without it (default false).",
    }),
    threshold: t.float({ required: false }),
    seed: t.int({ required: false }),
  }),
});

/** GraphQL input -> the plain object parseRunConfig validates (omitted fields stay absent, so defaults apply). */
export function configFromInput(input: Record<string, unknown> | null | undefined): Record<string, unknown> {
  const config: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(input ?? {})) {
    if (value === undefined) continue;
    if (key === "augmentation" && value !== null) {
      const { enabled, ...settings } = value as Record<string, unknown>;
      config.augmentation =
        enabled === false ? false : Object.fromEntries(Object.entries(settings).filter(([, v]) => v !== undefined));
      continue;
    }
    config[key] = value;
  }
  return config;
}

export const CreateRunInput = builder.inputType("CreateRunInput", {
  fields: (t) => ({
    versionId: t.id({
      required: true,
      description: "The frozen dataset version to train on (freeze one first; the UI offers the latest).",
    }),
    name: t.string({ required: false }),
    config: t.field({ type: RunConfigInput, required: false }),
  }),
});

export const RunIdInput = builder.inputType("RunIdInput", {
  fields: (t) => ({ runId: t.id({ required: true }) }),
});

const CancelOutcomeEnum = builder.enumType("CancelOutcome", {
  values: {
    CANCELLED: { description: "It was queued and is now cancelled." },
    CANCEL_REQUESTED: { description: "It is running; its trainer stops within one batch and marks it CANCELLED." },
    ALREADY_FINISHED: { description: "It had already finished; nothing changed." },
  } as const,
});

export const CancelRunPayload = builder
  .objectRef<{ run: import("@headstart/db").Run; outcome: "CANCELLED" | "CANCEL_REQUESTED" | "ALREADY_FINISHED" }>(
    "CancelRunPayload",
  )
  .implement({
    fields: (t) => ({
      run: t.field({ type: RunRef, resolve: (payload) => payload.run }),
      outcome: t.field({ type: CancelOutcomeEnum, resolve: (payload) => payload.outcome }),
    }),
  });

export const RunFilter = builder.inputType("RunFilter", {
  fields: (t) => ({
    datasetId: t.id({ required: false }),
    status: t.field({ type: RunStatusEnum, required: false }),
    backbone: t.string({ required: false }),
    creatorId: t.id({ required: false }),
    createdAfter: t.field({ type: "DateTime", required: false, description: "Inclusive." }),
    createdBefore: t.field({ type: "DateTime", required: false, description: "Exclusive." }),
  }),
});

export const RunOrderEnum = builder.enumType("RunOrder", {
  values: {
    CREATED_AT: {},
    VAL_ACCURACY: { description: "Accuracy on the validation split; runs not yet evaluated come last." },
  } as const,
});

export const SortDirectionEnum = builder.enumType("SortDirection", { values: ["ASC", "DESC"] as const });

const ConfigDifferenceRef = builder.objectRef<ConfigDifference>("ConfigDifference").implement({
  fields: (t) => ({
    field: t.exposeString("field", { description: 'Dotted path such as "augmentation.zoom".' }),
    values: t.exposeStringList("values", { description: "One JSON value per compared run, in the order of `runs`." }),
  }),
});

const RunFiguresRef = builder.objectRef<RunFigures>("RunFigures").implement({
  fields: (t) => ({
    runId: t.exposeID("runId"),
    valAccuracy: t.exposeFloat("valAccuracy", { nullable: true }),
    testAccuracy: t.exposeFloat("testAccuracy", { nullable: true }),
    bestValAccuracy: t.exposeFloat("bestValAccuracy", {
      nullable: true,
      description: "Best per-epoch validation accuracy.",
    }),
    lastValLoss: t.exposeFloat("lastValLoss", { nullable: true }),
    epochs: t.exposeInt("epochs", { description: "Epochs recorded." }),
    seconds: t.exposeFloat("seconds", { description: "Training time summed over the recorded epochs." }),
  }),
});

export const RunComparisonRef = builder.objectRef<RunComparison>("RunComparison").implement({
  fields: (t) => ({
    runs: t.field({ type: [RunRef], resolve: (c) => c.runs }),
    configDifferences: t.field({ type: [ConfigDifferenceRef], resolve: (c) => c.configDifferences }),
    sameFields: t.exposeStringList("sameFields", { description: "Settings all the runs share." }),
    figures: t.field({ type: [RunFiguresRef], description: "In the order of `runs`.", resolve: (c) => c.figures }),
  }),
});
