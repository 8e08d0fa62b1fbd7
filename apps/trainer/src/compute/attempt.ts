// The compute of one attempt, on a worker thread: backbone, embeddings (through the shared cache the
// main thread proxies), training with checkpoints, evaluation, label issues (label-issues.ts) and model export.
// It reaches Postgres and the blob store only through `AttemptIO`, so nothing here waits on I/O
// that the main thread's leases depend on, and nothing there waits on tfjs.

import {
  type Backbone,
  CheckpointError,
  type CheckpointIO,
  cutBackbone,
  decodeCheckpoint,
  type EmbeddingStore,
  encodeCheckpoint,
  exportModel,
  exportOnnxModel,
  featurize,
  type HeadConfig,
  type InferenceOptions,
  isOnnxConversionError,
  type LabelledImage,
  type ModelManifest,
  ONNX_INPUT_NAME,
  ONNX_OUTPUT_NAME,
  type PixelDecoder,
  predict,
  predictVectors,
  type TrainConfig,
  type TrainingCheckpoint,
  type TrainProgress,
  type TrainResult,
  trainClassifier,
} from "@headstart/ml-core";
import { headKindOf, plannedEpochs, type RunConfig, type RunProgress, type SnapshotImage } from "@headstart/runs";
import type { BackboneCache } from "../backbones.ts";
import { evaluateSplit, type PredictionRow, predictionRows, type Scored } from "../evaluation.ts";
import { cacheTestEmbeddings } from "../leak-check-embeddings.ts";
import { AttemptVectors } from "./attempt-vectors.ts";
import { workerDecodedPixels } from "./decoded-pixels.ts";
import { findTrainingLabelIssues } from "./label-issues.ts";
import type { AttemptInput, AttemptResult, CheckpointSave, OnnxExport } from "./protocol.ts";
import { runPixelBaseline } from "./run-baseline.ts";
import { SplitMemo, workerSplitMemo } from "./split-memo.ts";

/** The deployable ONNX graph's file name in the full model's bundle (and in the download zip's full/). */
export const ONNX_MODEL_FILE = "model.onnx";

/** What the attempt asks of the main thread. */
export interface AttemptIO {
  readImage(image: SnapshotImage): Promise<Uint8Array>;
  store: EmbeddingStore;
  checkpointRead(): Promise<Uint8Array | null>;
  checkpointSave(save: CheckpointSave): Promise<void>;
  resetEpochs(): Promise<void>;
  progress(progress: RunProgress): void;
  finishing(): void;
  log(message: string): void;
  /** Aborted when the main thread stops the attempt; ml-core checks it at every batch. */
  signal: AbortSignal;
}

const EMBED_PASSES = { embed: "images", augment: "augmented", "fine-tune-activations": "activations" } as const;

/**
 * The pixel baseline and the label-issue pixel models read the same 28-px pixels: decoded once, and
 * kept by this worker for the next runs of the version (decoded-pixels.ts).
 */
const decodePixels: PixelDecoder = (images, size, signal) => workerDecodedPixels.decode(images, size, signal);

/** A test image as ml-core's featurize takes it: its embedding is keyed by content, not by split or label. */
function testImageOf(image: SnapshotImage, io: AttemptIO): LabelledImage {
  return { sha256: image.sha256, read: () => io.readImage(image), labels: [], split: "val", name: image.id };
}

/** Runs `work`, adding its seconds to a record's `[name]`. */
export type Timer = <T>(name: string, work: () => Promise<T>) => Promise<T>;

function timerInto(record: Record<string, number>): Timer {
  return async (name, work) => {
    const t0 = performance.now();
    try {
      return await work();
    } finally {
      record[name] = (record[name] ?? 0) + (performance.now() - t0) / 1000;
    }
  };
}

/**
 * Where the train stage's seconds go, logged per attempt: when each of ml-core's progress stages
 * (embed, augment, train, fine-tune) first and last reported, and the seconds spent waiting on the
 * main thread for embedding-cache lookups and writes. Cheap enough to keep on.
 */
