import {
  backboneSpec,
  buildHead,
  createModelRunner,
  createOptimizer,
  type InferenceEngineName,
  loadBackbone,
  splitForFineTune,
} from "@headstart/ml-core";
import * as tf from "@tensorflow/tfjs";

export interface FineTuneStepTiming {
  inputSize: number;
  blocks: number;
  batchSize: number;
  /** Median seconds of one optimizer step on tfjs (forward and backward through the top blocks and head, Adam). */
  stepSeconds: number;
  /** Every timed step, in order, for the spread. */
  steps: number[];
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
 * tfjs trains the top `blocks` of mobilenet_v2 (BatchNormalization in inference mode) and the
 * reference head on them: softmax cross-entropy, Adam (the fused one training uses) over every
 * unfrozen variable. Pixels are random, so the activations are real backbone outputs.
 */
export async function fineTuneStepSeconds(
  inputSize: number,
  blocks = 2,
  batchSize = 64,
  steps = 3,
  options: { tfjsReference?: boolean } = {},
): Promise<FineTuneStepTiming> {
  const backbone = await loadBackbone(backboneSpec("mobilenet_v2", { inputSize }));
  const split = splitForFineTune(backbone, blocks);
  const head = buildHead({ inputDim: 1280, units: 64, dropout: 0.5, classMode: "multiclass", classCount: 2, seed: 1 });
  const optimizer = createOptimizer("adam", 1e-5);
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
  const activations = tf.tensor(activationValues, [batchSize, ...split.activationShape], "float32");
  const labels = tf.oneHot(
    tf.tensor1d(
      Array.from({ length: batchSize }, (_, i) => i % 2),
      "int32",
    ),
    2,
  );
  const variables = [...split.top.trainableWeights, ...head.trainableWeights].map((w) => w.read() as tf.Variable);
  const step = () =>
    tf.tidy(() => {
      const cost = optimizer.minimize(
        () => {
          const features = split.top.apply(activations, { training: false }) as tf.Tensor;
          return tf.losses.softmaxCrossEntropy(labels, head.apply(features) as tf.Tensor);
        },
        true,
        variables,
      )!;
      cost.dataSync();
    });
  try {
    step(); // warm-up: kernel setup and optimizer slots
    const times: number[] = [];
    for (let i = 0; i < steps; i++) {
      const started = performance.now();
      step();
      times.push((performance.now() - started) / 1000);
    }
    return {
      inputSize,
      blocks,
      batchSize,
      stepSeconds: median(times),
      steps: times,
      activationEngine: runner.engine,
      activationSeconds: median(activationTimes),
      tfjsActivationSeconds,
      activationMaxDifference,
    };
  } finally {
    runner.release();
    tf.dispose([activations, labels, pixels]);
    optimizer.dispose();
    head.dispose();
    split.top.dispose();
    backbone.dispose();
  }
}
