import * as tf from "@tensorflow/tfjs";
import {
  INFERENCE_ENV_VARIABLE,
  InferenceEngineError,
  type InferenceEngineName,
  type InferencePreference,
  resolvePreference,
  resolveThreads,
} from "../inference/engine.ts";
import { loadOnnxRuntime } from "../onnx/runtime.ts";
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
import { type HeadSessions, ONNX_HEAD_OPTIMIZERS, openHeadSessions, runHeadPhaseOnOnnx } from "./head-training-onnx.ts";
import { type PhaseOptions, type PhaseResult, runPhase, type TrainableNetwork } from "./loop.ts";
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
  /** See PhaseOptions.stopTrainingAt. */
  stopTrainingAt?: number;
  onEpoch?(metrics: EpochMetrics): void;
  onBatch?(done: number, total: number): void;
  checkpoints?: CheckpointIO;
  /** Written into checkpoints; resuming requires the same value. */
  fingerprint?: string;
  resumeFrom?: TrainingCheckpoint | null;
  /** Where the training steps run: see HeadPhaseOptions.engine. */
  engine?: InferencePreference;
}

export interface HeadTrainingResult extends HeadPhaseResult {
  head: tf.Sequential;
}

export interface HeadPhaseOptions extends Omit<PhaseOptions, "network" | "learningRateMultipliers"> {
  /** The head to train (buildHead); it holds the trained (or best-epoch) weights when the phase ends. */
  head: tf.LayersModel;
  /**
   * Where the steps run: "auto" (default, or HEADSTART_INFERENCE) takes ONNX Runtime when it loads
   * and the head, optimizer and class mode are ones its step graph implements, else tfjs; "tfjs"
   * forces tfjs; "onnx" requires onnxruntime-node to load (a head it cannot run still trains on tfjs).
   */
  engine?: InferencePreference;
}

export interface HeadPhaseResult extends PhaseResult {
  /** The engine the steps ran on, and why the other one was not used. */
  engine: InferenceEngineName;
  engineReason: string;
}

/**
 * Which engine a head phase runs on. Checked per call (cheap: onnxruntime-node loads once per
 * thread), so a head ONNX Runtime cannot run, or a missing install, falls back to tfjs.
 */
async function chooseHeadEngine(
  options: HeadPhaseOptions,
): Promise<{ engine: "tfjs"; reason: string } | { engine: "onnx"; reason: string; run: () => Promise<PhaseResult> }> {
  const { preference, preferenceSource } = resolvePreference(options.engine);
  if (preference === "tfjs")
    return { engine: "tfjs", reason: `ONNX Runtime not tried: preference is "tfjs" (${preferenceSource})` };
  if (!hasReferenceHeadShape(options.head, outputActivation(options.classMode)))
    return {
      engine: "tfjs",
      reason: "the head is not the reference Dense -> Dropout -> Dense the ONNX step implements",
    };
  if (!ONNX_HEAD_OPTIMIZERS.includes(options.optimizer))
    return {
      engine: "tfjs",
      reason: `the ONNX head step implements ${ONNX_HEAD_OPTIMIZERS.join(" and ")}, not ${options.optimizer}`,
    };
  const loaded = await loadOnnxRuntime();
  if ("error" in loaded) {
    if (preference === "onnx")
      throw new InferenceEngineError(`${INFERENCE_ENV_VARIABLE} asks for onnx but ${loaded.error}. Use tfjs or auto.`);
    return { engine: "tfjs", reason: loaded.error };
  }
  const threads = resolveThreads(undefined);
  let sessions: HeadSessions;
  try {
    sessions = await openHeadSessions(loaded.ort, options.head, options.classMode, threads);
  } catch (error) {
    return {
      engine: "tfjs",
      reason: `onnxruntime could not load the head's step graph: ${(error as Error).message.split("\n")[0]}`,
    };
  }
  return {
    engine: "onnx",
    reason: "tfjs not needed: ONNX Runtime runs the reference head's step",
    run: () => runHeadPhaseOnOnnx({ ...options, ort: loaded.ort, threads, sessions }),
  };
}

/**
 * One head phase (runPhase's contract) on the fastest engine available: ONNX Runtime runs the head's
 * forward and backward pass (its matrix products are what the step costs) with the optimizer in JS;
 * tfjs (hand-written gradients, fused Adam) is the fallback and the reference the ONNX loop is tested
 * against. Same seed, same data: the same shuffles, variants, dropout masks and schedule on either.
 */
export async function runHeadPhase(options: HeadPhaseOptions): Promise<HeadPhaseResult> {
  const choice = await chooseHeadEngine(options);
  if (choice.engine === "onnx") return { ...(await choice.run()), engine: "onnx", engineReason: choice.reason };
  const { head, engine: _engine, ...phase } = options;
  const result = await runPhase({ ...phase, network: headNetwork(head, options.classMode) });
  return { ...result, engine: "tfjs", engineReason: choice.reason };
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
    const result = await runHeadPhase({
      phase: "head",
      head,
      engine: options.engine,
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
      stopTrainingAt: options.stopTrainingAt,
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