class StageProfile {
  private readonly t0 = performance.now();
  private readonly spans = new Map<string, { first: number; last: number; calls: number }>();
  private readonly waits = new Map<string, number>();

  mark(stage: string): void {
    const now = performance.now() - this.t0;
    const span = this.spans.get(stage);
    if (span) {
      span.last = now;
      span.calls += 1;
    } else this.spans.set(stage, { first: now, last: now, calls: 1 });
  }

  async wait<T>(name: string, work: () => Promise<T>): Promise<T> {
    const t0 = performance.now();
    try {
      return await work();
    } finally {
      this.waits.set(name, (this.waits.get(name) ?? 0) + performance.now() - t0);
    }
  }

  summary(): string {
    const s = (ms: number) => (ms / 1000).toFixed(2);
    const spans = [...this.spans].map(([stage, span]) => `${stage} ${s(span.first)}→${s(span.last)} s (${span.calls})`);
    const waits = [...this.waits].map(([name, ms]) => `${name} ${s(ms)} s`);
    return `${[...spans, ...waits].join(", ")}, total ${s(performance.now() - this.t0)} s`;
  }
}

/** Thrown between steps once the main thread stopped the attempt (it knows why). */
export class AttemptStoppedError extends Error {
  constructor() {
    super("the attempt was stopped");
    this.name = "AttemptStoppedError";
  }
}

// A randomly initialised base has nothing worth freezing: `scratch` is the
// from-scratch baseline, so all of it trains with the head from the first epoch.
function trainsEndToEnd(config: RunConfig): boolean {
  return config.backbone === "scratch";
}

export function headConfigOf(config: RunConfig): HeadConfig {
  return {
    batchSize: config.batchSize,
    epochs: config.epochs,
    learningRate: config.learningRate,
    optimizer: config.optimizer,
    headUnits: config.headUnits,
    dropout: config.dropout,
    earlyStoppingPatience: config.earlyStoppingPatience,
    seed: config.seed,
    schedule: config.schedule,
    labelSmoothing: config.labelSmoothing,
    weightDecay: config.weightDecay,
  };
}

/** The run's settings as ml-core's trainClassifier takes them (featureLayer is applied to the backbone instead). */
export function trainConfigOf(config: RunConfig): TrainConfig {
  return {
    ...headConfigOf(config),
    headKind: headKindOf(config),
    endToEnd: trainsEndToEnd(config),
    augmentation: config.augmentation,
    fineTuneBlocks: config.fineTuneBlocks,
    fineTuneEpochs: config.fineTuneEpochs,
    fineTuneLearningRate: config.fineTuneLearningRate,
    fineTuneLayerDecay: config.fineTuneLayerDecay,
    leaveOneOutValidation: config.leaveOneOutValidation,
  };
}

/**
 * The frozen feature extractor a run's head reads: the whole backbone, or (featureLayer below
 * out_relu) the pooled output of a lower MobileNetV2 block. The cut shares the loaded backbone's
 * layers, and its version names the cut, so its cached embeddings never mix with the full one's.
 */
function featureExtractorOf(backbone: Backbone, config: RunConfig): Backbone {
  return config.featureLayer && config.featureLayer !== "out_relu"
    ? cutBackbone(backbone, config.featureLayer)
    : backbone;
}

export interface Dataset {
  labels: string[];
  classMode: AttemptInput["classMode"];
  images: LabelledImage[];
  test: SnapshotImage[];
  bySha: Map<string, SnapshotImage>;
}

function datasetOf(input: AttemptInput, io: AttemptIO): Dataset {
  const labelIndex = new Map(input.labels.map((label, i) => [label, i]));
  const bySha = new Map<string, SnapshotImage>();
  const images = input.images.map((image): LabelledImage => {
    bySha.set(image.sha256, image);
    return {
      sha256: image.sha256,
      read: () => io.readImage(image),
      labels: image.labels.map((label) => labelIndex.get(label)!),
      split: image.split === "TRAIN" ? "train" : "val",
      name: image.id,
    };
  });
  return { labels: input.labels, classMode: input.classMode, images, test: input.test, bySha };
}

