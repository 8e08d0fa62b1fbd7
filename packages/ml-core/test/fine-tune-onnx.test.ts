// The fine-tune step on ONNX Runtime against the tfjs path it replaces, on the real bundled
// MobileNetV2: the step graph's gradients against tfjs autodiff through the same layers, a few
// optimizer steps on each engine from the same weights, checkpoints that resume on the other engine,
// the fallbacks, and a whole trainClassifier run with fine-tuning on the sample images.
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import * as tf from "@tensorflow/tfjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Backbone, backboneSpec, loadBackbone } from "../src/backbones/index.ts";
import { initBackend } from "../src/backend/index.ts";
import { type LabelledImage, loadImageFolder } from "../src/dataset/index.ts";
import { splitForFineTune } from "../src/finetune/index.ts";
import { INFERENCE_ENV_VARIABLE } from "../src/inference/engine.ts";
import { gradientOutput, stateInput } from "../src/onnx/fine-tune-graph.ts";
import { loadOnnxRuntime, type OnnxRuntime } from "../src/onnx/runtime.ts";
import { isAbortError } from "../src/train/abort.ts";
import type { NamedArray, TrainingCheckpoint } from "../src/train/checkpoint.ts";
import type { ClassMode } from "../src/train/class-mode.ts";
import { encodeTargets } from "../src/train/class-mode.ts";
import { openFineTuneSessions, runFineTunePhase } from "../src/train/fine-tune-onnx.ts";
import { buildHead, headLogits } from "../src/train/head.ts";
import { dropoutMask } from "../src/train/head-training-onnx.ts";
import { trainClassifier } from "../src/train/index.ts";
import type { PhaseData, TrainableNetwork } from "../src/train/loop.ts";
import type { OptimizerName } from "../src/train/optimizer.ts";
import { TrainingRng } from "../src/train/rng.ts";
import { blockRateMultipliers } from "../src/train/train-classifier.ts";

const SIZE = 96;
const SAMPLE = join(dirname(fileURLToPath(import.meta.url)), "../data/sample/binary");
const HIDDEN = 16;

let backbone: Backbone;
let ort: OnnxRuntime;

beforeAll(async () => {
  await initBackend("wasm");
  const loaded = await loadOnnxRuntime();
  if (!("ort" in loaded)) throw new Error(loaded.error);
  ort = loaded.ort;
  backbone = await loadBackbone(backboneSpec("mobilenet_v2", { inputSize: SIZE }));
});

afterAll(() => backbone?.dispose());

/** Real cut activations: random pixels through the frozen bottom of the backbone. */
function activations(frozen: tf.LayersModel, count: number, seed: number): Float32Array[] {
  return tf.tidy(() => {
    const pixels = tf.randomUniform([count, SIZE, SIZE, 3], 0, 255, "float32", seed);
    const acts = frozen.predict(pixels) as tf.Tensor;
    const flat = acts.dataSync() as Float32Array;
    const size = flat.length / count;
    return Array.from({ length: count }, (_, k) => flat.slice(k * size, (k + 1) * size));
  });
}

/** Largest |a − b| relative to the largest |a| of the same array, over every pair. */
function worstRelative(a: Float32Array[], b: Float32Array[]): number {
  let worst = 0;
  a.forEach((x, i) => {
    expect(b[i].length).toBe(x.length);
    let diff = 0;
    let scale = 0;
    for (let k = 0; k < x.length; k++) {
      diff = Math.max(diff, Math.abs(x[k] - b[i][k]));
      scale = Math.max(scale, Math.abs(x[k]));
    }
    worst = Math.max(worst, diff / (scale || 1));
  });
  return worst;
}

function maxDifference(a: Float32Array[], b: Float32Array[]): number {
  let worst = 0;
  a.forEach((x, i) => {
    for (let k = 0; k < x.length; k++) worst = Math.max(worst, Math.abs(x[k] - b[i][k]));
  });
  return worst;
}

interface Fixture {
  top: tf.LayersModel;
  frozen: tf.LayersModel;
  head: tf.Sequential;
  network: TrainableNetwork;
  read(): Float32Array[];
  write(values: Float32Array[]): void;
  dispose(): void;
}

