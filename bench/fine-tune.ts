import { backboneSpec, buildHead, loadBackbone, splitForFineTune } from "@headstart/ml-core";
import * as tf from "@tensorflow/tfjs";

export interface FineTuneStepTiming {
  inputSize: number;
  blocks: number;
  batchSize: number;
  /** Median seconds of one optimizer step (forward, backward, Adam) over the timed steps. */
  stepSeconds: number;
  /** Every timed step, in order, for the spread. */
  steps: number[];
}

/**
 * One fine-tuning step as trainClassifier runs it: cached cut activations in, the top `blocks` of
 * mobilenet_v2 (BatchNormalization in inference mode) plus the reference head, softmax
 * cross-entropy, Adam over every unfrozen variable.
 */
export async function fineTuneStepSeconds(
  inputSize: number,
  blocks = 2,
  batchSize = 64,
  steps = 3,
): Promise<FineTuneStepTiming> {
  const backbone = await loadBackbone(backboneSpec("mobilenet_v2", { inputSize }));
  const split = splitForFineTune(backbone, blocks);
  const head = buildHead({ inputDim: 1280, units: 64, dropout: 0.5, classMode: "multiclass", classCount: 2, seed: 1 });
  const optimizer = tf.train.adam(1e-5);
  const activations = tf.randomUniform([batchSize, ...split.activationShape], 0, 3, "float32", 1);
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
    const sorted = [...times].sort((a, b) => a - b);
    return { inputSize, blocks, batchSize, stepSeconds: sorted[Math.floor(sorted.length / 2)], steps: times };
  } finally {
    tf.dispose([activations, labels]);
    optimizer.dispose();
    head.dispose();
    split.top.dispose();
    backbone.dispose();
  }
}
