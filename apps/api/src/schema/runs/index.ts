// Runs over GraphQL: start, cancel, retry, read, list, compare. Live updates
// are in subscriptions.ts; evaluation figures in evaluation.ts.
import { requireTeamRole } from "../../auth/roles.ts";
import { requireUuid } from "../../errors/index.ts";
import { requireRunRole } from "../../runs/access.ts";
import { type ConfigDifference, compareRuns, type RunComparison, type RunFigures } from "../../runs/compare.ts";
import { cancelRun, createRun, retryRun } from "../../runs/create-run.ts";
import { listRuns } from "../../runs/list-runs.ts";
import { builder } from "../builder.ts";
import { connectionComplexity } from "../pagination.ts";
import "./evaluation.ts";
import "./subscriptions.ts";
import { OptimizerEnum, RunRef, RunStatusEnum } from "./types.ts";

export { RunRef } from "./types.ts";

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
    "Every field is optional; defaults: mobilenet_v2, input 224, batch 64, 10 epochs, learning rate 0.001, Adam, augmentation on, 64 head units, dropout 0.5, no fine-tuning, threshold 0.75, a random seed.",
  fields: (t) => ({
    backbone: t.string({ required: false, description: '"mobilenet_v2" (ImageNet weights) or "scratch".' }),
    inputSize: t.int({ required: false, description: "96, 128, 160, 192 or 224." }),
    batchSize: t.int({ required: false }),
    epochs: t.int({ required: false }),
    learningRate: t.float({ required: false }),
    optimizer: t.field({ type: OptimizerEnum, required: false }),
    augmentation: t.field({ type: AugmentationInput, required: false, description: "null turns augmentation off." }),
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
    threshold: t.float({ required: false }),
    seed: t.int({ required: false }),
  }),
});

/** GraphQL input -> the plain object parseRunConfig validates (omitted fields stay absent, so defaults apply). */
function configFromInput(input: Record<string, unknown> | null | undefined): Record<string, unknown> {
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

const CreateRunInput = builder.inputType("CreateRunInput", {
  fields: (t) => ({
    versionId: t.id({
      required: true,
      description: "The frozen dataset version to train on (freeze one first; the UI offers the latest).",
    }),
    name: t.string({ required: false }),
    config: t.field({ type: RunConfigInput, required: false }),
  }),
});

const RunIdInput = builder.inputType("RunIdInput", {
  fields: (t) => ({ runId: t.id({ required: true }) }),
});

const CancelOutcomeEnum = builder.enumType("CancelOutcome", {
  values: {
    CANCELLED: { description: "It was queued and is now cancelled." },
    CANCEL_REQUESTED: { description: "It is running; its trainer stops within one batch and marks it CANCELLED." },
    ALREADY_FINISHED: { description: "It had already finished; nothing changed." },
  } as const,
});

const CancelRunPayload = builder
  .objectRef<{ run: import("@headstart/db").Run; outcome: "CANCELLED" | "CANCEL_REQUESTED" | "ALREADY_FINISHED" }>(
    "CancelRunPayload",
  )
  .implement({
    fields: (t) => ({
      run: t.field({ type: RunRef, resolve: (payload) => payload.run }),
      outcome: t.field({ type: CancelOutcomeEnum, resolve: (payload) => payload.outcome }),
    }),
  });

builder.mutationFields((t) => ({
  createRun: t.field({
    type: RunRef,
    description:
      "Queues a run on a frozen dataset version. Needs EDITOR. An invalid setting is BAD_USER_INPUT naming it (e.g. config.epochs).",
    authScopes: { authenticated: true },
    args: { input: t.arg({ type: CreateRunInput, required: true }) },
    resolve: (_root, { input }, ctx) =>
      createRun(ctx, {
        versionId: input.versionId,
        name: input.name,
        config: configFromInput(input.config as Record<string, unknown>),
      }),
  }),
  cancelRun: t.field({
    type: CancelRunPayload,
    description: "Needs EDITOR.",
    authScopes: { authenticated: true },
    args: { input: t.arg({ type: RunIdInput, required: true }) },
    resolve: (_root, { input }, ctx) => cancelRun(ctx, input.runId),
  }),
  retryRun: t.field({
    type: RunRef,
    description: "Queues a new run with the same version and config as a FAILED or CANCELLED one. Needs EDITOR.",
    authScopes: { authenticated: true },
    args: { input: t.arg({ type: RunIdInput, required: true }) },
    resolve: (_root, { input }, ctx) => retryRun(ctx, input.runId),
  }),
}));

const RunFilter = builder.inputType("RunFilter", {
  fields: (t) => ({
    datasetId: t.id({ required: false }),
    status: t.field({ type: RunStatusEnum, required: false }),
    backbone: t.string({ required: false }),
    creatorId: t.id({ required: false }),
    createdAfter: t.field({ type: "DateTime", required: false, description: "Inclusive." }),
    createdBefore: t.field({ type: "DateTime", required: false, description: "Exclusive." }),
  }),
});

const RunOrderEnum = builder.enumType("RunOrder", {
  values: {
    CREATED_AT: {},
    VAL_ACCURACY: { description: "Accuracy on the validation split; runs not yet evaluated come last." },
  } as const,
});

const SortDirectionEnum = builder.enumType("SortDirection", { values: ["ASC", "DESC"] as const });

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

const RunComparisonRef = builder.objectRef<RunComparison>("RunComparison").implement({
  fields: (t) => ({
    runs: t.field({ type: [RunRef], resolve: (c) => c.runs }),
    configDifferences: t.field({ type: [ConfigDifferenceRef], resolve: (c) => c.configDifferences }),
    sameFields: t.exposeStringList("sameFields", { description: "Settings all the runs share." }),
    figures: t.field({ type: [RunFiguresRef], description: "In the order of `runs`.", resolve: (c) => c.figures }),
  }),
});

builder.queryFields((t) => ({
  run: t.field({
    type: RunRef,
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, { id }, ctx) => requireRunRole(ctx, id, "VIEWER"),
  }),
  runs: t.connection(
    {
      type: RunRef,
      description: "A team's runs, newest (or most accurate) first by default. Pages forward with first/after.",
      complexity: connectionComplexity,
      args: {
        teamId: t.arg.id({ required: true }),
        filter: t.arg({ type: RunFilter, required: false }),
        orderBy: t.arg({ type: RunOrderEnum, required: false, defaultValue: "CREATED_AT" }),
        direction: t.arg({ type: SortDirectionEnum, required: false, defaultValue: "DESC" }),
      },
      resolve: async (_root, args, ctx) => {
        const teamId = requireUuid(args.teamId, "team");
        await requireTeamRole(ctx, teamId, "VIEWER");
        return listRuns(
          ctx.prisma,
          teamId,
          args.filter ?? {},
          { field: args.orderBy ?? "CREATED_AT", direction: args.direction ?? "DESC" },
          args,
        );
      },
    },
    { name: "RunConnection" },
    { name: "RunEdge" },
  ),
  compareRuns: t.field({
    type: RunComparisonRef,
    complexity: 20,
    description: "Config differences and headline figures of 2 to 10 runs the caller can read.",
    args: { ids: t.arg.idList({ required: true }) },
    resolve: (_root, { ids }, ctx) => compareRuns(ctx, ids),
  }),
}));