/** The top `blocks` of the shared backbone and a fresh head, as trainClassifier builds its fine-tune network. */
function fixture(blocks: number, classMode: ClassMode, classCount: number): Fixture {
  const split = splitForFineTune(backbone, blocks);
  const head = buildHead({ inputDim: 1280, units: HIDDEN, dropout: 0.5, classMode, classCount, seed: 3 });
  const state = [...split.top.weights, ...head.weights].map((w) => w.read() as tf.Variable);
  const network: TrainableNetwork = {
    logits: (x, seed) => headLogits(head, split.top.apply(x, { training: seed !== undefined }) as tf.Tensor, seed),
    trainable: [...split.top.trainableWeights, ...head.trainableWeights].map((w) => w.read() as tf.Variable),
    state,
  };
  return {
    top: split.top,
    frozen: split.frozen,
    head,
    network,
    read: () => state.map((v) => Float32Array.from(v.dataSync() as Float32Array)),
    write: (values) => state.forEach((v, i) => tf.tidy(() => v.assign(tf.tensor(values[i], v.shape, "float32")))),
    dispose: () => {
      head.dispose();
      split.top.dispose();
    },
  };
}

describe("the fine-tune step graph's gradients against tfjs autodiff", () => {
  for (const [blocks, classMode] of [
    [2, "multiclass"],
    [4, "multilabel"],
  ] as const) {
    it(`top ${blocks} blocks of mobilenet_v2 at ${SIZE} px, batch 4, ${classMode}`, async () => {
      const classes = 3;
      const f = fixture(blocks, classMode, classes);
      try {
        const count = 4;
        const acts = activations(f.frozen, count, 11);
        const shape = f.top.inputs[0].shape.slice(1) as number[];
        const labels = classMode === "multiclass" ? [[0], [1], [2], [1]] : [[0, 2], [1], [2], [0, 1]];
        const targets = encodeTargets(classMode, classes, labels);
        const units = targets.length / count;
        const seed = 4242;
        const flat = new Float32Array(acts.length * acts[0].length);
        acts.forEach((a, k) => flat.set(a, k * a.length));
        const { value, grads } = tf.tidy(() => {
          const x = tf.tensor(flat, [count, ...shape]);
          const y = tf.tensor2d(targets, [count, units]);
          const result = tf.variableGrads(() => {
            const logits = f.network.logits(x, seed);
            return classMode === "multiclass"
              ? tf.losses.softmaxCrossEntropy(y, logits)
              : tf.losses.sigmoidCrossEntropy(y, logits);
          }, f.network.trainable);
          return { value: result.value, grads: f.network.trainable.map((v) => result.grads[v.name]) };
        });
        const reference = grads.map((g) => Float32Array.from(g.dataSync() as Float32Array));
        tf.dispose([value, ...grads]);

        const activation = classMode === "multiclass" ? "softmax" : "sigmoid";
        const sessions = await openFineTuneSessions(ort, f.top, f.head, activation, 1);
        const { plan, step } = sessions;
        expect(plan.trainable).toHaveLength(f.network.trainable.length);
        const mask = new Float32Array(count * HIDDEN);
        dropoutMask(mask, count, HIDDEN, 0.5, seed);
        const feeds: Record<string, InstanceType<OnnxRuntime["Tensor"]>> = {
          x: new ort.Tensor("float32", flat, [count, ...shape]),
          y: new ort.Tensor("float32", targets, [count, units]),
          mask: new ort.Tensor("float32", mask, [count, HIDDEN]),
          scale: new ort.Tensor(
            "float32",
            Float32Array.of(classMode === "multiclass" ? 1 / count : 1 / targets.length),
            [1],
          ),
        };
        f.network.state.forEach((v, i) => {
          feeds[stateInput(i)] = new ort.Tensor("float32", v.dataSync() as Float32Array, v.shape);
        });
        const out = await step.run(feeds);
        await sessions.release();
        const ours = plan.trainable.map((_, k) => out[gradientOutput(k)].data as Float32Array);
        // Every trainable variable (conv kernels, depthwise kernels, BN gamma/beta, the head) gets a
        // gradient, and none is all zeros (the comparison would then prove nothing).
        expect(reference.every((g) => g.some((v) => v !== 0))).toBe(true);
        const worst = worstRelative(reference, ours);
        console.info(
          `top ${blocks} blocks: worst gradient difference ${worst.toExponential(2)} of each array's largest`,
        );
        expect(worst).toBeLessThan(2e-5);
      } finally {
        f.dispose();
      }
    });
  }
});

