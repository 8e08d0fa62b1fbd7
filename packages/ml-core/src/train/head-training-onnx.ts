import type * as tf from "@tensorflow/tfjs";
import type { InferenceSession } from "onnxruntime-node";
import { type HeadGraphShape, headLogitsGraph, headStepGraph } from "../onnx/head-training-graph.ts";
import { type OnnxRuntime, sessionOptions } from "../onnx/runtime.ts";
import { throwIfAborted } from "./abort.ts";
import { epochMetrics, type NamedArray } from "./checkpoint.ts";
import type { ClassMode } from "./class-mode.ts";
import { EpochTracker } from "./epoch-tracker.ts";
import { decayWeights, HostWeights, sgdStep } from "./host-weights.ts";
import type { PhaseOptions, PhaseResult } from "./loop.ts";
import { type AdamMoments, adamMoments, type OptimizerName } from "./optimizer.ts";
import { learningRateAt } from "./schedule.ts";

/** Optimizers the ONNX head loop implements in JS (the others train on tfjs). */
export const ONNX_HEAD_OPTIMIZERS: readonly OptimizerName[] = ["adam", "sgd"];

/** The step and validation sessions of one head shape. */
export interface HeadSessions {
  step: InferenceSession;
  logits: InferenceSession;
}

// Per thread (module state is per worker): sessions hold no weights, so one pair serves every run of
// a shape. Bounded, since feature sizes and class counts vary between runs.
const SESSION_LIMIT = 6;
const sessions = new Map<string, Promise<HeadSessions>>();

function headSessions(ort: OnnxRuntime, shape: HeadGraphShape, threads: number): Promise<HeadSessions> {
  const key = `${shape.inputDim}x${shape.hidden}x${shape.outputs}/${shape.activation}/${threads}`;
  let entry = sessions.get(key);
  if (entry) {
    // Most recently used last, so the oldest shape is the one dropped.
    sessions.delete(key);
    sessions.set(key, entry);
    return entry;
  }
  const options = sessionOptions({ threads });
  entry = Promise.all([
    ort.InferenceSession.create(headStepGraph(shape), options),
    ort.InferenceSession.create(headLogitsGraph(shape), options),
  ]).then(([step, logits]) => ({ step, logits }));
  // A failed creation is not cached: the next run tries again (and the caller falls back to tfjs).
  entry.catch(() => sessions.delete(key));
  sessions.set(key, entry);
  while (sessions.size > SESSION_LIMIT) {
    const [oldest, pending] = sessions.entries().next().value as [string, Promise<HeadSessions>];
    sessions.delete(oldest);
    pending.then((s) => Promise.all([s.step.release(), s.logits.release()])).catch(() => {});
  }
  return entry;
}

/** The step graph's shape for a reference head trained in `classMode`. */
function graphShape(head: tf.LayersModel, classMode: ClassMode): HeadGraphShape {
  const [kernel1, , kernel2] = head.weights.map((w) => w.shape as number[]);
  return {
    inputDim: kernel1[0],
    hidden: kernel1[1],
    outputs: kernel2[1],
    activation: classMode === "multiclass" ? "softmax" : "sigmoid",
  };
}

/**
 * Builds (or takes from this thread's cache) the ONNX sessions a head of this shape trains with.
 * runHeadPhase opens them before choosing the engine, so a graph ONNX Runtime refuses leaves the
 * phase on tfjs instead of failing it.
 */
export async function openHeadSessions(
  ort: OnnxRuntime,
  head: tf.LayersModel,
  classMode: ClassMode,
  threads: number,
): Promise<HeadSessions> {
  return headSessions(ort, graphShape(head, classMode), threads);
}

