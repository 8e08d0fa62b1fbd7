import type * as tf from "@tensorflow/tfjs";
import type { InferenceSession } from "onnxruntime-node";
import {
  INFERENCE_ENV_VARIABLE,
  InferenceEngineError,
  type InferenceEngineName,
  type InferencePreference,
  resolvePreference,
  resolveThreads,
} from "../inference/engine.ts";
import { isOnnxConversionError } from "../onnx/errors.ts";
import {
  type FineTunePlan,
  fineTuneLogitsGraph,
  fineTuneStepGraph,
  gradientOutput,
  planFineTuneGraph,
  stateInput,
} from "../onnx/fine-tune-graph.ts";
import { loadOnnxRuntime, type OnnxRuntime, sessionOptions } from "../onnx/runtime.ts";
import { throwIfAborted } from "./abort.ts";
import { epochMetrics, type NamedArray } from "./checkpoint.ts";
import { outputActivation } from "./class-mode.ts";
import { EpochTracker } from "./epoch-tracker.ts";
import { hasReferenceHeadShape } from "./head-gradients.ts";
import { correctCount, dropoutMask, meanLoss } from "./head-training-onnx.ts";
import { decayWeights, HostWeights, sgdStep } from "./host-weights.ts";
import { type PhaseOptions, type PhaseResult, runPhase } from "./loop.ts";
import { type AdamMoments, adamMoments, type OptimizerName } from "./optimizer.ts";
import { learningRateAt } from "./schedule.ts";

/** Optimizers the ONNX fine-tune loop implements in JS (the others train on tfjs). */
export const ONNX_FINE_TUNE_OPTIMIZERS: readonly OptimizerName[] = ["adam", "sgd"];

/** A plan with the step and validation sessions built from it. */
export interface FineTuneSessions {
  plan: FineTunePlan;
  step: InferenceSession;
  logits: InferenceSession;
  /** Frees both sessions and their memory arenas. */
  release(): Promise<void>;
}

/**
 * Plans the step graph for `top` + `head` and opens its sessions (the caller releases them). Not
 * cached, unlike the head's: opening both takes about 0.1 s, while a session's memory arena holds
 * every intermediate feature map of a batch (about 250 MB for two blocks at 224 px, batch 64), which
 * a worker should not keep between runs. Throws OnnxConversionError when a layer of the top is one
 * the graph cannot train, and whatever ONNX Runtime says when it refuses the graph: runFineTunePhase
 * turns either into a tfjs fallback.
 */
export async function openFineTuneSessions(
  ort: OnnxRuntime,
  top: tf.LayersModel,
  head: tf.LayersModel,
  activation: "softmax" | "sigmoid",
  threads: number,
): Promise<FineTuneSessions> {
  const plan = planFineTuneGraph(top, head, activation);
  const options = sessionOptions({ threads });
  const step = await ort.InferenceSession.create(fineTuneStepGraph(plan), options);
  try {
    const logits = await ort.InferenceSession.create(fineTuneLogitsGraph(plan), options);
    return { plan, step, logits, release: () => Promise.all([step.release(), logits.release()]).then(() => {}) };
  } catch (error) {
    await step.release();
    throw error;
  }
}

export interface FineTunePhaseOptions extends PhaseOptions {
  /**
   * The unfrozen top (splitForFineTune's `top`) whose layers `network` runs, or null when the split's
   * forward pass is not that model's layers (a custom split): then the phase runs on tfjs.
   */
  top: tf.LayersModel | null;
  /** The head `network` ends in. */
  head: tf.LayersModel;
  /** "auto" (default, or HEADSTART_INFERENCE), "tfjs" or "onnx", as for the head phase. */
  engine?: InferencePreference;
  /** ONNX Runtime intra-op threads (default: HEADSTART_INFERENCE_THREADS, else 1). */
  threads?: number;
  /** Receives one line with the engine and the reason; null silences it. Default console.info. */
  log?: ((message: string) => void) | null;
}

export interface FineTunePhaseResult extends PhaseResult {
  engine: InferenceEngineName;
  engineReason: string;
}