function phaseData(f: Fixture, classMode: ClassMode, trainCount: number, valCount: number): PhaseData {
  const all = activations(f.frozen, trainCount + valCount, 21);
  const labelOf = (i: number) => (classMode === "multilabel" ? (i % 3 === 0 ? [0, 1] : [i % 2]) : [i % 2]);
  const trainLabels = Array.from({ length: trainCount }, (_, i) => labelOf(i));
  const valLabels = Array.from({ length: valCount }, (_, i) => labelOf(i + 1));
  return {
    itemShape: f.top.inputs[0].shape.slice(1) as number[],
    // Two variants for some items, so variant sampling is exercised.
    train: all.slice(0, trainCount).map((a, i) => (i % 3 === 0 ? [a, all[(i + 1) % trainCount]] : [a])),
    trainTargets: encodeTargets(classMode, 2, trainLabels),
    val: { inputs: all.slice(trainCount), targets: encodeTargets(classMode, 2, valLabels) },
    units: classMode === "binary" ? 1 : 2,
  };
}

describe("fine-tune phases on ONNX Runtime and on tfjs", () => {
  const base = {
    phase: "fine-tune" as const,
    epochs: 2,
    batchSize: 4,
    earlyStoppingPatience: null,
    history: [],
    fingerprint: "fp",
    resumeFrom: null,
    log: null,
  };

  async function both(
    blocks: number,
    classMode: ClassMode,
    optimizer: OptimizerName,
    extra: { decay?: number; weightDecay?: number; schedule?: "cosine"; resumeAt?: number } = {},
  ) {
    const f = fixture(blocks, classMode, 2);
    const initial = f.read();
    try {
      const data = phaseData(f, classMode, 10, 4);
      const multipliers =
        extra.decay === undefined
          ? undefined
          : [...blockRateMultipliers(f.top, backbone, extra.decay), ...f.head.trainableWeights.map(() => 1)];
      const run = async (engine: "onnx" | "tfjs", resumeFrom: TrainingCheckpoint | null = null) => {
        const checkpoints: TrainingCheckpoint[] = [];
        const result = await runFineTunePhase({
          ...base,
          network: f.network,
          top: f.top,
          head: f.head,
          engine,
          data,
          classMode,
          optimizer,
          learningRate: optimizer === "sgd" ? 0.05 : 0.002,
          learningRateMultipliers: multipliers,
          weightDecay: extra.weightDecay,
          schedule: extra.schedule,
          rng: new TrainingRng(9),
          resumeFrom,
          saveCheckpoint: async (ck) => {
            checkpoints.push(structuredClone(ck));
          },
        });
        const weights = f.read();
        f.write(initial);
        return { ...result, weights, checkpoints };
      };
      const onnx = await run("onnx");
      const tfjs = await run("tfjs");
      return { onnx, tfjs, initial };
    } finally {
      // The fixture's layers belong to the shared backbone: put its weights back for the next test.
      f.write(initial);
      f.dispose();
    }
  }

  function expectSame(onnx: { history: { loss: number; valLoss: number | null; acc: number }[] }, tfjs: typeof onnx) {
    expect(onnx.history).toHaveLength(tfjs.history.length);
    onnx.history.forEach((h, i) => {
      expect(h.loss).toBeCloseTo(tfjs.history[i].loss, 4);
      expect(h.valLoss!).toBeCloseTo(tfjs.history[i].valLoss!, 4);
      expect(h.acc).toBe(tfjs.history[i].acc);
    });
  }

  it("Adam with per-block rates, weight decay and a cosine schedule: same history and weights (top 2 blocks)", async () => {
    const { onnx, tfjs, initial } = await both(2, "multiclass", "adam", {
      decay: 0.5,
      weightDecay: 0.01,
      schedule: "cosine",
    });
    expect(onnx.engine).toBe("onnx");
    expect(tfjs.engine).toBe("tfjs");
    expectSame(onnx, tfjs);
    // The steps moved the weights by far more than the engines disagree.
    const moved = maxDifference(onnx.weights, initial);
    const disagree = maxDifference(onnx.weights, tfjs.weights);
    console.info(
      `Adam, 6 steps: weights moved up to ${moved.toExponential(2)}, engines differ by ${disagree.toExponential(2)}`,
    );
    expect(moved).toBeGreaterThan(1e-3);
    expect(disagree).toBeLessThan(1e-4);
    // Same checkpoint layout (one optimizer per rate group), so a run can resume on either engine.
    expect(onnx.checkpoints.at(-1)!.optimizer.map((e: NamedArray) => `${e.name.split("|")[0]}:${e.shape}`)).toEqual(
      tfjs.checkpoints.at(-1)!.optimizer.map((e: NamedArray) => `${e.name.split("|")[0]}:${e.shape}`),
    );
  });

  it("SGD, binary, top 4 blocks: same history and weights", async () => {
    const { onnx, tfjs } = await both(4, "binary", "sgd");
    expect(onnx.engine).toBe("onnx");
    expectSame(onnx, tfjs);
    const disagree = maxDifference(onnx.weights, tfjs.weights);
    console.info(`SGD, 6 steps: engines differ by ${disagree.toExponential(2)}`);
    expect(disagree).toBeLessThan(1e-4);
  });

  it("a checkpoint written on ONNX Runtime resumes on tfjs to the same end", async () => {
    const f = fixture(2, "multilabel", 2);
    const initial = f.read();
    try {
      const data = phaseData(f, "multilabel", 10, 4);
      const options = {
        ...base,
        network: f.network,
        top: f.top,
        head: f.head,
        data,
        classMode: "multilabel" as const,
        optimizer: "adam" as const,
        learningRate: 0.002,
        rng: new TrainingRng(9),
      };
      const checkpoints: TrainingCheckpoint[] = [];
      const whole = await runFineTunePhase({
        ...options,
        engine: "onnx",
        saveCheckpoint: async (ck) => {
          checkpoints.push(structuredClone(ck));
        },
      });
      const straight = f.read();
      f.write(initial);
      const resumed = await runFineTunePhase({ ...options, engine: "tfjs", resumeFrom: checkpoints[0] });
      expect(resumed.engine).toBe("tfjs");
      expect(resumed.history.map((h) => h.epoch)).toEqual([1, 2]);
      expect(resumed.history[1].loss).toBeCloseTo(whole.history[1].loss, 4);
      expect(maxDifference(f.read(), straight)).toBeLessThan(1e-4);
    } finally {
      f.write(initial);
      f.dispose();
    }
  });

  it("stops within one batch when the run is cancelled, leaving the layers' weights as they were", async () => {
    const f = fixture(2, "multiclass", 2);
    const initial = f.read();
    try {
      const controller = new AbortController();
      const batches: number[] = [];
      const run = runFineTunePhase({
        ...base,
        network: f.network,
        top: f.top,
        head: f.head,
        engine: "onnx",
        data: phaseData(f, "multiclass", 12, 0),
        classMode: "multiclass",
        optimizer: "adam",
        learningRate: 0.01,
        rng: new TrainingRng(2),
        signal: controller.signal,
        onBatch: (done) => {
          batches.push(done);
          if (done === 1) controller.abort();
        },
      });
      await expect(run).rejects.toSatisfy(isAbortError);
      expect(batches).toEqual([1]);
      // The steps' weights live in the loop until the phase ends; a cancelled phase writes none back.
      expect(maxDifference(f.read(), initial)).toBe(0);
    } finally {
      f.write(initial);
      f.dispose();
    }
  });

  it("falls back to tfjs, saying why, for a top it cannot train and for rmsprop", async () => {
    // Five blocks reach block_13, whose stride-2 depthwise conv follows a ZeroPadding2D.
    const f = fixture(5, "multiclass", 2);
    const initial = f.read();
    try {
      const data = phaseData(f, "multiclass", 4, 0);
      const lines: string[] = [];
      const options = {
        ...base,
        epochs: 1,
        network: f.network,
        top: f.top,
        head: f.head,
        data,
        classMode: "multiclass" as const,
        learningRate: 0.001,
        rng: new TrainingRng(1),
        log: (line: string) => lines.push(line),
      };
      const strided = await runFineTunePhase({ ...options, optimizer: "adam" });
      expect(strided.engine).toBe("tfjs");
      expect(strided.engineReason).toContain('"block_13_pad" (ZeroPadding2D)');
      expect(lines[0]).toMatch(/^fine-tune steps on tfjs: .*block_13_pad/);
      f.write(initial);
      const rmsprop = await runFineTunePhase({ ...options, optimizer: "rmsprop" });
      expect(rmsprop.engine).toBe("tfjs");
      expect(rmsprop.engineReason).toContain("rmsprop");
      f.write(initial);
      const custom = await runFineTunePhase({ ...options, optimizer: "adam", top: null });
      expect(custom.engine).toBe("tfjs");
      expect(custom.engineReason).toContain("forward pass");
    } finally {
      f.write(initial);
      f.dispose();
    }
  });
});

