import * as tf from "@tensorflow/tfjs";
import { throwIfAborted } from "./abort.ts";
import {
  assertSnapshotFits,
  type EpochMetrics,
  epochMetrics,
  type NamedArray,
  type Phase,
  snapshotEntry,
  type TrainingCheckpoint,
} from "./checkpoint.ts";
import { type ClassMode, correctFromLogits, lossFromLogits } from "./class-mode.ts";
import { outOfTrainingTime } from "./epoch-tracker.ts";
import type { StepGradients } from "./head-gradients.ts";
import { createOptimizer, type OptimizerName, readOptimizerState, writeOptimizerState } from "./optimizer.ts";
import { TrainingRng } from "./rng.ts";
import { type LearningRateSchedule, learningRateAt } from "./schedule.ts";

/** A network being trained: how to run it and which variables make up its state. */
export interface TrainableNetwork {
  /** Pre-activation outputs; `dropoutSeed` undefined means inference mode. */
  logits(inputs: tf.Tensor, dropoutSeed: number | undefined): tf.Tensor2D;
  /** Variables the optimizer updates, in a fixed order. */
  trainable: tf.Variable[];
  /** Every variable saved in checkpoints and best-epoch snapshots (a superset of `trainable`). */
  state: tf.Variable[];
  /**
   * Optional hand-written loss and gradients of one step (same semantics as autodiff through
   * `logits`); when absent the step is differentiated by tf's autodiff.
   */
  gradients?(inputs: tf.Tensor, targets: tf.Tensor2D, dropoutSeed: number): StepGradients;
}

export interface PhaseData {
  /** Shape of one input item (e.g. [1280] for pooled features, [7, 7, 160] for activations). */
  itemShape: number[];
  /** Per training item, its available variants (one or more input vectors); one is sampled per epoch. */
  train: Float32Array[][];
  trainTargets: Float32Array;
  val: { inputs: Float32Array[]; targets: Float32Array } | null;
  /** Output units (targets per item). */
  units: number;
}

export interface PhaseOptions {
  phase: Phase;
  network: TrainableNetwork;
  data: PhaseData;
  classMode: ClassMode;
  epochs: number;
  batchSize: number;
  optimizer: OptimizerName;
  learningRate: number;
  /** How the rate moves over the phase's `epochs` (its ceiling); absent = constant, as before. */
  schedule?: LearningRateSchedule;
  /**
   * Decoupled weight decay (AdamW, Loshchilov & Hutter): after each step every kernel (rank >= 2)
   * shrinks by rate x weightDecay. Biases and BN parameters are left alone. Absent or 0 = off.
   */
  weightDecay?: number;
  /**
   * Per variable of `network.trainable` (same order), a factor on the learning rate: discriminative
   * fine-tuning gives lower blocks a lower rate than the top. Absent (or all 1) = one rate for all.
   */
  learningRateMultipliers?: readonly number[];
  earlyStoppingPatience: number | null;
  /**
   * A wall-clock end for the phase (ms since the epoch, Date.now()'s clock): after an epoch, when one
   * more like it would end past this, the phase stops as early stopping does (the best epoch, when
   * tracked, is restored) and the run goes on to evaluate and save. An AUTO run gives its last seeds
   * the budget's end, so a seed that turns out slower than planned still ends with a model instead
   * of being cut off with nothing. Absent = no end.
   */
  stopTrainingAt?: number;
  rng: TrainingRng;
  /** History of earlier phases, carried into checkpoints. */
  history: EpochMetrics[];
  fingerprint: string;
  resumeFrom: TrainingCheckpoint | null;
  signal?: AbortSignal;
  onEpoch?(metrics: EpochMetrics): void;
  onBatch?(done: number, total: number): void;
  saveCheckpoint?(checkpoint: TrainingCheckpoint): Promise<void>;
}

export interface PhaseResult {
  history: EpochMetrics[];
  /** 1-based epoch whose weights the network holds at the end. */
  bestEpoch: number;
  stoppedEarly: boolean;
  /** The RNG to continue with (restored from the checkpoint when resuming). */
  rng: TrainingRng;
}

const itemSize = (shape: number[]) => shape.reduce((a, b) => a * b, 1);

function snapshot(variables: tf.Variable[]): NamedArray[] {
  return variables.map((v, i) => snapshotEntry(i, v, Float32Array.from(v.dataSync())));
}

function restore(variables: tf.Variable[], arrays: NamedArray[], what: string): void {
  assertSnapshotFits(arrays, variables, what);
  variables.forEach((v, i) => {
    const { shape, values } = arrays[i];
    tf.tidy(() => v.assign(tf.tensor(values, shape, "float32")));
  });
}

