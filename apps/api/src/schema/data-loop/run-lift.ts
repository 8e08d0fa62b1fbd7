// Run.lift: this run beside the previous finished run of its dataset on an
// earlier version (accuracy, per class, label fixes applied in between).
// Service: packages/domain/src/data-loop/run-lift.ts.
import { type ClassLift, type RunLift, runLift } from "@headstart/domain";
import { builder } from "../builder.ts";
import { SplitEnum } from "../datasets/dataset-types.ts";
import { RunRef } from "../runs/run-types.ts";

const ClassLiftRef = builder.objectRef<ClassLift>("ClassLift").implement({
  fields: (t) => ({
    label: t.exposeString("label"),
    f1: t.exposeFloat("f1"),
    previousF1: t.exposeFloat("previousF1"),
    recall: t.exposeFloat("recall"),
    previousRecall: t.exposeFloat("previousRecall"),
  }),
});

const RunLiftRef = builder.objectRef<RunLift>("RunLift").implement({
  description: "What changed since the previous run on an earlier version of the dataset, and what it bought.",
  fields: (t) => ({
    previousRun: t.field({
      type: RunRef,
      resolve: (lift, _args, ctx) => ctx.prisma.run.findUniqueOrThrow({ where: { id: lift.previousRunId } }),
    }),
    previousVersionNumber: t.exposeInt("previousVersionNumber"),
    versionNumber: t.exposeInt("versionNumber"),
    split: t.field({
      type: SplitEnum,
      description: "Where both runs were measured (TEST when both have it).",
      resolve: (l) => l.split,
    }),
    accuracy: t.exposeFloat("accuracy"),
    previousAccuracy: t.exposeFloat("previousAccuracy"),
    accuracyDelta: t.exposeFloat("accuracyDelta"),
    perClass: t.field({ type: [ClassLiftRef], resolve: (l) => l.perClass }),
    relabelled: t.exposeInt("relabelled", { description: "Label fixes between the two versions." }),
    relabelledFlagged: t.exposeInt("relabelledFlagged", {
      description: "Of those, how many the previous run had flagged as suspected label issues.",
    }),
    relabelledInSplit: t.exposeInt("relabelledInSplit", {
      description: "Relabels inside the compared split: they change its answer key too.",
    }),
    removed: t.exposeInt("removed", { description: "Images left out of this version (excluded or deleted)." }),
    added: t.exposeInt("added"),
  }),
});

builder.objectField(RunRef, "lift", (t) =>
  t.field({
    type: RunLiftRef,
    nullable: true,
    description:
      "This run beside the previous finished run on an earlier version of its dataset; null when there is none. Needs VIEWER.",
    complexity: 10,
    resolve: (run, _args, ctx) => runLift(ctx, run.id),
  }),
);