type Choice =
  | { engine: "tfjs"; reason: string }
  | { engine: "onnx"; reason: string; run: () => Promise<PhaseResult>; release: () => Promise<void> };

const sameVariables = (a: readonly tf.Variable[], b: readonly tf.Variable[]) =>
  a.length === b.length && a.every((v, i) => v === b[i]);

async function chooseFineTuneEngine(options: FineTunePhaseOptions): Promise<Choice> {
  const { preference, preferenceSource } = resolvePreference(options.engine);
  if (preference === "tfjs")
    return { engine: "tfjs", reason: `ONNX Runtime not tried: preference is "tfjs" (${preferenceSource})` };
  const { top, head, classMode, network } = options;
  if (!top) return { engine: "tfjs", reason: "the split's forward pass is not its top model's layers" };
  if (!hasReferenceHeadShape(head, outputActivation(classMode)))
    return {
      engine: "tfjs",
      reason: "the head is not the reference Dense -> Dropout -> Dense the ONNX step implements",
    };
  if (!ONNX_FINE_TUNE_OPTIMIZERS.includes(options.optimizer))
    return {
      engine: "tfjs",
      reason: `the ONNX fine-tune step implements ${ONNX_FINE_TUNE_OPTIMIZERS.join(" and ")}, not ${options.optimizer}`,
    };
  const read = (ws: tf.LayerVariable[]) => ws.map((w) => w.read() as tf.Variable);
  if (
    !sameVariables(network.state, read([...top.weights, ...head.weights])) ||
    !sameVariables(network.trainable, read([...top.trainableWeights, ...head.trainableWeights]))
  )
    return { engine: "tfjs", reason: "the network's variables are not the top's and the head's, in that order" };
  const loaded = await loadOnnxRuntime();
  if ("error" in loaded) {
    if (preference === "onnx")
      throw new InferenceEngineError(`${INFERENCE_ENV_VARIABLE} asks for onnx but ${loaded.error}. Use tfjs or auto.`);
    return { engine: "tfjs", reason: loaded.error };
  }
  const threads = resolveThreads(options.threads);
  let opened: FineTuneSessions;
  try {
    opened = await openFineTuneSessions(loaded.ort, top, head, outputActivation(classMode), threads);
  } catch (error) {
    const message = (error as Error).message.split("\n")[0];
    return {
      engine: "tfjs",
      reason: isOnnxConversionError(error)
        ? message
        : `onnxruntime could not load the fine-tune step graph: ${message}`,
    };
  }
  return {
    engine: "onnx",
    reason: `tfjs not needed: ONNX Runtime runs the step of ${top.layers.length - 1} top layers and the head`,
    run: () => runFineTunePhaseOnOnnx({ ...options, ort: loaded.ort, sessions: opened }),
    release: opened.release,
  };
}

/**
 * The fine-tune phase (runPhase's contract) on the fastest engine available: ONNX Runtime computes
 * the forward and backward pass of the unfrozen top blocks and the head (fine-tune-graph.ts) with the
 * optimizer in JS; tfjs autodiff is the fallback (a layer the graph lacks, BN in training mode, a
 * custom split, rmsprop, no onnxruntime) and the reference it is tested against. Same seed, same
 * data: the same shuffles, variants, dropout masks, schedule and checkpoints on either.
 */
export async function runFineTunePhase(options: FineTunePhaseOptions): Promise<FineTunePhaseResult> {
  const choice = await chooseFineTuneEngine(options);
  const log = options.log === undefined ? console.info : options.log;
  log?.(`fine-tune steps on ${choice.engine}: ${choice.reason}`);
  if (choice.engine === "onnx") {
    try {
      return { ...(await choice.run()), engine: "onnx", engineReason: choice.reason };
    } finally {
      await choice.release();
    }
  }
  const { top: _top, head: _head, engine: _engine, threads: _threads, log: _log, ...phase } = options;
  return { ...(await runPhase(phase)), engine: "tfjs", engineReason: choice.reason };
}

