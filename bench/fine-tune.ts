import {
  backboneSpec,
  buildHead,
  createModelRunner,
  headLogits,
  type InferenceEngineName,
  loadBackbone,
  runFineTunePhase,
  splitForFineTune,
  TrainingRng,
} from "@headstart/ml-core";
import * as tf from "@tensorflow/tfjs";

export interface FineTuneStepTiming {
  inputSize: number;
  blocks: number;
  batchSize: number;
  /** Median seconds of one step on ONNX Runtime (forward, backward and Adam, as trainClassifier runs it). */
  stepSeconds: number;
  /** Every timed ONNX step, in order, for the spread. */
  steps: number[];
  /** The engine the first figure actually ran on ("tfjs" when ONNX Runtime could not), and why. */
  stepEngine: InferenceEngineName;
  stepEngineReason: string;
  /** ONNX Runtime intra-op threads of the step session. */
  threads: number;
  /** The same steps on tfjs (autodiff through the top blocks and head, fused Adam), same run; null when skipped. */
  tfjsStepSeconds: number | null;
  tfjsSteps: number[];
  /** Engine that computed the activations below the cut (ONNX Runtime unless it could not load). */
  activationEngine: InferenceEngineName;
  /** Median seconds to compute one batch's activations below the cut on that engine. */
  activationSeconds: number;
  /** The same batch's activations below the cut on tfjs, once: the figure ONNX replaces. */
  tfjsActivationSeconds: number | null;
  /** Largest |ONNX − tfjs| over that batch's activations. */
  activationMaxDifference: number | null;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/**
 * One fine-tuning step as trainClassifier runs it: the batch's activations below the cut come from
 * the inference engine (ONNX Runtime; in training they are computed once per image and cached), then
 * runFineTunePhase trains the top `blocks` of mobilenet_v2 (BatchNormalization in inference mode) and
 * the reference head on them, softmax cross-entropy and Adam over every unfrozen variable: once with
 * its steps on ONNX Runtime, once on tfjs, from the same weights. Each step's time is the gap between
 * the loop's per-batch callbacks (packing, dropout mask, forward, backward, optimizer); the first batch
 * of each engine is a warm-up. Pixels are random, so the activations are real backbone outputs.
 * `tfjsReference: false` skips both tfjs figures (activations and steps); `threads` sets ONNX
 * Runtime's intra-op threads for the steps.
 */
export async function fineTuneStepSeconds(
  inputSize: number,
  blocks = 2,
  batchSize = 64,
  steps = 3,
  options: { tfjsReference?: boolean; threads?: number } = {},
): Promise<FineTuneStepTiming> {
  const backbone = await loadBackbone(backboneSpec("mobilenet_v2", { inputSize }));
  const split = splitForFineTune(backbone, blocks);
  const head = buildHead({ inputDim: 1280, units: 64, dropout: 0.5, classMode: "multiclass", classCount: 2, seed: 1 });
  const pixels = tf.tidy(() => tf.randomUniform([batchSize, inputSize, inputSize, 3], 0, 255, "float32", 7));
  const pixelValues = pixels.dataSync() as Float32Array;
  const runner = await createModelRunner(backbone.model, { outputLayer: split.cutLayer, log: null });
  const activationTimes: number[] = [];
  let activationValues: Float32Array = new Float32Array(0);
  for (let i = 0; i <= steps; i++) {
    const started = performance.now();
    activationValues = await runner.run(pixelValues, batchSize);
    // The first run converts or loads the graph and warms the session; not timed.
    if (i > 0) activationTimes.push((performance.now() - started) / 1000);
  }
  let tfjsActivationSeconds: number | null = null;
  let activationMaxDifference: number | null = null;
  if (options.tfjsReference ?? true) {
    const started = performance.now();
    const reference = tf.tidy(() => split.frozen.predict(pixels, { batchSize }) as tf.Tensor);
    const values = (await reference.data()) as Float32Array;
    tfjsActivationSeconds = (performance.now() - started) / 1000;
    reference.dispose();
    activationMaxDifference = 0;
    for (let k = 0; k < values.length; k++) {
      activationMaxDifference = Math.max(activationMaxDifference, Math.abs(values[k]! - activationValues[k]!));
    }
  }
  const itemSize = activationValues.length / batchSize;
  const items = Array.from({ length: batchSize }, (_, k) => [activationValues.slice(k * itemSize, (k + 1) * itemSize)]);
  // steps + 1 batches per "epoch": the first is the warm-up.
  const train = Array.from({ length: steps + 1 }, () => items).flat();
  // One-hot targets, alternating classes.
  const targets = new Float32Array(train.length * 2);
  for (let i = 0; i < train.length; i++) targets[i * 2 + (i % 2)] = 1;
  const state = [...split.top.weights, ...head.weights].map((w) => w.read() as tf.Variable);
  const initial = state.map((v) => Float32Array.from(v.dataSync() as Float32Array));
  const network = {
    logits: (x: tf.Tensor, seed: number | undefined) =>
      headLogits(head, split.top.apply(x, { training: seed !== undefined }) as tf.Tensor, seed),
    trainable: [...split.top.trainableWeights, ...head.trainableWeights].map((w) => w.read() as tf.Variable),
    state,
  };
  const timeSteps = async (engine: "onnx" | "tfjs") => {
    state.forEach((v, i) => tf.tidy(() => v.assign(tf.tensor(initial[i], v.shape, "float32"))));
    const marks: number[] = [];
    const result = await runFineTunePhase({
      phase: "fine-tune",
      network,
      top: split.top,
      head,
      engine,
      threads: options.threads,
      log: null,
      data: {
        itemShape: split.activationShape,
        train,
        trainTargets: targets,
        val: null,
        units: 2,
      },
      classMode: "multiclass",
      epochs: 1,
      batchSize,
      optimizer: "adam",
      learningRate: 1e-5,
      earlyStoppingPatience: null,
      rng: new TrainingRng(3),
      history: [],
      fingerprint: "bench",
      resumeFrom: null,
      onBatch: () => marks.push(performance.now()),
    });
    const times = marks.slice(1).map((t, i) => (t - marks[i]!) / 1000);
    return { times, engine: result.engine, reason: result.engineReason };
  };
  try {
    const onnx = await timeSteps("onnx");
    const tfjs = (options.tfjsReference ?? true) ? await timeSteps("tfjs") : null;
    return {
      inputSize,
      blocks,
      batchSize,
      stepSeconds: median(onnx.times),
      steps: onnx.times,
      stepEngine: onnx.engine,
      stepEngineReason: onnx.reason,
      threads: options.threads ?? Number(process.env.HEADSTART_INFERENCE_THREADS ?? 1),
      tfjsStepSeconds: tfjs ? median(tfjs.times) : null,
      tfjsSteps: tfjs?.times ?? [],
      activationEngine: runner.engine,
      activationSeconds: median(activationTimes),
      tfjsActivationSeconds,
      activationMaxDifference,
    };
  } finally {
    runner.release();
    pixels.dispose();
    head.dispose();
    split.top.dispose();
    backbone.dispose();
  }
}
