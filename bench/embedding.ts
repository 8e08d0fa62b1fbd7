import path from "node:path";
import { Worker } from "node:worker_threads";
import {
  backboneSpec,
  type ClassMode,
  classificationReport,
  createEmbedder,
  DEFAULT_HEAD_CONFIG,
  decodeImage,
  type LabelledImage,
  loadBackbone,
  loadImageFolder,
  predictVectors,
  SAMPLE_DATA_DIR,
  trainHeadOnVectors,
} from "@headstart/ml-core";
import * as tf from "@tensorflow/tfjs";
import { loadHeldoutTask } from "./lib/heldout-tasks.ts";

export type EmbedEngine = "tfjs" | "onnx" | "onnx-int8";

/**
 * An int8 backbone's calibration images (flat NHWC 0..255 at the bench size) and the ONNX cache folder
 * its quantised graph is written to once (by the single-thread figure), so workers load it instead of
 * calibrating again inside the clocked part.
 */
export interface Int8Setup {
  calibration: Float32Array[];
  cacheDir: string;
}

/** Single-thread img/s of the frozen mobilenet_v2 base at `size` on tfjs (the backend initBackend chose). */
export async function embedSingleThread(size: number, batches: number, batchSize = 16): Promise<number> {
  const backbone = await loadBackbone(backboneSpec("mobilenet_v2", { inputSize: size }));
  const input = tf.randomUniform([batchSize, size, size, 3], 0, 255, "float32", 1) as tf.Tensor4D;
  try {
    backbone.embed(input).dispose();
    const started = performance.now();
    for (let i = 0; i < batches; i++) {
      const features = backbone.embed(input);
      await features.data();
      features.dispose();
    }
    return (batches * batchSize) / ((performance.now() - started) / 1000);
  } finally {
    input.dispose();
    backbone.dispose();
  }
}

/**
 * Single-thread img/s of the same base converted to ONNX and run by onnxruntime-node (one intra-op
 * thread, no spinning). Conversion and session creation happen before the clock starts.
 */
export async function embedOnnxSingleThread(
  size: number,
  batches: number,
  batchSize = 16,
  int8?: Int8Setup,
): Promise<number> {
  const backbone = await loadBackbone(backboneSpec("mobilenet_v2", { inputSize: size }));
  const embedder = await createEmbedder(backbone, {
    engine: "onnx",
    threads: 1,
    log: null,
    ...(int8 ? { precision: "int8", calibration: int8.calibration, cacheDir: int8.cacheDir } : { cacheDir: null }),
  });
  if (int8 && embedder.report.precision !== "int8")
    throw new Error(`asked for an int8 embedder, got ${embedder.report.precision}: ${embedder.report.precisionNote}`);
  const input = Float32Array.from({ length: batchSize * size * size * 3 }, (_, i) => (i * 7919) % 256);
  try {
    await embedder.embed(input, batchSize);
    const started = performance.now();
    for (let i = 0; i < batches; i++) await embedder.embed(input, batchSize);
    return (batches * batchSize) / ((performance.now() - started) / 1000);
  } finally {
    embedder.dispose();
    backbone.dispose();
  }
}

/**
 * img/s with one worker thread per core, each with its own tfjs and backend (and, for "onnx", its
 * own ONNX Runtime session with one intra-op thread). Workers load, convert and warm up first; the
 * clock runs from the common start signal to the last worker finishing.
 */
export async function embedWorkers(
  size: number,
  workers: number,
  batches: number,
  batchSize = 16,
  engine: EmbedEngine = "tfjs",
  int8?: Int8Setup,
): Promise<number> {
  if (engine === "onnx-int8" && !int8)
    throw new Error("the onnx-int8 workers need calibration images and a cache folder");
  const pool = Array.from(
    { length: workers },
    () =>
      new Worker(new URL("./embed-worker.mjs", import.meta.url), {
        workerData: { size, batches, batchSize, engine, int8 },
      }),
  );
  try {
    await Promise.all(
      pool.map(
        (w) =>
          new Promise<void>((resolve, reject) => {
            w.once("error", reject);
            w.once("message", () => resolve());
          }),
      ),
    );
    const started = performance.now();
    const done = await Promise.all(
      pool.map(
        (w) =>
          new Promise<{ images: number }>((resolve, reject) => {
            w.once("error", reject);
            w.once("message", resolve);
            w.postMessage("go");
          }),
      ),
    );
    const images = done.reduce((a, d) => a + d.images, 0);
    return images / ((performance.now() - started) / 1000);
  } finally {
    await Promise.all(pool.map((w) => w.terminate()));
  }
}

async function decodeAll(images: readonly LabelledImage[], size: number): Promise<Float32Array> {
  const item = size * size * 3;
  const out = new Float32Array(images.length * item);
  for (const [i, image] of images.entries()) out.set((await decodeImage(await image.read(), { size })).data, i * item);
  return out;
}

/**
 * Calibration images for an int8 backbone: up to `count` of `images` (a dataset's own train images),
 * spread evenly over the classes so every kind of input sets the activation ranges.
 */
