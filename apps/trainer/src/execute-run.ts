// One attempt of one run, from the claimed lease to its final status:
// load the pinned dataset version, train with ml-core (resuming from the last
// checkpoint), evaluate, store the model, then SUCCEEDED, all in one place so
// the order of those steps and what happens when one fails is plain to see.

import {
  type Backbone,
  CheckpointError,
  type ClassMode,
  crossValidatedProbabilities,
  type EmbeddingStore,
  exportModel,
  featurize,
  type HeadConfig,
  type ModelManifest,
  predict,
  type TrainConfig,
  type TrainProgress,
  type TrainResult,
  trainClassifier,
} from "@headstart/ml-core";
import {
  type Db,
  finishRun,
  LeaseLostError,
  parseRunConfig,
  plannedEpochs,
  type RunConfig,
  type RunEventHub,
  type RunLease,
  releaseRun,
  resetEpochs,
  storeModelBundle,
} from "@headstart/runs";
import type { BlobStore } from "@headstart/storage";
import type { BackboneCache } from "./backbones.ts";
import { discardCheckpoint, runCheckpoints } from "./checkpoints.ts";
import { evaluateSplit, labelIssueRows, type PredictionRow, predictionRows, type Scored } from "./evaluation.ts";
import { loadRunDataset, type RunDataset, readImage } from "./run-dataset.ts";
import { RunSession, RunStoppedError } from "./run-session.ts";

export interface ExecutorDeps {
  db: Db;
  hub: RunEventHub;
  blobs: BlobStore;
  backbones: BackboneCache;
  store: EmbeddingStore;
  heartbeatIntervalMs: number;
  progressIntervalMs: number;
  log: (message: string) => void;
}

export type AttemptOutcome = "SUCCEEDED" | "FAILED" | "CANCELLED" | "RELEASED" | "LOST";

/** Folds for the out-of-sample probabilities confident learning needs. */
const LABEL_ISSUE_FOLDS = 5;

const EMBED_PASSES = { embed: "images", augment: "augmented", "fine-tune-activations": "activations" } as const;

// A randomly initialised base has nothing worth freezing: `scratch` is the
// from-scratch baseline, so all of it trains with the head from the first epoch.
function trainsEndToEnd(config: RunConfig): boolean {
  return config.backbone === "scratch";
}

function headConfigOf(config: RunConfig): HeadConfig {
  return {
    batchSize: config.batchSize,
    epochs: config.epochs,
    learningRate: config.learningRate,
    optimizer: config.optimizer,
    headUnits: config.headUnits,
    dropout: config.dropout,
    earlyStoppingPatience: config.earlyStoppingPatience,
    seed: config.seed,
  };
}

function trainConfigOf(config: RunConfig): TrainConfig {
  return {
    ...headConfigOf(config),
    endToEnd: trainsEndToEnd(config),
    augmentation: config.augmentation,
    fineTuneBlocks: config.fineTuneBlocks,
    fineTuneEpochs: config.fineTuneEpochs,
    fineTuneLearningRate: config.fineTuneLearningRate,
  };
}

