// RunConfig.validationFold on the RunConfig object: the fold of the version's validation split a
// cross-fitted run (an AUTO run's seed run) validates on. Output only: the trainer sets it on the
// seed runs it creates, so RunConfigInput has no such field.
import type { RunConfig, ValidationFold } from "@headstart/runs";
import { builder } from "../builder.ts";
import { RunConfigRef } from "../runs/run-types.ts";

export const ValidationFoldRef = builder.objectRef<ValidationFold>("ValidationFold").implement({
  description:
    "One fold of a version's validation split (stratified by class, the same for every run of the version). The run trained on the validation images outside it and validated on it alone.",
  fields: (t) => ({
    index: t.exposeInt("index", { description: "The fold validated on, 0-based." }),
    count: t.exposeInt("count", { description: "Folds the validation split is cut into (2 to 10)." }),
  }),
});

builder.objectFields(RunConfigRef, (t) => ({
  validationFold: t.field({
    type: ValidationFoldRef,
    nullable: true,
    description:
      "Set on an AUTO run's cross-fitted seed runs: the validation images outside this fold joined the training split. Null = the version's splits as they are.",
    // Configs stored before the field existed have no key: they used the version's splits.
    resolve: (config: RunConfig) => config.validationFold ?? null,
  }),
}));