describe("trainClassifier with fine-tuning: ONNX Runtime against HEADSTART_INFERENCE=tfjs", () => {
  it("fine-tunes the top 2 blocks on the sample images to the same history", async () => {
    const dataset = await loadImageFolder(SAMPLE);
    const take = (split: "train" | "val", label: number, n: number) =>
      dataset.images.filter((i) => i.split === split && i.labels[0] === label).slice(0, n);
    const images: LabelledImage[] = [0, 1].flatMap((label) => [...take("train", label, 10), ...take("val", label, 4)]);
    const config = {
      batchSize: 8,
      epochs: 2,
      headUnits: 16,
      augmentation: null,
      seed: 7,
      fineTuneBlocks: 2,
      fineTuneEpochs: 2,
      fineTuneLearningRate: 0.001,
    };
    const run = async (engine: "onnx" | "tfjs") => {
      // A fresh backbone per run: fine-tuning changes the backbone's own layers.
      const fresh = await loadBackbone(backboneSpec("mobilenet_v2", { inputSize: SIZE }));
      const lines: string[] = [];
      const previous = process.env[INFERENCE_ENV_VARIABLE];
      if (engine === "tfjs") process.env[INFERENCE_ENV_VARIABLE] = "tfjs";
      try {
        const result = await trainClassifier({
          images,
          labels: dataset.labels,
          classMode: "binary",
          backbone: fresh,
          config,
          inference: { cacheDir: null, log: (line) => lines.push(line) },
        });
        const probabilities = result.validation.probabilities.map((p) => p[1]);
        result.dispose();
        return { history: result.history, probabilities, lines };
      } finally {
        if (previous === undefined) delete process.env[INFERENCE_ENV_VARIABLE];
        else process.env[INFERENCE_ENV_VARIABLE] = previous;
        fresh.dispose();
      }
    };
    const onnx = await run("onnx");
    const tfjs = await run("tfjs");
    expect(onnx.lines.some((l) => l.startsWith("fine-tune steps on onnx"))).toBe(true);
    expect(tfjs.lines.some((l) => l.startsWith("fine-tune steps on tfjs"))).toBe(true);
    expect(onnx.history.map((h) => `${h.phase}:${h.epoch}`)).toEqual([
      "head:1",
      "head:2",
      "fine-tune:1",
      "fine-tune:2",
    ]);
    expect(onnx.history.map((h) => `${h.phase}:${h.epoch}`)).toEqual(tfjs.history.map((h) => `${h.phase}:${h.epoch}`));
    const lossGap = Math.max(...onnx.history.map((h, i) => Math.abs(h.loss - tfjs.history[i].loss)));
    console.info(`trainClassifier: largest per-epoch loss difference ${lossGap.toExponential(2)}`);
    onnx.history.forEach((h, i) => {
      expect(h.loss).toBeCloseTo(tfjs.history[i].loss, 3);
      expect(h.valLoss!).toBeCloseTo(tfjs.history[i].valLoss!, 3);
      expect(h.valAcc).toBe(tfjs.history[i].valAcc);
    });
    onnx.probabilities.forEach((p, k) => expect(p).toBeCloseTo(tfjs.probabilities[k], 3));
  });
});