/** One rate group of the optimizer: its multiplier, its variables (positions in plan.trainable), its state. */
interface RateGroup {
  multiplier: number;
  members: number[];
  adam: AdamMoments | null;
  sgdIterations: number;
}

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * runPhase for the fine-tune phase with each step on ONNX Runtime. The state (every variable of the
 * top and the head) lives in Float32Arrays during the phase and is fed to the step graph; the
 * gradients it returns go through Adam (AdamMoments, SIMD for the large variables) or SGD in JS, per
 * learning-rate group exactly as runPhase's GroupedOptimizer splits them (same checkpoint slots), and
 * the weights are written back into the tfjs variables when the phase ends, so saving, export and
 * evaluation see the fine-tuned model.
 */
export async function runFineTunePhaseOnOnnx(
  options: FineTunePhaseOptions & { ort: OnnxRuntime; sessions: FineTuneSessions },
): Promise<PhaseResult> {
  const { ort, sessions: opened, network, data, classMode, batchSize, signal, phase, head } = options;
  const { plan, step: stepSession, logits: logitsSession } = opened;
  const variables = network.state;
  const [height, width, channels] = plan.activationShape;
  const inputSize = height * width * channels;
  if (data.itemShape.join("x") !== plan.activationShape.join("x")) {
    throw new Error(
      `the fine-tune graph takes activations of [${plan.activationShape}] but the data has items of [${data.itemShape}]`,
    );
  }
  const units = data.units;
  if (units !== plan.outputs)
    throw new Error(`the head gives ${plan.outputs} outputs but the data has ${units} targets per item`);
  const hiddenUnits = plan.state[plan.head[0]][1];
  const rate = (head.layers[1].getConfig().rate as number | undefined) ?? 0;
  const host = new HostWeights(variables);
  const weights = host.arrays;
  const trainableShapes = plan.trainable.map((i) => plan.state[i]);
  const grads = trainableShapes.map((shape) => new Float32Array(shape.reduce((a, b) => a * b, 1)));
  // Kernels (rank >= 2) shrink under decoupled weight decay, as in runPhase.
  const decayed = plan.trainable.filter((i) => plan.state[i].length >= 2);
  const n = data.train.length;
  const batchesPerEpoch = Math.ceil(n / batchSize);
  const schedule = options.schedule ?? "constant";
  const totalSteps = options.epochs * batchesPerEpoch;
  const weightDecay = options.weightDecay ?? 0;
  const multipliers = options.learningRateMultipliers;
  if (multipliers && multipliers.length !== plan.trainable.length) {
    throw new Error(
      `got ${multipliers.length} learning-rate multipliers for ${plan.trainable.length} trainable variables`,
    );
  }
  const grouped = multipliers?.some((m) => m !== 1) ?? false;
  const groups: RateGroup[] = [];
  plan.trainable.forEach((_, k) => {
    const multiplier = grouped ? multipliers![k] : 1;
    let group = groups.find((g) => g.multiplier === multiplier);
    if (!group) {
      group = { multiplier, members: [], adam: options.optimizer === "adam" ? adamMoments() : null, sgdIterations: 0 };
      groups.push(group);
    }
    group.members.push(k);
  });
  const groupState = (g: RateGroup): NamedArray[] =>
    g.adam ? g.adam.readState() : [{ name: "iter", shape: [], values: Float32Array.of(g.sgdIterations) }];
  const writeGroupState = (g: RateGroup, state: NamedArray[]) => {
    if (state.length === 0) return;
    if (g.adam) g.adam.writeState(state);
    else g.sgdIterations = Math.round(state[0].values[0]);
  };
  // runPhase's checkpoint layout: one optimizer's slots, or each group's under "group<k>|".
  const optimizerState = (): NamedArray[] =>
    grouped
      ? groups.flatMap((g, k) => groupState(g).map((entry) => ({ ...entry, name: `group${k}|${entry.name}` })))
      : groupState(groups[0]);
  const writeOptimizerState = (state: NamedArray[]) => {
    if (!grouped) return writeGroupState(groups[0], state);
    groups.forEach((g, k) => {
      const prefix = `group${k}|`;
      writeGroupState(
        g,
        state.filter((e) => e.name.startsWith(prefix)).map((e) => ({ ...e, name: e.name.slice(prefix.length) })),
      );
    });
  };

  const tracker = new EpochTracker({ ...options, phase });
  const rng = tracker.rng;
  const snapshot = () => host.snapshot();
  const tensor = (values: Float32Array, dims: readonly number[]) => new ort.Tensor("float32", values, [...dims]);
  const stateFeeds = () => Object.fromEntries(weights.map((w, i) => [stateInput(i), tensor(w, plan.state[i])]));

  const resume = tracker.resume;
  if (resume) {
    host.restore(resume.weights, "checkpoint");
    writeOptimizerState(resume.optimizer);
  }

  const val = data.val && data.val.inputs.length > 0 ? data.val : null;
  const evaluate = async (): Promise<{ loss: number; acc: number }> => {
    const count = val!.inputs.length;
    const chunk = Math.max(1, batchSize);
    const inputs = new Float32Array(Math.min(chunk, count) * inputSize);
    const feeds = stateFeeds();
    let lossSum = 0;
    let correct = 0;
    for (let from = 0; from < count; from += chunk) {
      throwIfAborted(signal);
      const rows = Math.min(chunk, count - from);
      for (let k = 0; k < rows; k++) inputs.set(val!.inputs[from + k], k * inputSize);
      const out = await logitsSession.run({
        x: tensor(inputs.subarray(0, rows * inputSize), [rows, height, width, channels]),
        ...feeds,
      });
      const logits = out.logits.data as Float32Array;
      const targets = val!.targets.subarray(from * units, (from + rows) * units);
      lossSum += meanLoss(classMode, targets, logits, units) * rows;
      correct += correctCount(classMode, targets, logits, units);
    }
    return { loss: lossSum / count, acc: correct / count };
  };

  const epochInputs = new Float32Array(n * inputSize);
  const epochTargets = new Float32Array(n * units);
  const mask = new Float32Array(batchSize * hiddenUnits).fill(1);
  const scale = new Float32Array(1);
  const logitsOut = new Float32Array(batchSize * units);
  // ONNX Runtime writes the gradients into these (pre-allocated fetches): no fresh 2 MB per step.
  const stepFetches = (rows: number) => ({
    logits: tensor(logitsOut.subarray(0, rows * units), [rows, units]),
    ...Object.fromEntries(grads.map((g, k) => [gradientOutput(k), tensor(g, trainableShapes[k])])),
  });
  const fullBatchFetches = stepFetches(batchSize);
  for (let epoch = tracker.startEpoch; epoch < options.epochs && !tracker.stopped; epoch++) {
    const started = performance.now();
    const order = rng.permutation(n);
    // Drawn in runPhase's order: the permutation, then one variant per item, then a seed per batch.
    const chosen = order.map((i) => data.train[i][data.train[i].length > 1 ? rng.int(data.train[i].length) : 0]);
    chosen.forEach((row, k) => epochInputs.set(row, k * inputSize));
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
      await stepSession.run(
        {
          x: tensor(epochInputs.subarray(from * inputSize, (from + count) * inputSize), [
            count,
            height,
            width,
            channels,
          ]),
          y: tensor(targets, [count, units]),
          ...stateFeeds(),
          mask: tensor(mask.subarray(0, count * hiddenUnits), [count, hiddenUnits]),
          scale: tensor(scale, [1]),
        },
        count === batchSize ? fullBatchFetches : stepFetches(count),
      );
      const logits = logitsOut.subarray(0, count * units);
      lossSum += meanLoss(classMode, targets, logits, units) * count;
      correct += correctCount(classMode, targets, logits, units);
      for (const group of groups) {
        const groupRate = stepRate * group.multiplier;
        if (group.adam) {
          const adam = group.adam;
          group.members.forEach((k, slot) => {
            const i = plan.trainable[k];
            adam.update(slot, variables[i].name, plan.state[i], weights[i], grads[k], groupRate);
          });
          adam.endStep();
        } else {
          for (const k of group.members) sgdStep(weights[plan.trainable[k]], grads[k], groupRate);
          group.sgdIterations++;
        }
      }
      decayWeights(weights, decayed, stepRate, weightDecay);
      options.onBatch?.(b + 1, batchesPerEpoch);
      await yieldToEventLoop();
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
