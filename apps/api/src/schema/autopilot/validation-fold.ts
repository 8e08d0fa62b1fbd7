// How a run validates, on the RunConfig object: validationFold, the fold of the version's validation
// split a cross-fitted run (an AUTO run's seed run) validates on (output only: the trainer sets it on
// the seed runs it creates, so RunConfigInput has no such field), and leaveOneOutValidation.
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
  leaveOneOutValidation: t.boolean({
    description:
      "KERNEL head only: the validation images joined the fit and each was scored by the fit without it (leave-one-out), so the model learnt from every labelled image while its validation figures stay out of sample. AUTO sets it on a kernel head's retrain.",
    resolve: (config: RunConfig) => config.leaveOneOutValidation ?? false,
  }),
}));