/** Mean loss of a batch from its logits, as lossFromLogits computes it (class-mode.ts). */
export function meanLoss(classMode: ClassMode, targets: Float32Array, logits: Float32Array, units: number): number {
  const count = logits.length / units;
  let sum = 0;
  if (classMode === "multiclass") {
    // -sum(y · log softmax(z)) per row, via log-sum-exp; then the mean over rows.
    for (let r = 0; r < count; r++) {
      const o = r * units;
      let max = -Infinity;
      for (let j = 0; j < units; j++) max = Math.max(max, logits[o + j]);
      let total = 0;
      for (let j = 0; j < units; j++) total += Math.exp(logits[o + j] - max);
      const logSum = max + Math.log(total);
      for (let j = 0; j < units; j++) sum += targets[o + j] * (logSum - logits[o + j]);
    }
    return sum / count;
  }
  // Sigmoid cross-entropy in its stable form, averaged over every output element.
  for (let i = 0; i < logits.length; i++) {
    const z = logits[i];
    sum += Math.max(z, 0) - z * targets[i] + Math.log1p(Math.exp(-Math.abs(z)));
  }
  return sum / logits.length;
}

/** Correct items of a batch, as correctFromLogits counts them (class-mode.ts). */
export function correctCount(classMode: ClassMode, targets: Float32Array, logits: Float32Array, units: number): number {
  const count = logits.length / units;
  if (classMode === "multiclass") {
    let correct = 0;
    for (let r = 0; r < count; r++) {
      const o = r * units;
      let predicted = 0;
      let expected = 0;
      for (let j = 1; j < units; j++) {
        if (logits[o + j] > logits[o + predicted]) predicted = j;
        if (targets[o + j] > targets[o + expected]) expected = j;
      }
      if (predicted === expected) correct++;
    }
    return correct;
  }
  let hits = 0;
  for (let i = 0; i < logits.length; i++) if (logits[i] > 0 === targets[i] > 0.5) hits++;
  return classMode === "multilabel" ? hits / units : hits;
}

/** `rows` laid out contiguously in `out`, in their order. */
function packRows(rows: Float32Array[], width: number, out: Float32Array): void {
  rows.forEach((row, k) => out.set(row, k * width));
}

/**
 * The uniform stream tf.randomUniform draws for a numeric seed: seedrandom's Alea (Johannes Baagøe's
 * algorithm, MIT; tfjs-core seeds it with String(seed)), written out so the mask costs no tfjs
 * tensor, upload and read-back per step. Returns Alea's `next`.
 */
function aleaStream(seed: number): () => number {
  let n = 0xefc8249d;
  const mash = (data: string) => {
    for (let i = 0; i < data.length; i++) {
      n += data.charCodeAt(i);
      let h = 0.02519603282416938 * n;
      n = h >>> 0;
      h -= n;
      h *= n;
      n = h >>> 0;
      h -= n;
      n += h * 0x100000000;
    }
    return (n >>> 0) * 2.3283064365386963e-10;
  };
  let c = 1;
  let s0 = mash(" ");
  let s1 = mash(" ");
  let s2 = mash(" ");
  const key = String(seed);
  s0 -= mash(key);
  if (s0 < 0) s0 += 1;
  s1 -= mash(key);
  if (s1 < 0) s1 += 1;
  s2 -= mash(key);
  if (s2 < 0) s2 += 1;
  return () => {
    const t = 2091639 * s0 + c * 2.3283064365386963e-10;
    s0 = s1;
    s1 = s2;
    c = t | 0;
    s2 = t - c;
    return s2;
  };
}

/**
 * The scaled dropout keep-mask of one step, drawn exactly as tf.dropout draws it for `seed`
 * (tf.randomUniform's seeded stream stored as float32, then floor(u + keep) / keep in float32), so
 * this loop and the tfjs path see the same masks for the same run seed (head-training-onnx.test.ts).
 */
export function dropoutMask(out: Float32Array, rows: number, units: number, rate: number, seed: number): void {
  const next = aleaStream(seed);
  const keep = Math.fround(1 - rate);
  const kept = Math.fround(1 / keep);
  for (let i = 0; i < rows * units; i++) out[i] = Math.floor(Math.fround(Math.fround(next()) + keep)) >= 1 ? kept : 0;
}

export interface OnnxHeadPhaseOptions extends Omit<PhaseOptions, "network" | "learningRateMultipliers"> {
  /** A head of the reference shape (hasReferenceHeadShape); it holds the trained weights at the end. */
  head: tf.LayersModel;
  ort: OnnxRuntime;
  threads: number;
  /** Sessions already opened (openHeadSessions); opened here when absent. */
  sessions?: HeadSessions;
}

