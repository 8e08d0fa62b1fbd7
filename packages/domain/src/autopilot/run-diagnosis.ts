// Diagnosis of a finished run (issue 12): ml-core's rules over the run's stored curves, figures, config
// and dataset counts, each with the config to start next ("start this run": the run's own settings
// with the rule's change on top, validated like any createRun input).

import type { Run } from "@headstart/db";
import { type Diagnosis, diagnoseRun, type EpochMetrics, type RecipeConfig } from "@headstart/ml-core";
import { headKindOf, parseDatasetSnapshot, parseRunConfig, type RunConfig } from "@headstart/runs";
import type { Caller } from "../accounts/caller.ts";
import { requireRunRole } from "../runs/run-access.ts";
import { TASK_MODES } from "./recommend-config.ts";
import { runBaselineOf } from "./run-baseline.ts";

export interface RunDiagnosisItem {
  kind: Diagnosis["code"];
  severity: Diagnosis["severity"];
  /** What the figures show and what to try, in two plain sentences. */
  message: string;
  finding: string;
  advice: string;
  /** A complete createRun config (no seed: the new run draws its own), or null when the fix is in the data. */
  suggestedConfig: Record<string, unknown> | null;
}

/** The settings a finished run actually trained with: an AUTO run's are those of the model it kept (its retrained winner's, unless a trial or another seed validated better). */
export function trainedConfigOf(run: Pick<Run, "config" | "autoSummary">): RunConfig {
  const summary = run.autoSummary as { final?: { config?: unknown }; retrain?: { config?: unknown } } | null;
  return parseRunConfig(summary?.final?.config ?? summary?.retrain?.config ?? run.config);
}

function recipeOf(config: RunConfig): RecipeConfig {
  return {
    backbone: config.backbone === "scratch" || config.backbone === "gradients" ? config.backbone : "mobilenet_v2",
    inputSize: config.inputSize,
    featureLayer: config.featureLayer ?? undefined,
    batchSize: config.batchSize,
    epochs: config.epochs,
    learningRate: config.learningRate,
    optimizer: config.optimizer,
    schedule: config.schedule,
    labelSmoothing: config.labelSmoothing,
    weightDecay: config.weightDecay,
    augmentation: config.augmentation,
    headKind: headKindOf(config),
    headUnits: config.headUnits,
    dropout: config.dropout,
    fineTuneBlocks: config.fineTuneBlocks,
    fineTuneEpochs: config.fineTuneEpochs,
    fineTuneLearningRate: config.fineTuneLearningRate,
    fineTuneLayerDecay: config.fineTuneLayerDecay,
    earlyStoppingPatience: config.earlyStoppingPatience,
  };
}

/** The run's config with a diagnosis's change on top, as a createRun input; null when there is no change or it does not validate. */
export function suggestedConfigOf(config: RunConfig, change: Partial<RecipeConfig>): Record<string, unknown> | null {
  if (Object.keys(change).length === 0) return null;
  // A validation fold is set by AUTO on its cross-fitted seeds, not by users: createRun does not take it,
  // and a suggested run validates on the whole split.
  const { seed: _seed, auto: _auto, validationFold: _fold, ...rest } = config;
  const next: Record<string, unknown> = { ...rest, ...change, strategy: "MANUAL" };
  // A scratch CNN has no cut to read, nor frozen features for a kernel head; fine-tuning reads the top of the backbone.
  if (next.backbone === "scratch") next.headKind = "dense";
  if (next.backbone === "scratch" || next.backbone === "gradients") {
    delete next.featureLayer;
    next.fineTuneBlocks = 0;
  } else if ((next.fineTuneBlocks as number) > 0) next.featureLayer = "out_relu";
  else if (next.featureLayer === undefined) next.featureLayer = config.featureLayer ?? "out_relu";
  try {
    parseRunConfig(next);
    return next;
  } catch {
    return null;
  }
}

/** The diagnosis of a SUCCEEDED run, most serious first; [] for runs that have not finished training. */
export async function diagnoseStoredRun(prisma: Caller["prisma"], run: Run): Promise<RunDiagnosisItem[]> {
  if (run.status !== "SUCCEEDED") return [];
  const metrics = (run.metrics ?? {}) as { valAccuracy?: number; stoppedEarly?: boolean };
  const [epochs, version] = await Promise.all([
    prisma.epochMetric.findMany({ where: { runId: run.id }, orderBy: { epoch: "asc" } }),
    prisma.datasetVersion.findUniqueOrThrow({ where: { id: run.versionId }, select: { snapshot: true } }),
  ]);
  const snapshot = parseDatasetSnapshot(version.snapshot);
  const train = snapshot.images.filter((image) => image.split === "TRAIN");
  const trainCounts = snapshot.labels.map((label) => train.filter((image) => image.labels.includes(label)).length);
  const config = trainedConfigOf(run);
  const history: EpochMetrics[] = epochs.map((e) => ({
    epoch: e.epoch,
    phase: e.phase === "fine-tune" ? "fine-tune" : "head",
    loss: e.loss,
    acc: e.acc,
    valLoss: e.valLoss,
    valAcc: e.valAcc,
    seconds: e.seconds,
  }));
  const diagnoses = diagnoseRun({
    history,
    stoppedEarly: metrics.stoppedEarly ?? false,
    config: recipeOf(config),
    labels: snapshot.labels,
    trainCounts,
    valAccuracy: metrics.valAccuracy ?? null,
    baselineValAccuracy: runBaselineOf(run)?.valAccuracy ?? null,
    classMode: TASK_MODES[snapshot.task],
  });
  return diagnoses.map((d) => ({
    kind: d.code,
    severity: d.severity,
    message: `${d.finding} ${d.advice}`,
    finding: d.finding,
    advice: d.advice,
    suggestedConfig: suggestedConfigOf(config, d.change),
  }));
}

/** Needs VIEWER in the run's team. */
export async function diagnoseRunById(ctx: Caller, runId: string): Promise<RunDiagnosisItem[]> {
  const run = await requireRunRole(ctx, runId, "VIEWER");
  return diagnoseStoredRun(ctx.prisma, run);
}
