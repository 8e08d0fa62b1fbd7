// Issue 12's run settings on the RunConfig object (the head kind, schedule, label smoothing, weight decay, the
// frozen features' cut, discriminative fine-tuning, the AUTO strategy and its search settings).
// Their input fields are on RunConfigInput in runs/run-inputs.ts.
import { type AutoConfig, headKindOf, type RunConfig } from "@headstart/runs";
import { builder } from "../builder.ts";
import { RunConfigRef } from "../runs/run-types.ts";

export const ScheduleEnum = builder.enumType("Schedule", {
  description: "How the learning rate moves over each phase's epochs.",
  values: {
    CONSTANT: { value: "constant" },
    COSINE: { value: "cosine", description: "Down to zero along a half cosine." },
    ONE_CYCLE: { value: "one-cycle", description: "Up for the first part, then down (suits training from scratch)." },
  } as const,
});

export const HeadKindEnum = builder.enumType("HeadKind", {
  description: "What reads the frozen features.",
  values: {
    DENSE: {
      value: "dense",
      description: "The reference head, Dense(headUnits, relu) → Dropout → Dense, trained by gradient steps.",
    },
    KERNEL: {
      value: "kernel",
      description:
        "A Gaussian-kernel ridge classifier with every training image as a centre, solved in closed form (width and ridge by leave-one-out cross-validation); no epochs, rate, dropout or augmentation. Binary and multiclass, up to 2000 training images, frozen features only (not scratch, not fine-tuning).",
    },
  } as const,
});

export const RunStrategyEnum = builder.enumType("RunStrategy", {
  values: {
    MANUAL: { description: "Trains the config as given." },
    AUTO: {
      description:
        "Measures the dataset, searches candidate configs as child trial runs (successive halving) within `auto.budgetSeconds`, then retrains the winner as this run.",
    },
  } as const,
});

export const AutoSearchRef = builder.objectRef<AutoConfig>("AutoSearch").implement({
  description: "The search settings of an AUTO run.",
  fields: (t) => ({
    budgetSeconds: t.exposeInt("budgetSeconds", {
      description: "Wall-clock budget of measuring, the search and the winner's retrain.",
    }),
    maxTrials: t.exposeInt("maxTrials", { description: "Candidate configs tried in the first rung." }),
    minEpochs: t.exposeInt("minEpochs", { description: "Epochs each trial gets in the first rung." }),
    eta: t.exposeInt("eta", { description: "Each rung keeps the best 1/eta trials and gives them eta× the epochs." }),
  }),
});

export const AutoSearchInput = builder.inputType("AutoSearchInput", {
  description: "Omitted fields take the defaults: 600 s, 4 trials, 3 epochs in the first rung, eta 3.",
  fields: (t) => ({
    budgetSeconds: t.int({ required: false, description: "30 to 86400 seconds." }),
    maxTrials: t.int({ required: false, description: "1 to 16." }),
    minEpochs: t.int({ required: false }),
    eta: t.int({ required: false, description: "2 to 4." }),
  }),
});

builder.objectFields(RunConfigRef, (t) => ({
  headKind: t.field({ type: HeadKindEnum, resolve: (config: RunConfig) => headKindOf(config) }),
  schedule: t.field({ type: ScheduleEnum, resolve: (config: RunConfig) => config.schedule ?? "constant" }),
  labelSmoothing: t.float({ resolve: (config: RunConfig) => config.labelSmoothing ?? 0 }),
  weightDecay: t.float({
    description: "Decoupled weight decay (AdamW with Adam); 0 = off.",
    resolve: (config: RunConfig) => config.weightDecay ?? 0,
  }),
  featureLayer: t.string({
    nullable: true,
    description:
      'mobilenet_v2: the block whose pooled output the head reads ("block_10", "block_13", "block_16" or "out_relu"); null for scratch.',
    resolve: (config: RunConfig) => config.featureLayer ?? (config.backbone === "mobilenet_v2" ? "out_relu" : null),
  }),
  fineTuneLayerDecay: t.float({
    description: "Each unfrozen block below the top trains at this factor of the rate of the block above.",
    resolve: (config: RunConfig) => config.fineTuneLayerDecay ?? 1,
  }),
  strategy: t.field({ type: RunStrategyEnum, resolve: (config: RunConfig) => config.strategy ?? "MANUAL" }),
  auto: t.field({
    type: AutoSearchRef,
    nullable: true,
    description: "Set when strategy is AUTO.",
    resolve: (config: RunConfig) => config.auto ?? null,
  }),
}));