/** Trains, evaluates and exports; throws what ml-core throws (TrainingAbortedError once the signal aborts). */
export async function computeAttempt(
  input: AttemptInput,
  io: AttemptIO,
  backbones: BackboneCache,
  inference: InferenceOptions,
): Promise<AttemptResult> {
  const { config } = input;
  const seconds: Record<string, number> = {};
  const time = timerInto(seconds);
  const dataset = datasetOf(input, io);
  // Fine-tuning (and end-to-end training) changes the backbone's weights in place, so such a run
  // gets a backbone of its own; the shared one must stay pristine, since cached embeddings are keyed
  // by its identity.
  const pristine = featureExtractorOf(await time("backbone", () => backbones.get(config)), config);
  const backbone =
    config.fineTuneBlocks > 0 || trainsEndToEnd(config)
      ? await time("backbone", () => backbones.loadPrivate(config))
      : pristine;
  try {
    return await trainAndEvaluate(input, io, dataset, pristine, backbone, inference, time, seconds);
  } finally {
    if (backbone !== pristine) backbone.dispose();
  }
}

async function trainAndEvaluate(
  input: AttemptInput,
  io: AttemptIO,
  dataset: Dataset,
  pristine: Backbone,
  backbone: Backbone,
  inference: InferenceOptions,
  time: <T>(name: string, work: () => Promise<T>) => Promise<T>,
  seconds: Record<string, number>,
): Promise<AttemptResult> {
  const { config, runId, attempt } = input;
  const { signal } = io;
  const throwIfStopped = () => {
    if (signal.aborted) throw new AttemptStoppedError();
  };

  let epochsDone = 0;
  let embedding = { cached: 0, total: 0 };
  const profile = new StageProfile();
  const onProgress = (p: TrainProgress) => {
    profile.mark(p.stage);
    if (p.stage === "train" || p.stage === "fine-tune") {
      io.progress({
        stage: "training",
        phase: p.stage === "train" ? "head" : "fine-tune",
        epoch: epochsDone + 1,
        epochs: plannedEpochs(config),
        batch: p.done,
        batches: p.total,
      });
    } else {
      io.progress({ stage: "embedding", pass: EMBED_PASSES[p.stage], done: p.done, total: p.total });
    }
  };
  // Lookups of keys this attempt has already seen are answered on the worker (attempt-vectors.ts).
  const attemptStore = new AttemptVectors({
    getMany: (keys) => profile.wait("cacheGet", () => io.store.getMany(keys)),
    putMany: (entries) => profile.wait("cachePut", () => io.store.putMany(entries)),
  });
  // Count what the shared cache saved us: every lookup passes here.
  const countingStore: EmbeddingStore = {
    getMany: async (keys) => {
      const found = await attemptStore.getMany(keys);
      embedding = { cached: embedding.cached + found.size, total: embedding.total + keys.length };
      return found;
    },
    putMany: (entries) => attemptStore.putMany(entries),
  };

  let resumedFromEpoch = 0;
  // Checkpoint saves are pipelined one deep: an epoch's save (blob write, then its row and EpochMetric
  // in one transaction, on the main thread) runs while the next epoch trains, and the next save first
  // waits for it, so saves land in epoch order and at most one is in flight. Awaiting each one held a
  // warm run's head training up for 0.3-0.6 s of its 0.5-0.9 s. Training ends (and a failed attempt
  // reports) only once the last save has landed; a failed save fails the attempt as before, at the
  // next save or at the end of training.
  let pendingSave: Promise<void> | null = null;
  const settleSave = async (): Promise<void> => {
    const saving = pendingSave;
    pendingSave = null;
    if (saving) await profile.wait("checkpointWait", () => saving);
  };
  const checkpoints: CheckpointIO = {
    async load(): Promise<TrainingCheckpoint | null> {
      const bytes = await io.checkpointRead();
      if (bytes) {
        try {
          const checkpoint = decodeCheckpoint(bytes);
          resumedFromEpoch = checkpoint.history.length;
          io.log(`run ${runId}: resuming after epoch ${checkpoint.history.length} (attempt ${attempt})`);
          return checkpoint;
        } catch (error) {
          io.log(`run ${runId}: checkpoint unusable (${(error as Error).message}); starting from scratch`);
        }
      }
      await io.resetEpochs();
      return null;
    },
    async save(checkpoint: TrainingCheckpoint): Promise<void> {
      throwIfStopped();
      await settleSave();
      throwIfStopped();
      const last = checkpoint.history[checkpoint.history.length - 1]!;
      // Encoded now, while ml-core waits on this call: the bytes are this epoch's weights.
      const saving = io.checkpointSave({
        bytes: encodeCheckpoint(checkpoint),
        phase: checkpoint.phase,
        epoch: checkpoint.epoch,
        metric: {
          // Numbered across phases: fine-tune epochs follow the head's.
          epoch: checkpoint.history.length,
          phase: last.phase,
          loss: last.loss,
          acc: last.acc,
          valLoss: last.valLoss,
          valAcc: last.valAcc,
          seconds: last.seconds,
        },
      });
      // Its failure is thrown by the next settleSave; until then it must not count as unhandled.
      saving.catch(() => undefined);
      pendingSave = saving;
    },
  };

  const attemptTraining = async (): Promise<TrainResult> => {
    let trained: TrainResult;
    try {
      trained = await trainClassifier({
        images: dataset.images,
        labels: dataset.labels,
        classMode: dataset.classMode,
        backbone,
        config: trainConfigOf(config),
        store: countingStore,
        checkpoints,
        inference,
        signal,
        stopTrainingAt: input.stopTrainingAt,
        onProgress,
        onEpoch: () => {
          epochsDone += 1;
        },
      });
    } catch (error) {
      // The attempt reports only once none of its saves is still in flight; the training error is the one told.
      await settleSave().catch(() => undefined);
      throw error;
    } finally {
      epochsDone = Math.max(epochsDone, resumedFromEpoch);
    }
    try {
      await settleSave();
    } catch (error) {
      trained.dispose();
      throw error;
    }
    return trained;
  };

  let result: TrainResult;
  try {
    result = await time("train", attemptTraining);
    io.log(`run ${runId}: train stage ${profile.summary()}`);
  } catch (error) {
    if (!(error instanceof CheckpointError)) throw error;
    // The checkpoint belongs to other data or settings (it cannot, for a pinned version, unless it was
    // tampered with): start this attempt afresh rather than failing the run.
    io.log(`run ${runId}: ${error.message}; restarting from epoch 1`);
    await io.resetEpochs();
    epochsDone = 0;
    resumedFromEpoch = 0;
    result = await time("train", attemptTraining);
  }

  try {
    throwIfStopped();
    io.finishing();
    // Where evaluate's seconds go, apart from Run.metrics.seconds (whose stages add up to the attempt).
    const evaluationSeconds: Record<string, number> = {};
    const { summary, detail, rows } = await time("evaluate", () =>
      evaluate(input, io, dataset, pristine, backbone, result, countingStore, inference, timerInto(evaluationSeconds)),
    );
    throwIfStopped();
    // Logistic regression on the raw pixels of the same split, shown beside the run's figures. It
    // depends on the split alone, so a run of a version this worker has baselined reuses its figures.
    const baselineKey = SplitMemo.key(
      "pixel-baseline",
      input.labels,
      input.classMode,
      input.images.map((image) => [image.sha256, image.split, image.labels]),
      input.test.map((image) => [image.sha256, image.labels]),
    );
    const baseline = await time("baseline", () =>
      workerSplitMemo.get(
        baselineKey,
        () =>
          runPixelBaseline(input, dataset.images, (image) => io.readImage(image), {
            signal,
            log: io.log,
            decode: decodePixels,
          }),
        (figures) => figures !== null,
      ),
    );
    throwIfStopped();
    io.progress({ stage: "saving" });
    const manifest: ModelManifest = { ...manifestFor(dataset, backbone, config), metrics: summary };
    const { full, head, onnx } = await time("export", () => exportModels(result, manifest, io, runId));
    return {
      models: { full: ownedCopies(full), head: ownedCopies(head) },
      manifest,
      onnx,
      metrics: {
        ...detail,
        baseline,
        bestEpoch: result.bestEpoch,
        stoppedEarly: result.stoppedEarly,
        fineTuned: result.fineTuned,
        epochs: result.history.length,
        embeddingCache: { hits: embedding.cached, lookups: embedding.total },
        evaluationSeconds,
      },
      rows,
      seconds,
    };
  } finally {
    result.dispose();
  }
}

