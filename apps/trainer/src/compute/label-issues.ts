// Suspected label issues among a run's training images: confident learning over out-of-sample
// probabilities from k-fold heads on the cached embeddings, pooled with pixel-level members
// (evaluation.ts labelIssueRows: weights fitted on the given labels).
// Kept apart from attempt.ts so the training path and the label-issue ensemble change independently.

import {
  type Backbone,
  crossValidatedProbabilities,
  type EmbeddingStore,
  featurize,
  type HeadConfig,
  type InferenceOptions,
  type PixelDecoder,
} from "@headstart/ml-core";
import { type LabelIssueSummary, labelIssueRows, type PredictionRow } from "../evaluation.ts";
import {
  gradientOutOfFoldProbabilities,
  patchOutOfFoldProbabilities,
  pixelNeighborProbabilities,
  pixelOutOfFoldProbabilities,
  pixelRowsOf,
} from "../label-issue-pixels.ts";
import type { AttemptIO, Dataset, Timer } from "./attempt.ts";
import type { AttemptInput } from "./protocol.ts";
import { SplitMemo, workerSplitMemo } from "./split-memo.ts";

/** Folds for the out-of-sample probabilities confident learning needs. */
const LABEL_ISSUE_FOLDS = 5;

export interface LabelIssueInput {
  input: AttemptInput;
  io: AttemptIO;
  dataset: Dataset;
  /** The run's unmodified backbone: its plain embeddings are already in the store. */
  backbone: Backbone;
  store: EmbeddingStore;
  inference: InferenceOptions;
  time: Timer;
  /** The worker's shared 28-px pixel decoder (the pixel baseline reads the same pixels). */
  decode: PixelDecoder;
  /** The run's head settings; every fold trains with them. */
  headConfig: HeadConfig;
}

/**
 * Confident learning over the training images, on out-of-sample probabilities from k-fold heads
 * trained on the cached plain embeddings (the training pass already stored them, so no image is
 * embedded again).
 */
export async function findTrainingLabelIssues({
  input,
  io,
  dataset,
  backbone,
  store,
  inference,
  time,
  decode,
  headConfig,
}: LabelIssueInput): Promise<{
  rows: PredictionRow[];
  issues: number;
  folds: number;
  summary: LabelIssueSummary | null;
}> {
  const { config, runId } = input;
  const { classMode } = dataset;
  const train = dataset.images.filter((image) => image.split === "train");
  const perClass = dataset.labels.map((_, c) => train.filter((image) => image.labels[0] === c).length);
  // Multilabel has no single given label to contradict; tiny classes cannot be split into folds.
  if (classMode === "multilabel" || Math.min(...perClass) < 2) return { rows: [], issues: 0, folds: 0, summary: null };
  const folds = Math.min(LABEL_ISSUE_FOLDS, Math.min(...perClass));
  io.progress({ stage: "evaluating", step: "label-issues", done: 0, total: folds });
  // Timed apart (Run.metrics.evaluationSeconds): the stages a warm run still spends time on.
  const vectors = await time("labelIssueEmbeddings", () =>
    featurize({
      backbone,
      store,
      augmentation: null,
      batchSize: Math.max(config.batchSize, 32),
      inference,
      signal: io.signal,
      requests: train.map((image) => ({ image })),
    }),
  );
  const probabilities = await time("labelIssueFolds", () =>
    crossValidatedProbabilities({
      classMode,
      classCount: dataset.labels.length,
      vectors,
      labels: train.map((image) => image.labels[0]!),
      folds,
      // Every fold trains for the run's full epochs: there is no fold-local validation to stop on.
      config: { ...headConfig, earlyStoppingPatience: null },
      signal: io.signal,
      onFold: (done, total) => io.progress({ stage: "evaluating", step: "label-issues", done, total }),
    }),
  );
  const scored = train.map((image, i) => ({
    image: dataset.bySha.get(image.sha256)!,
    probabilities: probabilities[i]!,
  }));
  // The ensemble's pixel members on the same images (label-issue-pixels.ts): logistic regression
  // out-of-fold on the pixels, on their gradient histograms and on k-means patch features, and a
  // leave-one-out nearest-neighbour vote. They depend on the training images,
  // their labels, the folds and the seed only, so a run of a version this worker has seen reuses them.
  const given = train.map((image) => image.labels[0]!);
  const classCount = dataset.labels.length;
  const pixelMembers = async () => {
    const pixelRows = await pixelRowsOf(train, io.signal, decode);
    const request = { rows: pixelRows, labels: given, classCount, folds, seed: config.seed, signal: io.signal };
    // In turn, not at once: each member is a CPU-bound fit on this worker's thread.
    const computed: { name: string; probabilities: Float32Array[] }[] = [];
    for (const [name, fit] of [
      ["pixel_lr", pixelOutOfFoldProbabilities],
      ["pixel_gradient_lr", gradientOutOfFoldProbabilities],
      ["patch_lr", patchOutOfFoldProbabilities],
    ] as const)
      computed.push({ name, probabilities: await fit(request) });
    const neighbors = pixelNeighborProbabilities(pixelRows, given, classCount);
    if (neighbors) computed.push({ name: "pixel_knn", probabilities: neighbors });
    return computed;
  };
  const membersKey = SplitMemo.key(
    "label-issue-pixel-members",
    classCount,
    folds,
    config.seed,
    train.map((image) => [image.sha256, image.labels[0]]),
  );
  const members = await time("labelIssuePixels", () => workerSplitMemo.get(membersKey, pixelMembers));
  return { ...labelIssueRows(runId, scored, dataset.labels, members), folds };
}