/** Runs the attempt the lease grants and always leaves the run in a state the server can explain. */
export async function executeRun(
  deps: ExecutorDeps,
  lease: RunLease,
  onSession?: (session: RunSession) => void,
): Promise<AttemptOutcome> {
  const { db, log } = deps;
  const session = new RunSession({
    db,
    hub: deps.hub,
    lease,
    heartbeatIntervalMs: deps.heartbeatIntervalMs,
    progressIntervalMs: deps.progressIntervalMs,
    log,
  });
  session.start();
  onSession?.(session);
  const started = performance.now();
  log(`run ${lease.runId}: attempt ${lease.attempt} of ${lease.maxAttempts} started`);
  try {
    const metrics = await train(deps, session);
    log(`run ${lease.runId}: SUCCEEDED in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    return metrics;
  } catch (error) {
    return await settle(deps, session, error);
  } finally {
    await session.stop();
  }
}

async function settle(deps: ExecutorDeps, session: RunSession, error: unknown): Promise<AttemptOutcome> {
  const { db, log } = deps;
  const { lease } = session;
  const stopped = session.reason ?? (error instanceof RunStoppedError ? error.reason : null);
  try {
    if (error instanceof LeaseLostError || stopped === "lease-lost") {
      log(`run ${lease.runId}: lease lost; another trainer or the reaper owns it now`);
      return "LOST";
    }
    if (stopped === "cancelled") {
      await finishRun(db, lease, { status: "CANCELLED" });
      log(`run ${lease.runId}: CANCELLED`);
      return "CANCELLED";
    }
    if (stopped === "shutdown") {
      const status = await releaseRun(db, lease);
      log(`run ${lease.runId}: handed back to the queue (${status}) for another trainer to resume`);
      return status === "CANCELLED" ? "CANCELLED" : "RELEASED";
    }
    const message = error instanceof Error ? error.message : String(error);
    log(`run ${lease.runId}: FAILED: ${message}`);
    if (
      error instanceof Error &&
      error.stack &&
      !(error.name.endsWith("InputError") || error.name.endsWith("SnapshotError"))
    ) {
      log(error.stack);
    }
    await finishRun(db, lease, { status: "FAILED", error: message.slice(0, 2000) });
    return "FAILED";
  } catch (settleError) {
    // The database is unreachable or the lease is gone: the reaper repairs the status once heartbeats stop.
    log(
      `run ${lease.runId}: could not record the outcome (${(settleError as Error).message}); the reaper will requeue it`,
    );
    return "LOST";
  }
}

async function train(deps: ExecutorDeps, session: RunSession): Promise<AttemptOutcome> {
  const { db, blobs } = deps;
  const { lease } = session;
  const timings: Record<string, number> = {};
  const time = async <T>(name: string, work: () => Promise<T>): Promise<T> => {
    const t0 = performance.now();
    try {
      return await work();
    } finally {
      timings[name] = (timings[name] ?? 0) + (performance.now() - t0) / 1000;
    }
  };

  const run = await db.run.findUniqueOrThrow({
    where: { id: lease.runId },
    select: { config: true, version: { select: { snapshot: true } } },
  });
  const config = parseRunConfig(run.config);
  const dataset = await time("load", () =>
    loadRunDataset(run.version.snapshot, blobs, (done, total) => session.progress({ stage: "loading", done, total })),
  );
  session.throwIfStopped();
  // Fine-tuning (and end-to-end training) changes the backbone's weights in place, so such a run
  // gets a backbone of its own; the shared one must stay pristine, since cached embeddings are keyed
  // by its identity.
  const pristine = await time("backbone", () => deps.backbones.get(config));
  const backbone =
    config.fineTuneBlocks > 0 || trainsEndToEnd(config)
      ? await time("backbone", () => deps.backbones.loadPrivate(config))
      : pristine;
  try {
    return await trainAndStore(deps, session, config, dataset, pristine, backbone, time, timings);
  } finally {
    if (backbone !== pristine) backbone.dispose();
  }
}

async function trainAndStore(
  deps: ExecutorDeps,
  session: RunSession,
  config: RunConfig,
  dataset: RunDataset,
  pristine: Backbone,
  backbone: Backbone,
  time: <T>(name: string, work: () => Promise<T>) => Promise<T>,
  timings: Record<string, number>,
): Promise<AttemptOutcome> {
  const { db, blobs, log } = deps;
  const { lease, signal } = session;

  let epochsDone = 0;
  let embedding = { cached: 0, total: 0 };
  const onProgress = (p: TrainProgress) => {
    if (p.stage === "train" || p.stage === "fine-tune") {
      session.progress({
        stage: "training",
        phase: p.stage === "train" ? "head" : "fine-tune",
        epoch: epochsDone + 1,
        epochs: plannedEpochs(config),
        batch: p.done,
        batches: p.total,
      });
    } else {
      session.progress({ stage: "embedding", pass: EMBED_PASSES[p.stage], done: p.done, total: p.total });
    }
  };
  // Count what the shared cache saved us: the store sees every lookup.
  const countingStore: EmbeddingStore = {
    getMany: async (keys) => {
      const found = await deps.store.getMany(keys);
      embedding = { cached: embedding.cached + found.size, total: embedding.total + keys.length };
      return found;
    },
    putMany: (entries) => deps.store.putMany(entries),
  };

  const attemptTraining = async (): Promise<TrainResult> => {
    const checkpoints = runCheckpoints({ db, blobs, session, log });
    try {
      return await trainClassifier({
        images: dataset.images,
        labels: dataset.labels,
        classMode: dataset.classMode,
        backbone,
        config: trainConfigOf(config),
        store: countingStore,
        checkpoints,
        signal,
        onProgress,
        onEpoch: () => {
          epochsDone += 1;
        },
      });
    } finally {
      epochsDone = Math.max(epochsDone, checkpoints.resumedFromEpoch);
    }
  };

  let result: TrainResult;
  try {
    result = await time("train", attemptTraining);
  } catch (error) {
    if (!(error instanceof CheckpointError)) throw error;
    // The checkpoint belongs to other data or settings (it cannot, for a pinned version, unless it was
    // tampered with): start this attempt afresh rather than failing the run.
    log(`run ${lease.runId}: ${error.message}; restarting from epoch 1`);
    await resetEpochs(db, lease);
    epochsDone = 0;
    result = await time("train", attemptTraining);
  }

  try {
    session.throwIfStopped();
    session.beginFinishing();
    const { summary, detail, rows } = await time("evaluate", () =>
      evaluate(deps, session, config, dataset, pristine, backbone, result, countingStore),
    );
    session.throwIfStopped();
    session.progress({ stage: "saving" });
    const manifest: ModelManifest = { ...manifestFor(dataset, backbone, config), metrics: summary };
    const [full, head] = await time("save", async () => [
      await storeModelBundle(blobs, { ...(await exportModel(result.model, manifest)) }),
      await storeModelBundle(blobs, { ...(await exportModel(result.head, { ...manifest, kind: "head" })) }),
    ]);
    await session.flushProgress();

    const runMetrics = {
      ...detail,
      bestEpoch: result.bestEpoch,
      stoppedEarly: result.stoppedEarly,
      fineTuned: result.fineTuned,
      epochs: result.history.length,
      embeddingCache: { hits: embedding.cached, lookups: embedding.total },
      seconds: timings,
      trainerAttempt: lease.attempt,
    };
    session.beginSettling();
    await finishRun(db, lease, { status: "SUCCEEDED", metrics: runMetrics }, async (tx) => {
      // A previous attempt may have got this far before dying: replace, never add.
      await tx.prediction.deleteMany({ where: { runId: lease.runId } });
      // The version is frozen but its images' rows are not: one deleted meanwhile simply gets no prediction.
      const live = new Set<string>();
      for (let start = 0; start < rows.length; start += 5000) {
        const ids = rows.slice(start, start + 5000).map((r) => r.imageId);
        for (const image of await tx.image.findMany({ where: { id: { in: ids } }, select: { id: true } }))
          live.add(image.id);
      }
      const stored = rows.filter((row) => live.has(row.imageId));
      for (let start = 0; start < stored.length; start += 1000) {
        await tx.prediction.createMany({ data: stored.slice(start, start + 1000) });
      }
      for (const [kind, stored] of [
        ["FULL", full],
        ["HEAD", head],
      ] as const) {
        const data = {
          blobKey: stored.blobKey,
          byteSize: stored.byteSize,
          manifest: { ...manifest, kind: kind === "FULL" ? "full" : "head" },
        };
        await tx.modelArtifact.upsert({
          where: { runId_kind: { runId: lease.runId, kind } },
          create: { runId: lease.runId, kind, ...data },
          update: data,
        });
      }
    });
    await discardCheckpoint(db, blobs, lease.runId).catch((error: Error) =>
      log(`run ${lease.runId}: could not remove its last checkpoint (${error.message})`),
    );
    return "SUCCEEDED";
  } finally {
    result.dispose();
  }
}

interface Evaluation {
  summary: Record<string, number>;
  detail: Record<string, unknown>;
  rows: PredictionRow[];
}

async function evaluate(
  deps: ExecutorDeps,
  session: RunSession,
  config: RunConfig,
  dataset: RunDataset,
  pristine: Backbone,
  backbone: Backbone,
  result: TrainResult,
  store: EmbeddingStore,
): Promise<Evaluation> {
  const { lease, signal } = session;
  const { labels, classMode } = dataset;
  const val: Scored[] = result.validation.images.map((image, i) => ({
    image: dataset.bySha.get(image.sha256)!,
    probabilities: result.validation.probabilities[i]!,
  }));

  // Test images never went through training; the finished model scores them from their pixels.
  session.progress({ stage: "evaluating", step: "test", done: 0, total: dataset.test.length });
  const test: Scored[] = [];
  const classifier = { model: result.model, manifest: manifestFor(dataset, backbone, config) };
  for (let start = 0; start < dataset.test.length; start += 32) {
    session.throwIfStopped();
    const batch = dataset.test.slice(start, start + 32);
    const bytes = await Promise.all(batch.map((image) => readImage(deps.blobs, image)()));
    const predictions = await predict(classifier, bytes, { signal, threshold: config.threshold });
    predictions.forEach((p, k) => test.push({ image: batch[k]!, probabilities: p.probabilities }));
    session.progress({ stage: "evaluating", step: "test", done: test.length, total: dataset.test.length });
  }

  const rows = [
    ...predictionRows(lease.runId, val, labels, classMode, config.threshold),
    ...predictionRows(lease.runId, test, labels, classMode, config.threshold),
  ];
  // Label issues are judged on the frozen features (their cached embeddings), even after fine-tuning.
  const labelIssues = await findTrainingLabelIssues(session, config, dataset, pristine, store, classMode);
  rows.push(...labelIssues.rows);

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
      labelIssues: { candidates: labelIssues.issues, scored: labelIssues.rows.length, folds: labelIssues.folds },
    },
    rows,
  };
}

function manifestFor(dataset: RunDataset, backbone: Backbone, config: RunConfig): ModelManifest {
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

/**
 * Confident learning over the training images, on out-of-sample probabilities from k-fold heads
 * trained on the cached plain embeddings (the training pass already stored them, so no image is
 * embedded again).
 */
async function findTrainingLabelIssues(
  session: RunSession,
  config: RunConfig,
  dataset: RunDataset,
  backbone: Backbone,
  store: EmbeddingStore,
  classMode: ClassMode,
): Promise<{ rows: PredictionRow[]; issues: number; folds: number }> {
  const train = dataset.images.filter((image) => image.split === "train");
  const perClass = dataset.labels.map((_, c) => train.filter((image) => image.labels[0] === c).length);
  // Multilabel has no single given label to contradict; tiny classes cannot be split into folds.
  if (classMode === "multilabel" || Math.min(...perClass) < 2) return { rows: [], issues: 0, folds: 0 };
  const folds = Math.min(LABEL_ISSUE_FOLDS, Math.min(...perClass));
  session.progress({ stage: "evaluating", step: "label-issues", done: 0, total: folds });
  const vectors = await featurize({
    backbone,
    store,
    augmentation: null,
    batchSize: Math.max(config.batchSize, 32),
    signal: session.signal,
    requests: train.map((image) => ({ image })),
  });
  const probabilities = await crossValidatedProbabilities({
    classMode,
    classCount: dataset.labels.length,
    vectors,
    labels: train.map((image) => image.labels[0]!),
    folds,
    // Every fold trains for the run's full epochs: there is no fold-local validation to stop on.
    config: { ...headConfigOf(config), earlyStoppingPatience: null },
    signal: session.signal,
    onFold: (done, total) => session.progress({ stage: "evaluating", step: "label-issues", done, total }),
  });
  const scored = train.map((image, i) => ({
    image: dataset.bySha.get(image.sha256)!,
    probabilities: probabilities[i]!,
  }));
  return { ...labelIssueRows(session.lease.runId, scored, dataset.labels), folds };
}
