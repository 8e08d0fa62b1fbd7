import * as tf from "@tensorflow/tfjs";
import type { CheckpointIO, EpochMetrics, TrainingCheckpoint } from "./checkpoint.ts";
import {
  type ClassMode,
  encodeTargets,
  outputActivation,
  outputUnits,
  smoothTargets,
  toClassProbabilities,
} from "./class-mode.ts";
import { buildHead, headLogits } from "./head.ts";
import { hasReferenceHeadShape, headGradients } from "./head-gradients.ts";
import { runPhase, type TrainableNetwork } from "./loop.ts";
import type { OptimizerName } from "./optimizer.ts";
import { TrainingRng } from "./rng.ts";
import type { LearningRateSchedule } from "./schedule.ts";

export interface HeadConfig {
  batchSize: number;
  epochs: number;
  learningRate: number;
  optimizer: OptimizerName;
  headUnits: number;
  dropout: number;
  earlyStoppingPatience: number | null;
  seed: number;
  /** See TrainConfig: absent = constant rate, no smoothing, no weight decay. */
  schedule?: LearningRateSchedule;
  labelSmoothing?: number;
  weightDecay?: number;
}

export const DEFAULT_HEAD_CONFIG: Readonly<HeadConfig> = Object.freeze({
  batchSize: 64,
  epochs: 10,
  learningRate: 0.001,
  optimizer: "adam",
  headUnits: 64,
  dropout: 0.5,
  earlyStoppingPatience: null,
  seed: 1,
});

/**
 * The head as a trainable network. Given the class mode, a head of the reference shape also gets its
 * hand-written step (loss and gradients without autodiff), which is what makes training on cached
 * vectors fast; without it, or for any other shape, steps go through autodiff.
 */
export function headNetwork(head: tf.LayersModel, classMode?: ClassMode): TrainableNetwork {
  const network: TrainableNetwork = {
    logits: (x, seed) => headLogits(head, x, seed),
    trainable: head.trainableWeights.map((w) => w.read() as tf.Variable),
    state: head.weights.map((w) => w.read() as tf.Variable),
  };
  if (classMode && hasReferenceHeadShape(head, outputActivation(classMode))) {
    network.gradients = (x, y, seed) => headGradients(head, classMode, x as tf.Tensor2D, y, seed);
  }
  return network;
}

export interface HeadTrainingOptions {
  classMode: ClassMode;
  classCount: number;
  featureSize: number;
  /** Per training item its cached variants (the plain embedding, or k augmented ones). */
  train: { variants: Float32Array[][]; labels: number[][] };
  val?: { vectors: Float32Array[]; labels: number[][] } | null;
  config: HeadConfig;
  signal?: AbortSignal;
  onEpoch?(metrics: EpochMetrics): void;
  onBatch?(done: number, total: number): void;
  checkpoints?: CheckpointIO;
  /** Written into checkpoints; resuming requires the same value. */
  fingerprint?: string;
  resumeFrom?: TrainingCheckpoint | null;
}

export interface HeadTrainingResult {
  head: tf.Sequential;
  history: EpochMetrics[];
  bestEpoch: number;
  stoppedEarly: boolean;
  rng: TrainingRng;
}

/**
 * Trains the classification head on cached feature vectors: the cheap inner loop of transfer
 * learning, also used per fold by cross-validation. The caller owns (and must dispose) the head.
 */
export async function trainHeadOnVectors(options: HeadTrainingOptions): Promise<HeadTrainingResult> {
  const { classMode, classCount, featureSize, config } = options;
  const head = buildHead({
    inputDim: featureSize,
    units: config.headUnits,
    dropout: config.dropout,
    classMode,
    classCount,
    seed: config.seed,
  });
  try {
    const result = await runPhase({
      phase: "head",
      network: headNetwork(head, classMode),
      data: {
        itemShape: [featureSize],
        train: options.train.variants,
        trainTargets: smoothTargets(
          classMode,
          encodeTargets(classMode, classCount, options.train.labels),
          outputUnits(classMode, classCount),
          config.labelSmoothing ?? 0,
        ),
        val: options.val
          ? { inputs: options.val.vectors, targets: encodeTargets(classMode, classCount, options.val.labels) }
          : null,
        units: outputUnits(classMode, classCount),
      },
      classMode,
      epochs: config.epochs,
      batchSize: config.batchSize,
      optimizer: config.optimizer,
      learningRate: config.learningRate,
      schedule: config.schedule,
      weightDecay: config.weightDecay,
      earlyStoppingPatience: config.earlyStoppingPatience,
      rng: new TrainingRng(config.seed),
      history: [],
      fingerprint: options.fingerprint ?? "",
      resumeFrom: options.resumeFrom ?? null,
      signal: options.signal,
      onEpoch: options.onEpoch,
      onBatch: options.onBatch,
      saveCheckpoint: options.checkpoints && ((ck) => options.checkpoints!.save(ck)),
    });
    return { head, ...result };
  } catch (error) {
    head.dispose();
    throw error;
  }
}

/** Class probabilities (one column per class; binary expanded to two) for feature vectors. */
export async function predictVectors(
  head: tf.LayersModel,
  classMode: ClassMode,
  vectors: Float32Array[],
  batchSize = 256,
): Promise<Float32Array[]> {
  const out: Float32Array[] = [];
  if (vectors.length === 0) return out;
  const size = vectors[0].length;
  for (let start = 0; start < vectors.length; start += batchSize) {
    const batch = vectors.slice(start, start + batchSize);
    const flat = new Float32Array(batch.length * size);
    batch.forEach((v, k) => flat.set(v, k * size));
    const probs = tf.tidy(() => head.predict(tf.tensor2d(flat, [batch.length, size])) as tf.Tensor);
    const values = (await probs.data()) as Float32Array;
    probs.dispose();
    out.push(...toClassProbabilities(classMode, values, batch.length));
  }
  return out;
}