/**
 * runPhase (loop.ts) for the reference head with the step on ONNX Runtime: the same seeded shuffling,
 * variant sampling and dropout masks, the same learning-rate schedule, decoupled weight decay, early
 * stopping with best-epoch restore, checkpoints (same format, so a run can resume on either engine)
 * and cancellation within one batch. The weights live in Float32Arrays during the phase, the
 * optimizer updates them in place (Adam through AdamMoments, whose large variables take the WASM SIMD
 * loop; SGD in JS), and they are written into the tfjs head when the phase ends.
 */
export async function runHeadPhaseOnOnnx(options: OnnxHeadPhaseOptions): Promise<PhaseResult> {
  const { head, ort, data, classMode, batchSize, signal, phase } = options;
  const variables = head.weights.map((w) => w.read() as tf.Variable);
  const trainable = head.trainableWeights.map((w) => w.read() as tf.Variable);
  if (variables.length !== 4 || trainable.length !== 4 || variables.some((v, i) => v !== trainable[i])) {
    throw new Error("runHeadPhaseOnOnnx needs the reference head: Dense -> Dropout -> Dense, all weights trainable");
  }
  if (!ONNX_HEAD_OPTIMIZERS.includes(options.optimizer)) {
    throw new Error(`runHeadPhaseOnOnnx implements ${ONNX_HEAD_OPTIMIZERS.join(" and ")}, not ${options.optimizer}`);
  }
  const [inputDim, hiddenUnits] = variables[0].shape;
  const units = data.units;
  if (data.itemShape.length !== 1 || data.itemShape[0] !== inputDim || variables[2].shape[1] !== units) {
    throw new Error(
      `the head takes [${inputDim}] and gives ${variables[2].shape[1]} outputs, but the data has items of [${data.itemShape}] and ${units} targets each`,
    );
  }
  const rate = (head.layers[1].getConfig().rate as number | undefined) ?? 0;
  const shapes = variables.map((v) => [...v.shape]);
  const host = new HostWeights(variables);
  const weights = host.arrays;
  const kernels = [0, 2]; // W1 and W2: the tensors of rank 2 that weight decay shrinks.
  const { step: stepSession, logits: logitsSession } =
    options.sessions ?? (await openHeadSessions(ort, head, classMode, options.threads));
  const n = data.train.length;
  const batchesPerEpoch = Math.ceil(n / batchSize);
  const schedule = options.schedule ?? "constant";
  const totalSteps = options.epochs * batchesPerEpoch;
  const weightDecay = options.weightDecay ?? 0;
  const adam: AdamMoments | null = options.optimizer === "adam" ? adamMoments() : null;
  let sgdIterations = 0;
  const tracker = new EpochTracker({ ...options, phase });
  const rng = tracker.rng;

  const snapshot = () => host.snapshot();
  const optimizerState = (): NamedArray[] =>
    adam ? adam.readState() : [{ name: "iter", shape: [], values: Float32Array.of(sgdIterations) }];
  const tensor = (values: Float32Array, dims: number[]) => new ort.Tensor("float32", values, dims);
  const weightFeeds = () => ({
    w1: tensor(weights[0], shapes[0]),
    b1: tensor(weights[1], shapes[1]),
    w2: tensor(weights[2], shapes[2]),
    b2: tensor(weights[3], shapes[3]),
  });

  const resume = tracker.resume;
  if (resume) {
    host.restore(resume.weights, "checkpoint");
    if (adam) adam.writeState(resume.optimizer);
    else if (resume.optimizer.length > 0) sgdIterations = Math.round(resume.optimizer[0].values[0]);
  }

  // Validation inputs and targets never change: packed once, scored in large runs.
  const val = data.val && data.val.inputs.length > 0 ? data.val : null;
  const valInputs = val ? new Float32Array(val.inputs.length * inputDim) : null;
  if (val && valInputs) packRows(val.inputs, inputDim, valInputs);
  const evaluate = async (): Promise<{ loss: number; acc: number }> => {
    const count = val!.inputs.length;
    const chunk = 1024;
    let lossSum = 0;
    let correct = 0;
    for (let from = 0; from < count; from += chunk) {
      const rows = Math.min(chunk, count - from);
      const out = await logitsSession.run({
        x: tensor(valInputs!.subarray(from * inputDim, (from + rows) * inputDim), [rows, inputDim]),
        ...weightFeeds(),
      });
      const logits = out.logits.data as Float32Array;
      const targets = val!.targets.subarray(from * units, (from + rows) * units);
      lossSum += meanLoss(classMode, targets, logits, units) * rows;
      correct += correctCount(classMode, targets, logits, units);
    }
    return { loss: lossSum / count, acc: correct / count };
  };

  const epochInputs = new Float32Array(n * inputDim);
  const epochTargets = new Float32Array(n * units);
  const mask = new Float32Array(batchSize * hiddenUnits).fill(1);
  const scale = new Float32Array(1);
  // ONNX Runtime writes the step's outputs into these (pre-allocated fetches): no fresh 330 kB
  // gradient buffer per step for the garbage collector.
  const grads = shapes.map((shape) => new Float32Array(shape.reduce((a, b) => a * b, 1)));
  const logitsOut = new Float32Array(batchSize * units);
  const stepFetches = (rows: number) => ({
    logits: tensor(logitsOut.subarray(0, rows * units), [rows, units]),
    dw1: tensor(grads[0], shapes[0]),
    db1: tensor(grads[1], shapes[1]),
    dw2: tensor(grads[2], shapes[2]),
    db2: tensor(grads[3], shapes[3]),
  });
  const fullBatchFetches = stepFetches(batchSize);
  for (let epoch = tracker.startEpoch; epoch < options.epochs && !tracker.stopped; epoch++) {
    const started = performance.now();
    const order = rng.permutation(n);
    // Drawn in runPhase's order: the permutation, then one variant per item, then a seed per batch.
    const chosen = order.map((i) => data.train[i][data.train[i].length > 1 ? rng.int(data.train[i].length) : 0]);
    packRows(chosen, inputDim, epochInputs);
    order.forEach((index, k) =>
      epochTargets.set(data.trainTargets.subarray(index * units, (index + 1) * units), k * units),
    );
    let lossSum = 0;
    let correct = 0;
    for (let b = 0; b < batchesPerEpoch; b++) {
      throwIfAborted(signal);
      const from = b * batchSize;
      const count = Math.min(batchSize, n - from);
      const dropoutSeed = rng.seed();
      const stepRate = learningRateAt(schedule, options.learningRate, epoch * batchesPerEpoch + b, totalSteps);
      if (rate > 0) dropoutMask(mask, count, hiddenUnits, rate, dropoutSeed);
      scale[0] = classMode === "multiclass" ? 1 / count : 1 / (count * units);
      const targets = epochTargets.subarray(from * units, (from + count) * units);
      const fetches = count === batchSize ? fullBatchFetches : stepFetches(count);
      await stepSession.run(
        {
          x: tensor(epochInputs.subarray(from * inputDim, (from + count) * inputDim), [count, inputDim]),
          y: tensor(targets, [count, units]),
          ...weightFeeds(),
          mask: tensor(mask.subarray(0, count * hiddenUnits), [count, hiddenUnits]),
          scale: tensor(scale, [1]),
        },
        fetches,
      );
      const logits = logitsOut.subarray(0, count * units);
      lossSum += meanLoss(classMode, targets, logits, units) * count;
      correct += correctCount(classMode, targets, logits, units);
      if (adam) {
        grads.forEach((g, i) => adam.update(i, variables[i].name, shapes[i], weights[i], g, stepRate));
        adam.endStep();
      } else {
        grads.forEach((g, i) => sgdStep(weights[i], g, stepRate));
        sgdIterations++;
      }
      decayWeights(weights, kernels, stepRate, weightDecay);
      options.onBatch?.(b + 1, batchesPerEpoch);
    }
    throwIfAborted(signal);
    const valMetrics = val ? await evaluate() : null;
    const metrics = epochMetrics(phase, epoch, { lossSum, correct, count: n }, valMetrics, started);
    await tracker.endEpoch(metrics, { weights: snapshot, optimizer: optimizerState });
  }

  const outcome = tracker.finish((best) => host.restore(best, "best-epoch snapshot"));
  host.assign();
  return outcome;
}