/**
 * The full and head-only models as ml-core's files, and the full model as a standalone ONNX graph
 * (`model.onnx`, ×255 and the backbone's preprocessing inside it) for serving outside Headstart. A
 * model with a layer the converter does not handle still gets its tfjs files; why it has no ONNX
 * graph is logged and recorded in its manifest.
 */
async function exportModels(
  result: TrainResult,
  manifest: ModelManifest,
  io: AttemptIO,
  runId: string,
): Promise<{ full: Record<string, Uint8Array>; head: Record<string, Uint8Array>; onnx: OnnxExport }> {
  const { graph, onnx } = deployableGraph(result.model, manifest, (reason) =>
    io.log(`run ${runId}: no ${ONNX_MODEL_FILE} for this model: ${reason}`),
  );
  // The manifest.json inside the bundle says the same as the artifact row: what model.onnx expects.
  const described = { ...manifest, onnx };
  const full = await exportModel(result.model, described);
  const head = await exportModel(result.head, { ...manifest, kind: "head" });
  return { full: graph ? { ...full, [ONNX_MODEL_FILE]: graph } : full, head, onnx };
}

/**
 * A trained model as the standalone `model.onnx` (×255 and the backbone's preprocessing inside it) and the
 * description its manifest and artifact row carry; a model with a layer the converter does not handle
 * gets no graph, the reason in the description, and `onSkipped` told why.
 */
