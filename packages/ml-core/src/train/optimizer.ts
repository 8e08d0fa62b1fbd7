import * as tf from "@tensorflow/tfjs";
import { simdAdam } from "../kernels/adam-simd.ts";
import type { NamedArray } from "./checkpoint.ts";

export type OptimizerName = "adam" | "sgd" | "rmsprop";

/** tf.NamedTensor, which @tensorflow/tfjs does not re-export. */
type NamedTensor = { name: string; tensor: tf.Tensor };

const ADAM_BETA1 = 0.9;
const ADAM_BETA2 = 0.999;

/**
 * Adam's state and update over plain Float32Arrays: the step count, the running beta^t products and
 * one pair of moments per variable. Shared by FusedAdam (tfjs variables) and the ONNX Runtime head
 * loop (weights kept in JS), so both apply the same arithmetic and write the same checkpoint slots.
 */
export class AdamMoments {
  /** beta^t as a float32 running product, as tfjs keeps it (accBeta1/accBeta2). */
  private accBeta1: number;
  private accBeta2: number;
  /** Completed steps (tf.Optimizer's `iterations`). */
  iterations = 0;
  /**
   * Moments by the variable's position in the gradient list, as tf.train.adam keeps them: names of
   * layers differ between processes, so a checkpoint's slots are matched by order, not by name.
   */
  private moments: Array<{ name: string; shape: number[]; m: Float32Array; v: Float32Array }> = [];

  constructor(
    readonly beta1: number,
    readonly beta2: number,
    readonly epsilon: number,
  ) {
    this.accBeta1 = Math.fround(beta1);
    this.accBeta2 = Math.fround(beta2);
  }

  /** Updates `w` in place with gradient `g`; `index` is the variable's position in this step's list. */
  update(index: number, name: string, shape: readonly number[], w: Float32Array, g: Float32Array, rate: number): void {
    let slots = this.moments[index];
    if (!slots) {
      slots = { name, shape: [...shape], m: new Float32Array(w.length), v: new Float32Array(w.length) };
      this.moments[index] = slots;
    } else if (slots.m.length !== w.length) {
      throw new Error(
        `Adam: gradient ${index} (${name}) has ${w.length} values but its moments have ${slots.m.length}; the optimizer state belongs to another network`,
      );
    }
    const { beta1, beta2, epsilon } = this;
    adamUpdate(w, g, slots.m, slots.v, rate, beta1, beta2, 1 - this.accBeta1, 1 - this.accBeta2, epsilon);
  }

  /** Ends a step once every variable is updated: advances beta^t and the step count. */
  endStep(): void {
    this.accBeta1 = Math.fround(this.accBeta1 * this.beta1);
    this.accBeta2 = Math.fround(this.accBeta2 * this.beta2);
    this.iterations++;
  }

  /** Iterations, then every first moment, then every second moment: tf.train.adam's slots, as arrays. */
  readState(): NamedArray[] {
    const out: NamedArray[] = [{ name: "iter", shape: [], values: Float32Array.of(this.iterations) }];
    for (const { name, shape, m } of this.moments) out.push({ name: `${name}/m`, shape, values: m.slice() });
    for (const { name, shape, v } of this.moments) out.push({ name: `${name}/v`, shape, values: v.slice() });
    return out;
  }

  writeState(state: NamedArray[]): void {
    if (state.length === 0) return;
    const [iterations, ...slots] = state;
    const count = slots.length / 2;
    if (!Number.isInteger(count))
      throw new Error(`an Adam state has as many second moments as first (got ${slots.length} slots)`);
    this.iterations = Math.round(iterations.values[0]);
    // As tfjs's setWeights: the running products restart from beta^(t+1).
    this.accBeta1 = Math.fround(this.beta1 ** (this.iterations + 1));
    this.accBeta2 = Math.fround(this.beta2 ** (this.iterations + 1));
    this.moments = slots.slice(0, count).map((slot, i) => ({
      name: slot.name.replace(/\/m$/, ""),
      shape: [...slot.shape],
      m: Float32Array.from(slot.values),
      v: Float32Array.from(slots[count + i].values),
    }));
  }

  clear(): void {
    this.moments = [];
  }
}

/** A new Adam state with tf.train.adam's defaults (beta 0.9 / 0.999, the tfjs backend's epsilon). */
export function adamMoments(epsilon?: number): AdamMoments {
  return new AdamMoments(ADAM_BETA1, ADAM_BETA2, epsilon ?? tf.backend().epsilon());
}

/**
 * Adam with each step as one JS loop per variable over flat Float32Arrays, instead of tfjs's dozen
 * element-wise kernels per variable: on WASM and CPU every kernel call costs a dispatch, and the head's
 * step is so small that dispatch was most of it (10 epochs on 1,000 cached vectors: 0.49 s before).
 * The moments live in JS; the variable is read, updated and assigned once per step. Same rule, same
 * defaults (beta 0.9 / 0.999, the backend's epsilon) and the same checkpoint slots as tf.train.adam,
 * so results agree within float32 rounding and checkpoints move between the two.
 */
export class FusedAdam extends tf.Optimizer {
  static get className(): string {
    // Serialised like tfjs's Adam: the configuration and slots are the same.
    return "Adam";
  }

  readonly fused = true;
  readonly epsilon: number;
  readonly #adam: AdamMoments;

  constructor(
    public learningRate: number,
    readonly beta1 = ADAM_BETA1,
    readonly beta2 = ADAM_BETA2,
    epsilon?: number,
  ) {
    super();
    this.epsilon = epsilon ?? tf.backend().epsilon();
    this.#adam = new AdamMoments(beta1, beta2, this.epsilon);
  }

