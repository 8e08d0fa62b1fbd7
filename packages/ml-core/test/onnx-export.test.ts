// Trained full models (backbone + head) on ONNX Runtime: predict() on both engines, and the exported
// model.onnx loaded in a fresh session, fed [0, 1] pixels, against the platform's tfjs predictions.
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import * as ort from "onnxruntime-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Backbone, backboneSpec, loadBackbone } from "../src/backbones/index.ts";
import { initBackend } from "../src/backend/index.ts";
import { type LabelledDataset, type LabelledImage, loadImageFolder } from "../src/dataset/index.ts";
import { decodeImage } from "../src/image/index.ts";
import { predict } from "../src/inference/index.ts";
import { exportModel, importModel, type ModelManifest } from "../src/model-io/index.ts";
import { exportOnnxModel, OnnxConversionError } from "../src/onnx/index.ts";
import { type TrainResult, trainClassifier } from "../src/train/index.ts";

const DATA = join(dirname(fileURLToPath(import.meta.url)), "../data/sample");
const quiet = { log: null } as const;

function subset(dataset: LabelledDataset, perClassTrain: number, perClassVal: number): LabelledImage[] {
  return dataset.labels.flatMap((_, label) => [
    ...dataset.images.filter((i) => i.split === "train" && i.labels[0] === label).slice(0, perClassTrain),
    ...dataset.images.filter((i) => i.split === "val" && i.labels[0] === label).slice(0, perClassVal),
  ]);
}

function manifestOf(
  dataset: LabelledDataset,
  backbone: Backbone,
  classMode: ModelManifest["classMode"],
): ModelManifest {
  return {
    format: "headstart-classifier",
    formatVersion: 1,
    kind: "full",
    labels: dataset.labels,
    classMode,
    inputSize: backbone.spec.inputSize,
    preprocessing: backbone.spec.preprocessing,
    backbone: { id: backbone.spec.id, version: backbone.spec.version, featureSize: backbone.spec.featureSize },
    threshold: 0.5,
    metrics: {},
  };
}

/** Runs exported ONNX bytes in a brand-new session on images scaled to [0, 1]; one row per image. */
async function runExported(bytes: Uint8Array, images: LabelledImage[], size: number): Promise<Float32Array[]> {
  const session = await ort.InferenceSession.create(bytes);
  try {
    expect(session.inputNames).toEqual(["input"]);
    expect(session.outputNames).toEqual(["output"]);
    const batch = new Float32Array(images.length * size * size * 3);
    for (const [i, image] of images.entries()) {
      const { data } = await decodeImage(await image.read(), { size });
      for (let k = 0; k < data.length; k++) batch[i * data.length + k] = data[k] / 255;
    }
    const { output } = await session.run({ input: new ort.Tensor("float32", batch, [images.length, size, size, 3]) });
    const classes = output.dims[1] as number;
    const values = output.data as Float32Array;
    return images.map((_, i) => values.slice(i * classes, (i + 1) * classes));
  } finally {
    await session.release();
  }
}

function maxDifference(a: number[][], b: ArrayLike<number>[]): number {
  let worst = 0;
  a.forEach((row, i) => row.forEach((v, j) => (worst = Math.max(worst, Math.abs(v - b[i][j])))));
  return worst;
}

beforeAll(async () => {
  await initBackend("wasm");
});