export async function calibrationImages(
  images: readonly LabelledImage[],
  size: number,
  count = 64,
): Promise<Float32Array[]> {
  const byClass = new Map<number, LabelledImage[]>();
  for (const image of images) byClass.set(image.labels[0], [...(byClass.get(image.labels[0]) ?? []), image]);
  const picked: LabelledImage[] = [];
  for (let round = 0; picked.length < count && picked.length < images.length; round++)
    for (const list of byClass.values()) if (round < list.length && picked.length < count) picked.push(list[round]);
  return [await decodeAll(picked, size)];
}

/** The shipped sample's multiclass train images: what the bench calibrates its int8 speed figures on. */
export async function sampleCalibration(size: number): Promise<Float32Array[]> {
  const { images } = await loadImageFolder(path.join(SAMPLE_DATA_DIR, "multiclass"));
  return calibrationImages(
    images.filter((i) => i.split === "train"),
    size,
  );
}

export interface PrecisionAccuracy {
  task: string;
  size: number;
  /** What the head is scored on: the sample's val split, or a held-out task's test split. */
  scoredOn: string;
  fp32: number;
  int8: number;
  /** int8 − fp32, in accuracy points (percent). */
  gapPoints: number;
  calibrationImages: number;
}

async function embedAll(
  embedder: { embed(batch: Float32Array, count: number): Promise<Float32Array>; featureSize: number },
  images: readonly LabelledImage[],
  size: number,
): Promise<Float32Array[]> {
  const out: Float32Array[] = [];
  for (let from = 0; from < images.length; from += 32) {
    const batch = images.slice(from, from + 32);
    const features = await embedder.embed(await decodeAll(batch, size), batch.length);
    for (let i = 0; i < batch.length; i++)
      out.push(features.slice(i * embedder.featureSize, (i + 1) * embedder.featureSize));
  }
  return out;
}

/**
 * Downstream accuracy of the frozen-backbone head (the default head config, seed 1) trained on FP32
 * embeddings and on int8 embeddings of the same images: calibrated on the task's own train images,
 * trained on its train split, scored on `scored` (never used to calibrate or train).
 */
export async function int8DownstreamAccuracy(
  task: string,
  size: number,
  labels: string[],
  train: readonly LabelledImage[],
  scored: readonly LabelledImage[],
  scoredOn: string,
): Promise<PrecisionAccuracy> {
  const backbone = await loadBackbone(backboneSpec("mobilenet_v2", { inputSize: size }));
  const calibration = await calibrationImages(train, size);
  const classMode: ClassMode = labels.length === 2 ? "binary" : "multiclass";
  const accuracyOf = async (precision: "fp32" | "int8") => {
    const embedder = await createEmbedder(backbone, {
      engine: "onnx",
      cacheDir: null,
      log: null,
      precision,
      ...(precision === "int8" ? { calibration } : {}),
    });
    if (embedder.report.precision !== precision) throw new Error(`the ${precision} embedder fell back to fp32`);
    try {
      const trainVectors = await embedAll(embedder, train, size);
      const scoredVectors = await embedAll(embedder, scored, size);
      const { head } = await trainHeadOnVectors({
        classMode,
        classCount: labels.length,
        featureSize: embedder.featureSize,
        train: { variants: trainVectors.map((v) => [v]), labels: train.map((i) => i.labels) },
        config: { ...DEFAULT_HEAD_CONFIG },
      });
      try {
        const probabilities = await predictVectors(head, classMode, scoredVectors);
        return classificationReport(
          probabilities,
          scored.map((i) => i.labels[0]),
          labels,
        ).accuracy;
      } finally {
        head.dispose();
      }
    } finally {
      embedder.dispose();
    }
  };
  try {
    const fp32 = await accuracyOf("fp32");
    const int8 = await accuracyOf("int8");
    return {
      task,
      size,
      scoredOn,
      fp32,
      int8,
      gapPoints: (int8 - fp32) * 100,
      calibrationImages: calibration[0].length / (size * size * 3),
    };
  } finally {
    backbone.dispose();
  }
}

/** The shipped sample (multiclass): train → val. */
export async function sampleInt8Accuracy(size: number): Promise<PrecisionAccuracy> {
  const { labels, images } = await loadImageFolder(path.join(SAMPLE_DATA_DIR, "multiclass"));
  return int8DownstreamAccuracy(
    "sample-multiclass",
    size,
    labels,
    images.filter((i) => i.split === "train"),
    images.filter((i) => i.split === "val"),
    "val",
  );
}

/** A held-out task (bench/lib/heldout-tasks.ts, the autopilot bench's tasks): train → test. */
export async function heldoutInt8Accuracy(task: string, size: number): Promise<PrecisionAccuracy> {
  const { labels, images, test } = await loadHeldoutTask(task);
  return int8DownstreamAccuracy(
    task,
    size,
    labels,
    images.filter((i) => i.split === "train"),
    test,
    "test",
  );
}
