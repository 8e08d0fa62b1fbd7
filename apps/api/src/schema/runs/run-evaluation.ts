// Run.evaluation(split): accuracy, per-class P/R/F1, confusion matrix,
// threshold table and (binary) PR curve, computed from the stored predictions.

import { badUserInput, DEFAULT_TARGET_PRECISION, evaluateRunSplit, type SplitEvaluation } from "@headstart/domain";
import type { ClassMetrics, PrPoint, ThresholdPoint } from "@headstart/ml-core";
import { builder } from "../builder.ts";
import { SplitEnum } from "../datasets/dataset-types.ts";
import { RunRef } from "./run-types.ts";

const ClassMetricsRef = builder.objectRef<ClassMetrics>("ClassMetrics").implement({
  fields: (t) => ({
    label: t.exposeString("label"),
    precision: t.exposeFloat("precision"),
    recall: t.exposeFloat("recall"),
    f1: t.exposeFloat("f1"),
    support: t.exposeInt("support", { description: "Images whose given label is this class." }),
  }),
});

const ThresholdPointRef = builder.objectRef<ThresholdPoint>("ThresholdPoint").implement({
  description: "What withholding predictions under `threshold` confidence would do on this split.",
  fields: (t) => ({
    threshold: t.exposeFloat("threshold"),
    precision: t.exposeFloat("precision", { description: "Accuracy of the predictions kept (1 when none are kept)." }),
    recall: t.exposeFloat("recall", { description: "Share of images that keep a prediction (coverage)." }),
    withheld: t.exposeFloat("withheld", { description: "Share of images sent to a person." }),
  }),
});

const PrPointRef = builder.objectRef<PrPoint>("PrPoint").implement({
  fields: (t) => ({
    threshold: t.exposeFloat("threshold"),
    precision: t.exposeFloat("precision"),
    recall: t.exposeFloat("recall"),
  }),
});

const RunEvaluationRef = builder.objectRef<SplitEvaluation>("RunEvaluation").implement({
  fields: (t) => ({
    split: t.field({ type: SplitEnum, resolve: (e) => e.split }),
    count: t.exposeInt("count", { description: "Images evaluated." }),
    labels: t.exposeStringList("labels", { description: "Class order of the matrix rows and columns." }),
    accuracy: t.exposeFloat("accuracy"),
    macroF1: t.exposeFloat("macroF1"),
    perClass: t.field({ type: [ClassMetricsRef], resolve: (e) => e.perClass }),
    confusionMatrix: t.field({
      type: t.listRef(t.listRef("Int")),
      description: "confusionMatrix[given][predicted] = image count, in `labels` order.",
      resolve: (e) => e.confusion,
    }),
    threshold: t.exposeFloat("threshold", { description: "The run's withholding threshold." }),
    withheldAtThreshold: t.exposeInt("withheldAtThreshold", {
      description: "Images whose top probability is under it.",
    }),
    thresholds: t.field({ type: [ThresholdPointRef], resolve: (e) => e.thresholds }),
    targetPrecision: t.exposeFloat("targetPrecision"),
    recommendedThreshold: t.exposeFloat("recommendedThreshold", {
      nullable: true,
      description: "Lowest threshold whose kept predictions reach targetPrecision; null when none does.",
    }),
    positiveLabel: t.exposeString("positiveLabel", {
      nullable: true,
      description: "Binary runs: the class the PR curve treats as positive.",
    }),
    prCurve: t.field({
      type: [PrPointRef],
      nullable: true,
      description: "Binary runs only.",
      resolve: (e) => e.prCurve?.points ?? null,
    }),
    averagePrecision: t.float({ nullable: true, resolve: (e) => e.prCurve?.averagePrecision ?? null }),
  }),
});

builder.objectField(RunRef, "evaluation", (t) =>
  t.field({
    type: RunEvaluationRef,
    nullable: true,
    complexity: 10,
    description:
      "Figures on one split from the run's stored predictions; null until the run has evaluated (or for multilabel runs).",
    args: {
      split: t.arg({ type: SplitEnum, required: false, defaultValue: "VAL" }),
      targetPrecision: t.arg.float({
        required: false,
        defaultValue: DEFAULT_TARGET_PRECISION,
        description: "For recommendedThreshold.",
      }),
    },
    resolve: (run, args, ctx) => {
      const target = args.targetPrecision ?? DEFAULT_TARGET_PRECISION;
      if (!(target > 0 && target <= 1))
        throw badUserInput("targetPrecision must be greater than 0 and at most 1.", "targetPrecision");
      return evaluateRunSplit(ctx.prisma, run, args.split ?? "VAL", target);
    },
  }),
);