  override applyGradients(variableGradients: tf.NamedTensorMap | NamedTensor[]): void {
    const entries: Array<[string, tf.Tensor]> = Array.isArray(variableGradients)
      ? variableGradients.map((g) => [g.name, g.tensor])
      : Object.entries(variableGradients);
    const rate = this.learningRate;
    entries.forEach(([name, gradient], index) => {
      if (gradient == null) return;
      const variable = tf.engine().registeredVariables[name];
      if (!variable) throw new Error(`FusedAdam: no variable named ${name} to apply a gradient to`);
      const g = gradient.dataSync() as Float32Array;
      const w = Float32Array.from(variable.dataSync() as Float32Array);
      this.#adam.update(index, name, variable.shape, w, g, rate);
      // assign() takes over the new tensor's storage; an enclosing tidy() may dispose the handle.
      variable.assign(tf.tensor(w, variable.shape, "float32"));
    });
    this.#adam.endStep();
    this.incrementIterations();
  }

  /** Iterations, then every first moment, then every second moment: tf.train.adam's slots, as arrays. */
  readState(): NamedArray[] {
    return this.#adam.readState();
  }

  writeState(state: NamedArray[]): void {
    if (state.length === 0) return;
    this.#adam.writeState(state);
    this.iterations_ = this.#adam.iterations;
  }

  /** Fresh tensors the caller owns (tf.Optimizer's contract for getWeights), iterations first. */
  override async getWeights(): Promise<NamedTensor[]> {
    return this.readState().map(({ name, shape, values }, i) => ({
      name,
      tensor: i === 0 ? tf.scalar(values[0], "int32") : tf.tensor(values, shape, "float32"),
    }));
  }

  override async setWeights(weightValues: NamedTensor[]): Promise<void> {
    const state: NamedArray[] = [];
    for (const { name, tensor } of weightValues) {
      state.push({ name, shape: tensor.shape, values: Float32Array.from(await tensor.data()) });
    }
    this.writeState(state);
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { learningRate: this.learningRate, beta1: this.beta1, beta2: this.beta2, epsilon: this.epsilon };
  }

  override dispose(): void {
    this.#adam.clear();
  }
}

/** Variables at least this large take the SIMD kernel. */
const SIMD_MIN_VALUES = 1024;

/**
 * One Adam step over flat arrays, in place. A plain top-level function over typed arrays only, so V8
 * compiles one tight loop for it (a closure per call would keep it generic and several times slower).
 */
function adamUpdate(
  w: Float32Array,
  g: Float32Array,
  m: Float32Array,
  v: Float32Array,
  rate: number,
  beta1: number,
  beta2: number,
  correction1: number,
  correction2: number,
  epsilon: number,
): void {
  const oneMinusBeta1 = 1 - beta1;
  const oneMinusBeta2 = 1 - beta2;
  // rate * (m / c1) / (sqrt(v / c2) + eps) with the corrections folded into two scalars (Kingma & Ba's
  // "efficient version"): one square root and one division per element instead of two of each.
  const root2 = Math.sqrt(correction2);
  const step = (rate * root2) / correction1;
  const floor = epsilon * root2;
  const n = w.length;
  // Large variables go through the WebAssembly SIMD loop (float32 lanes); small ones (biases) stay
  // here, where copying into its memory would cost more than it saves.
  const simd = n >= SIMD_MIN_VALUES ? simdAdam() : null;
  if (simd) {
    simd.update(w, g, m, v, step, beta1, beta2, floor);
    return;
  }
  for (let i = 0; i < n; i++) {
    const gi = g[i];
    const mi = m[i] * beta1 + gi * oneMinusBeta1;
    const vi = v[i] * beta2 + gi * gi * oneMinusBeta2;
    m[i] = mi;
    v[i] = vi;
    w[i] -= (step * mi) / (Math.sqrt(vi) + floor);
  }
}

/**
 * A brand check: tf.Optimizer's Symbol.hasInstance answers true for any object with an optimizer's
 * methods, so `instanceof FusedAdam` would also accept tfjs's own Adam.
 */
export function isFusedAdam(optimizer: tf.Optimizer): optimizer is FusedAdam {
  return (optimizer as Partial<FusedAdam>).fused === true;
}

export function createOptimizer(name: OptimizerName, learningRate: number): tf.Optimizer {
  switch (name) {
    case "adam":
      return new FusedAdam(learningRate);
    case "sgd":
      return tf.train.sgd(learningRate);
    case "rmsprop":
      return tf.train.rmsprop(learningRate);
  }
}

/** Optimizer slots (iteration count, moments) as plain arrays for a checkpoint. */
export async function readOptimizerState(optimizer: tf.Optimizer): Promise<NamedArray[]> {
  if (isFusedAdam(optimizer)) return optimizer.readState();
  const named = await optimizer.getWeights();
  const out: NamedArray[] = [];
  for (const [i, { name, tensor }] of named.entries()) {
    out.push({ name, shape: tensor.shape, values: Float32Array.from(await tensor.data()) });
    // The first entry is a fresh scalar holding the iteration count; the rest are the live slots.
    if (i === 0) tensor.dispose();
  }
  return out;
}

export async function writeOptimizerState(optimizer: tf.Optimizer, state: NamedArray[]): Promise<void> {
  if (state.length === 0) return;
  if (isFusedAdam(optimizer)) return optimizer.writeState(state);
  const tensors = state.map(({ name, shape, values }, i) => ({
    name,
    tensor: i === 0 ? tf.scalar(Math.round(values[0]), "int32") : tf.tensor(values, shape, "float32"),
  }));
  await optimizer.setWeights(tensors);
  // setWeights turns each slot into its own variable, so the staging tensors can go.
  tf.dispose(tensors.map((t) => t.tensor));
}