export function deployableGraph(
  model: Parameters<typeof exportOnnxModel>[0],
  manifest: ModelManifest,
  onSkipped: (reason: string) => void,
): { graph: Uint8Array | null; onnx: OnnxExport } {
  try {
    const graph = exportOnnxModel(model, manifest);
    return {
      graph,
      onnx: {
        file: ONNX_MODEL_FILE,
        byteSize: graph.byteLength,
        inputName: ONNX_INPUT_NAME,
        outputName: ONNX_OUTPUT_NAME,
        input: `NHWC float32 in [0, 1], ${manifest.inputSize}x${manifest.inputSize} RGB`,
        preprocessing: `${manifest.preprocessing}, applied inside the graph after scaling the input by 255`,
        output: `one probability per label, in labels order${manifest.classMode === "binary" ? " (binary: [1 - p, p])" : ""}`,
      },
    };
  } catch (error) {
    if (!isOnnxConversionError(error)) throw error;
    onSkipped((error as Error).message);
    return { graph: null, onnx: { skipped: (error as Error).message } };
  }
}

/** Each file in a buffer of its own, so it can be transferred to the main thread instead of copied. */
export function ownedCopies(files: Record<string, Uint8Array>): Record<string, Uint8Array> {
  return Object.fromEntries(Object.entries(files).map(([name, bytes]) => [name, new Uint8Array(bytes)]));
}

interface Evaluation {
  summary: Record<string, number>;
  detail: Record<string, unknown>;
  rows: PredictionRow[];
}