/** Rows `indices` of `rows` (or `targets`, `width` values per row) laid out contiguously, in that order. */
function packRows(rows: Float32Array[], indices: number[], width: number): Float32Array {
  const out = new Float32Array(indices.length * width);
  indices.forEach((index, k) => out.set(rows[index], k * width));
  return out;
}

function packTargets(targets: Float32Array, indices: number[], units: number): Float32Array {
  const out = new Float32Array(indices.length * units);
  indices.forEach((index, k) => out.set(targets.subarray(index * units, (index + 1) * units), k * units));
  return out;
}

/**
 * Running loss and correct-count sums kept as tensors, so a batch never waits on a read-back (a
 * sync point on native and GPU backends); they are read once per epoch.
 */
class DeviceSums {
  #loss: tf.Scalar = tf.scalar(0);
  #correct: tf.Scalar = tf.scalar(0);

  /** Adds a batch's mean loss (weighted by its item count) and its correct count. */
  add(meanLoss: tf.Scalar, items: number, correct: tf.Scalar): void {
    // Kept: callers add from inside their own tidy, which must not take the running sums with it.
    const [loss, hits] = tf
      .tidy(() => [tf.add(this.#loss, tf.mul(meanLoss, items)), tf.add(this.#correct, correct)])
      .map((t) => tf.keep(t));
    tf.dispose([this.#loss, this.#correct]);
    this.#loss = loss as tf.Scalar;
    this.#correct = hits as tf.Scalar;
  }

  async read(): Promise<{ loss: number; correct: number }> {
    const both = tf.stack([this.#loss, this.#correct]);
    const [loss, correct] = await both.data();
    both.dispose();
    return { loss, correct };
  }

  dispose(): void {
    tf.dispose([this.#loss, this.#correct]);
  }
}

// Yielding to the event loop between batches is what lets an abort() from a timer, request handler
// or signal handler take effect within one batch.
const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Loss and accuracy of the network in inference mode over a whole set, in batches. */
export async function evaluateSet(
  network: TrainableNetwork,
  classMode: ClassMode,
  itemShape: number[],
  inputs: Float32Array[],
  targets: Float32Array,
  units: number,
  batchSize: number,
): Promise<{ loss: number; acc: number }> {
  const size = itemSize(itemShape);
  const sums = new DeviceSums();
  try {
    for (let start = 0; start < inputs.length; start += batchSize) {
      const indices = Array.from({ length: Math.min(batchSize, inputs.length - start) }, (_, k) => start + k);
      tf.tidy(() => {
        const x = tf.tensor(packRows(inputs, indices, size), [indices.length, ...itemShape]);
        const y = tf.tensor2d(packTargets(targets, indices, units), [indices.length, units]);
        const logits = network.logits(x, undefined);
        sums.add(lossFromLogits(classMode, y, logits), indices.length, correctFromLogits(classMode, y, logits));
      });
      await yieldToEventLoop();
    }
    const { loss, correct } = await sums.read();
    return { loss: loss / inputs.length, acc: correct / inputs.length };
  } finally {
    sums.dispose();
  }
}

/** Applies hand-written gradients in the order of `trainable`, which fixes the optimizer's slot order. */
function appliedGradients(
  optimizer: tf.Optimizer,
  network: TrainableNetwork,
  step: StepGradients,
): { loss: tf.Scalar; correct: tf.Scalar } {
  const ordered: tf.NamedTensorMap = {};
  for (const variable of network.trainable) {
    const grad = step.grads[variable.name];
    if (!grad) throw new Error(`the network's gradients() returned nothing for trainable variable ${variable.name}`);
    ordered[variable.name] = grad;
  }
  optimizer.applyGradients(ordered);
  return step;
}

/** Sets the rate an optimizer applies on its next step (tfjs reads the field on every update). */
function setLearningRate(optimizer: tf.Optimizer, rate: number): void {
  const withSetter = optimizer as tf.Optimizer & { setLearningRate?(rate: number): void };
  if (typeof withSetter.setLearningRate === "function") withSetter.setLearningRate(rate);
  else (optimizer as unknown as { learningRate: number }).learningRate = rate;
}

/**
 * One optimizer per distinct rate multiplier (Adam's step does not scale with the gradient, so a
 * per-group rate needs a per-group optimizer). Gradients of all trainable variables come from one
 * backward pass; each group applies its share at its own rate.
 */
class GroupedOptimizer {
  readonly groups: { multiplier: number; variables: tf.Variable[]; optimizer: tf.Optimizer }[] = [];

  constructor(name: OptimizerName, baseRate: number, variables: tf.Variable[], multipliers: readonly number[]) {
    if (multipliers.length !== variables.length) {
      throw new Error(
        `got ${multipliers.length} learning-rate multipliers for ${variables.length} trainable variables`,
      );
    }
    variables.forEach((variable, i) => {
      let group = this.groups.find((g) => g.multiplier === multipliers[i]);
      if (!group) {
        group = {
          multiplier: multipliers[i],
          variables: [],
          optimizer: createOptimizer(name, baseRate * multipliers[i]),
        };
        this.groups.push(group);
      }
      group.variables.push(variable);
    });
  }

  setRate(rate: number): void {
    for (const g of this.groups) setLearningRate(g.optimizer, rate * g.multiplier);
  }

  step(
    network: TrainableNetwork,
    classMode: ClassMode,
    x: tf.Tensor,
    y: tf.Tensor2D,
    dropoutSeed: number,
  ): { loss: tf.Scalar; correct: tf.Scalar } {
    let loss: tf.Scalar;
    let correct: tf.Scalar | undefined;
    let grads: tf.NamedTensorMap;
    if (network.gradients) {
      const step = network.gradients(x, y, dropoutSeed);
      ({ loss, correct, grads } = step);
    } else {
      const result = tf.variableGrads(() => {
        const logits = network.logits(x, dropoutSeed);
        correct = tf.keep(correctFromLogits(classMode, y, logits));
        return lossFromLogits(classMode, y, logits);
      }, network.trainable);
      loss = result.value;
      grads = result.grads;
    }
    for (const g of this.groups) {
      const own: tf.NamedTensorMap = {};
      for (const v of g.variables) {
        if (!grads[v.name]) throw new Error(`no gradient for trainable variable ${v.name}`);
        own[v.name] = grads[v.name];
      }
      g.optimizer.applyGradients(own);
    }
    return { loss, correct: correct! };
  }

  async readState(): Promise<NamedArray[]> {
    const out: NamedArray[] = [];
    for (const [k, g] of this.groups.entries()) {
      for (const entry of await readOptimizerState(g.optimizer))
        out.push({ ...entry, name: `group${k}|${entry.name}` });
    }
    return out;
  }

  async writeState(state: NamedArray[]): Promise<void> {
    for (const [k, g] of this.groups.entries()) {
      const prefix = `group${k}|`;
      const own = state
        .filter((e) => e.name.startsWith(prefix))
        .map((e) => ({ ...e, name: e.name.slice(prefix.length) }));
      await writeOptimizerState(g.optimizer, own);
    }
  }

  dispose(): void {
    for (const g of this.groups) g.optimizer.dispose();
  }
}

function autodiffStep(
  optimizer: tf.Optimizer,
  network: TrainableNetwork,
  classMode: ClassMode,
  x: tf.Tensor,
  y: tf.Tensor2D,
  dropoutSeed: number,
): { loss: tf.Scalar; correct: tf.Scalar } {
  let correct: tf.Scalar | undefined;
  const loss = optimizer.minimize(
    () => {
      const logits = network.logits(x, dropoutSeed);
      correct = tf.keep(correctFromLogits(classMode, y, logits));
      return lossFromLogits(classMode, y, logits);
    },
    true,
    network.trainable,
  ) as tf.Scalar;
  return { loss, correct: correct! };
}

/**
 * One training phase (head or fine-tune): seeded shuffling and variant sampling, per-step seeded
 * dropout, per-epoch metrics and checkpoint, early stopping with best-epoch restore, and resume from
 * a checkpoint of the same phase. Every tensor it creates is released before it returns or throws.
 */
export async function runPhase(options: PhaseOptions): Promise<PhaseResult> {
  const { network, data, classMode, batchSize, signal, phase } = options;
  const size = itemSize(data.itemShape);
  const n = data.train.length;
  const batchesPerEpoch = Math.ceil(n / batchSize);
  const multipliers = options.learningRateMultipliers;
  const grouped = multipliers?.some((m) => m !== 1)
    ? new GroupedOptimizer(options.optimizer, options.learningRate, network.trainable, multipliers)
    : null;
  // With groups the per-group optimizers do the work; this one only keeps the single-rate path unchanged.
  const optimizer = createOptimizer(options.optimizer, options.learningRate);
  const schedule = options.schedule ?? "constant";
  const totalSteps = options.epochs * batchesPerEpoch;
  const weightDecay = options.weightDecay ?? 0;
  const decayed = weightDecay > 0 ? network.trainable.filter((v) => v.shape.length >= 2) : [];
  let rng = options.rng;
  let history = [...options.history];
  let startEpoch = 0;
  let best: TrainingCheckpoint["best"] = null;
  let wait = 0;
  let stopped = false;

  try {
    const resume = options.resumeFrom;
    if (resume && resume.phase === phase) {
      restore(network.state, resume.weights, "checkpoint");
      if (grouped) await grouped.writeState(resume.optimizer);
      else await writeOptimizerState(optimizer, resume.optimizer);
      rng = TrainingRng.fromState(resume.rngState);
      history = [...resume.history];
      startEpoch = resume.epoch;
      best = resume.best;
      wait = resume.wait;
      stopped = resume.stopped;
    }

    for (let epoch = startEpoch; epoch < options.epochs && !stopped; epoch++) {
      const started = performance.now();
      let lossSum: number;
      let correct: number;
      const order = rng.permutation(n);
      const chosen = order.map((i) => data.train[i][data.train[i].length > 1 ? rng.int(data.train[i].length) : 0]);
      // The epoch's inputs in shuffled order, packed once: each batch is then one contiguous upload.
      const epochInputs = packRows(
        chosen,
        chosen.map((_, k) => k),
        size,
      );
      const epochTargets = packTargets(data.trainTargets, order, data.units);
      const sums = new DeviceSums();
      try {
        for (let b = 0; b < batchesPerEpoch; b++) {
          throwIfAborted(signal);
          const from = b * batchSize;
          const count = Math.min(batchSize, n - from);
          const dropoutSeed = rng.seed();
          const rate = learningRateAt(schedule, options.learningRate, epoch * batchesPerEpoch + b, totalSteps);
          if (schedule !== "constant") {
            if (grouped) grouped.setRate(rate);
            else setLearningRate(optimizer, rate);
          }
          tf.tidy(() => {
            const x = tf.tensor(epochInputs.subarray(from * size, (from + count) * size), [count, ...data.itemShape]);
            const y = tf.tensor2d(epochTargets.subarray(from * data.units, (from + count) * data.units), [
              count,
              data.units,
            ]);
            const step = grouped
              ? grouped.step(network, classMode, x, y, dropoutSeed)
              : network.gradients
                ? appliedGradients(optimizer, network, network.gradients(x, y, dropoutSeed))
                : autodiffStep(optimizer, network, classMode, x, y, dropoutSeed);
            sums.add(step.loss, count, step.correct);
            // The autodiff path keeps its count out of minimize()'s scope, so it is released by hand.
            step.correct.dispose();
            for (const v of decayed) v.assign(tf.mul(v, 1 - rate * weightDecay));
          });
          options.onBatch?.(b + 1, batchesPerEpoch);
          await yieldToEventLoop();
        }
        const read = await sums.read();
        lossSum = read.loss;
        correct = read.correct;
      } finally {
        sums.dispose();
      }
      throwIfAborted(signal);
      const val =
        data.val && data.val.inputs.length > 0
          ? await evaluateSet(
              network,
              classMode,
              data.itemShape,
              data.val.inputs,
              data.val.targets,
              data.units,
              batchSize,
            )
          : null;
      const metrics = epochMetrics(phase, epoch, { lossSum, correct, count: n }, val, started);
      history.push(metrics);

      if (options.earlyStoppingPatience !== null) {
        const monitor = metrics.valLoss ?? metrics.loss;
        if (best === null || monitor < best.monitor) {
          best = { epoch: epoch + 1, monitor, weights: snapshot(network.state) };
          wait = 0;
        } else if (++wait >= options.earlyStoppingPatience) {
          stopped = true;
        }
      }
      if (outOfTrainingTime(options.stopTrainingAt, metrics.seconds)) stopped = true;
      if (options.saveCheckpoint) {
        await options.saveCheckpoint({
          version: 1,
          fingerprint: options.fingerprint,
          phase,
          epoch: epoch + 1,
          stopped,
          weights: snapshot(network.state),
          optimizer: grouped ? await grouped.readState() : await readOptimizerState(optimizer),
          rngState: rng.state,
          best,
          wait,
          history,
        });
      }
      options.onEpoch?.(metrics);
    }

    const lastEpoch = history.filter((h) => h.phase === phase).length;
    if (best !== null && best.epoch !== lastEpoch) restore(network.state, best.weights, "best-epoch snapshot");
    return { history, bestEpoch: best?.epoch ?? lastEpoch, stoppedEarly: stopped, rng };
  } finally {
    optimizer.dispose();
    grouped?.dispose();
  }
}
