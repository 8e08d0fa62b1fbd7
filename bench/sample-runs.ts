import path from "node:path";
import {
  type Augmenter,
  type Backbone,
  backboneSpec,
  classificationReport,
  loadBackbone,
  loadImageFolder,
  MemoryEmbeddingStore,
  type TrainConfig,
  trainClassifier,
} from "@headstart/ml-core";
import { SAMPLE_DATA_DIR } from "@headstart/ml-core/sample-data";

const SAMPLE = path.join(SAMPLE_DATA_DIR, "binary");

export interface SampleRun {
  backbone: string;
  inputSize: number;
  augmentation: boolean;
  wallSeconds: number;
  embedSeconds: number;
  valAccuracy: number;
}

/** A reference-shaped run (10 epochs, Adam 1e-3, batch 64, head 64 + dropout 0.5) on the two-class sample. */
export async function sampleRun(
  backbone: Backbone,
  config: Partial<TrainConfig>,
  augment?: Augmenter,
): Promise<SampleRun> {
  const dataset = await loadImageFolder(SAMPLE);
  const started = performance.now();
  let embedDone = 0;
  const result = await trainClassifier({
    images: dataset.images,
    labels: dataset.labels,
    classMode: "binary",
    backbone,
    augment,
    store: new MemoryEmbeddingStore(),
    config: { epochs: 10, ...config },
    onProgress: (p) => {
      if (p.stage === "embed" || p.stage === "augment" || p.stage === "fine-tune-activations")
        embedDone = performance.now();
    },
  });
  const wallSeconds = (performance.now() - started) / 1000;
  const truth = result.validation.images.map((i) => i.labels[0]);
  const { accuracy } = classificationReport(result.validation.probabilities, truth, dataset.labels);
  result.dispose();
  return {
    backbone: backbone.spec.id,
    inputSize: backbone.spec.inputSize,
    augmentation: config.augmentation !== null,
    wallSeconds,
    embedSeconds: (embedDone - started) / 1000,
    valAccuracy: accuracy,
  };
}

export async function loadSampleBackbone(id: "mobilenet_v2" | "scratch", inputSize: number): Promise<Backbone> {
  return loadBackbone(backboneSpec(id, { inputSize }), { seed: 1 });
}