async function evaluate(
  input: AttemptInput,
  io: AttemptIO,
  dataset: Dataset,
  pristine: Backbone,
  backbone: Backbone,
  result: TrainResult,
  store: EmbeddingStore,
  inference: InferenceOptions,
  time: Timer,
): Promise<Evaluation> {
  const { config, runId } = input;
  const { signal } = io;
  const { labels, classMode } = dataset;
  const val: Scored[] = result.validation.images.map((image, i) => ({
    image: dataset.bySha.get(image.sha256)!,
    probabilities: result.validation.probabilities[i]!,
  }));

  // Test images never went through training. A head on the pristine (frozen) features scores their
  // embeddings: the full model is that same backbone and head, and the embeddings are what the
  // near-duplicate check needs cached anyway, so each test image goes through the backbone at most
  // once ever. A fine-tuned or end-to-end model has changed its backbone: it scores their pixels.
  io.progress({ stage: "evaluating", step: "test", done: 0, total: dataset.test.length });
  const test: Scored[] = [];
  const frozen = backbone === pristine;
  if (frozen) {
    const vectors = await featurize({
      backbone: pristine,
      store,
      augmentation: null,
      batchSize: Math.max(config.batchSize, 32),
      inference,
      signal,
      requests: dataset.test.map((image) => ({ image: testImageOf(image, io) })),
    });
    const probabilities = await predictVectors(result.head, classMode, vectors);
    probabilities.forEach((p, k) => test.push({ image: dataset.test[k]!, probabilities: Array.from(p) }));
    io.progress({ stage: "evaluating", step: "test", done: test.length, total: dataset.test.length });
  } else {
    const classifier = { model: result.model, manifest: manifestFor(dataset, backbone, config) };
    for (let start = 0; start < dataset.test.length; start += 32) {
      if (signal.aborted) throw new AttemptStoppedError();
      const batch = dataset.test.slice(start, start + 32);
      const bytes = await Promise.all(batch.map((image) => io.readImage(image)));
      const predictions = await predict(classifier, bytes, { signal, threshold: config.threshold, inference });
      predictions.forEach((p, k) => test.push({ image: batch[k]!, probabilities: p.probabilities }));
      io.progress({ stage: "evaluating", step: "test", done: test.length, total: dataset.test.length });
    }
  }

  const rows = [
    ...predictionRows(runId, val, labels, classMode, config.threshold),
    ...predictionRows(runId, test, labels, classMode, config.threshold),
  ];
  // Label issues are judged on the frozen features (their cached embeddings), even after fine-tuning.
  const labelIssues = await findTrainingLabelIssues({
    input,
    io,
    dataset,
    backbone: pristine,
    store,
    inference,
    time,
    decode: decodePixels,
    headConfig: headConfigOf(input.config),
  });
  rows.push(...labelIssues.rows);
  // Same frozen features for the test images, so the near-duplicate check can see leaks into TEST
  // (a frozen model's test scoring above has cached them already).
  if (!frozen)
    await cacheTestEmbeddings({
      ...io,
      test: dataset.test,
      backbone: pristine,
      store,
      batchSize: config.batchSize,
      inference,
    });

  const valMetrics = evaluateSplit(val, labels, classMode, config.threshold);
  const testMetrics = evaluateSplit(test, labels, classMode, config.threshold);
  const last = result.history[result.history.length - 1];
  const summary: Record<string, number> = {};
  if (valMetrics?.report) {
    summary.valAccuracy = valMetrics.report.accuracy;
    summary.valMacroF1 = valMetrics.report.macroF1;
  }
  if (testMetrics?.report) summary.testAccuracy = testMetrics.report.accuracy;
  if (last?.valLoss != null) summary.valLoss = last.valLoss;
  return {
    summary,
    detail: {
      ...summary,
      threshold: config.threshold,
      recommendedThreshold: valMetrics?.thresholds?.recommended ?? null,
      val: valMetrics,
      test: testMetrics,
      // The flagging's own estimates (how many flagged, from which score, its estimated precision and
      // recall, which members), so the run's page can say how far to trust the flags.
      labelIssues: {
        candidates: labelIssues.issues,
        scored: labelIssues.rows.length,
        folds: labelIssues.folds,
        ...labelIssues.summary,
      },
    },
    rows,
  };
}

function manifestFor(dataset: Dataset, backbone: Backbone, config: RunConfig): ModelManifest {
  return {
    format: "headstart-classifier",
    formatVersion: 1,
    kind: "full",
    labels: dataset.labels,
    classMode: dataset.classMode,
    inputSize: backbone.spec.inputSize,
    preprocessing: backbone.spec.preprocessing,
    backbone: { id: backbone.spec.id, version: backbone.spec.version, featureSize: backbone.spec.featureSize },
    threshold: config.threshold,
    metrics: {},
  };
}