describe.each([
  // Head only on the bundled MobileNetV2: one sigmoid unit, expanded to two class columns on export.
  {
    name: "binary, MobileNetV2 96 px + head",
    folder: "binary",
    backbone: "mobilenet_v2",
    size: 96,
    classMode: "binary",
    endToEnd: false,
  },
  // The scratch CNN trained end to end: its BatchNormalization statistics moved; softmax over 10 classes.
  {
    name: "multiclass, scratch CNN 32 px trained end to end",
    folder: "multiclass",
    backbone: "scratch",
    size: 32,
    classMode: "multiclass",
    endToEnd: true,
  },
] as const)("trained full model: $name", ({ folder, backbone: id, size, classMode, endToEnd }) => {
  let dataset: LabelledDataset;
  let backbone: Backbone;
  let trained: TrainResult;
  let manifest: ModelManifest;
  let images: LabelledImage[];

  beforeAll(async () => {
    dataset = await loadImageFolder(join(DATA, folder));
    backbone = await loadBackbone(backboneSpec(id, { inputSize: size }), { seed: 2 });
    trained = await trainClassifier({
      images: subset(dataset, endToEnd ? 3 : 8, 1),
      labels: dataset.labels,
      classMode,
      backbone,
      config: { epochs: 2, batchSize: 16, headUnits: 16, augmentation: null, seed: 3, endToEnd, learningRate: 0.01 },
      inference: { engine: "onnx", cacheDir: null, ...quiet },
    });
    manifest = manifestOf(dataset, backbone, classMode);
    images = dataset.images.filter((i) => i.split === "val").slice(0, 6);
  }, 180_000);
  afterAll(() => {
    trained?.dispose();
    backbone?.dispose();
  });

  it("predicts on ONNX Runtime within 1e-4 of tfjs", async () => {
    const bytes = await Promise.all(images.map((i) => i.read()));
    const reference = await predict({ model: trained.model, manifest }, bytes, {
      inference: { engine: "tfjs", ...quiet },
    });
    const onnx = await predict({ model: trained.model, manifest }, bytes, {
      inference: { engine: "onnx", cacheDir: null, ...quiet },
    });
    expect(onnx).toHaveLength(images.length);
    expect(reference[0].probabilities).toHaveLength(dataset.labels.length);
    expect(
      maxDifference(
        reference.map((p) => p.probabilities),
        onnx.map((p) => p.probabilities),
      ),
    ).toBeLessThan(1e-4);
    expect(onnx.map((p) => p.label)).toEqual(reference.map((p) => p.label));
  });

  it("exports model.onnx: [0, 1] pixels in, class probabilities in label order out, within 1e-4 of the platform", async () => {
    const bytes = exportOnnxModel(trained.model, manifest);
    const reference = await predict(
      { model: trained.model, manifest },
      await Promise.all(images.map((i) => i.read())),
      { inference: { engine: "tfjs", ...quiet } },
    );
    const exported = await runExported(bytes, images, size);
    expect(exported[0]).toHaveLength(dataset.labels.length);
    exported.forEach((row) => expect(row.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5));
    expect(
      maxDifference(
        reference.map((p) => p.probabilities),
        exported,
      ),
    ).toBeLessThan(1e-4);
    const session = await ort.InferenceSession.create(bytes);
    // The manifest travels inside the graph's metadata; this runtime build does not expose it, so read the bytes.
    const text = Buffer.from(bytes).toString("utf8");
    expect(text).toContain(JSON.stringify(dataset.labels));
    expect(text).toContain("NHWC float32 in [0, 1]");
    await session.release();

    // The same export from the saved artifacts (what the trainer stores), after a tfjs save/load round trip.
    const files = await exportModel(trained.model, manifest);
    const loaded = await importModel(files);
    try {
      const again = await runExported(exportOnnxModel(loaded.model, loaded.manifest), images, size);
      expect(
        maxDifference(
          reference.map((p) => p.probabilities),
          again,
        ),
      ).toBeLessThan(1e-4);
    } finally {
      loaded.model.dispose();
    }
  });
});

describe("exportOnnxModel input checks", () => {
  it("refuses a head-only manifest and a manifest of another size, saying what to do", async () => {
    const backbone = await loadBackbone(backboneSpec("scratch", { inputSize: 32 }));
    try {
      const dataset = { labels: ["a", "b"] } as LabelledDataset;
      const manifest = manifestOf(dataset, backbone, "binary");
      expect(() => exportOnnxModel(backbone.model, { ...manifest, kind: "head" })).toThrow(/composeFullModel/);
      expect(() => exportOnnxModel(backbone.model, { ...manifest, inputSize: 64 })).toThrow(OnnxConversionError);
      // A backbone is not a classifier: 128 features are not one binary unit.
      expect(() => exportOnnxModel(backbone.model, manifest)).toThrow(/outputs 128 units/);
    } finally {
      backbone.dispose();
    }
  });
});
