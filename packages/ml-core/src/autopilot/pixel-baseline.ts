import type { LabelledImage } from "../dataset/index.ts";
import { type ClassMetrics, classificationReport, multilabelReport } from "../evaluate/index.ts";
import { decodeImage } from "../image/index.ts";
import { throwIfAborted } from "../train/abort.ts";
import type { ClassMode } from "../train/class-mode.ts";
import { TrainingInputError } from "../train/config.ts";
import { accuracyOf, fitLogisticGrid, logLossOf } from "./logistic.ts";

/**
 * Decodes images to size×size RGB (row-major HWC, 3 bytes a pixel, as decodeImage gives), in order. A
 * caller that already holds the pixels (the trainer shares them with its label-issue models and keeps
 * them across runs) passes its own; by default each image is read and decoded here.
 */
export type PixelDecoder = (
  images: readonly LabelledImage[],
  size: number,
  signal?: AbortSignal,
) => Promise<Uint8Array[]>;

/** Pixels of each image, downscaled to size×size, 0..1, one channel when every image is grey. */
export interface PixelVectors {
  vectors: Float32Array[];
  size: number;
  channels: 1 | 3;
}

/**
 * Decodes and downsizes images to flat pixel vectors. Grayscale (all three channels equal in every
 * image) keeps one channel: three copies of the same value only triple the baseline's cost.
 */
export async function pixelVectors(
  images: readonly LabelledImage[],
  size: number,
  signal?: AbortSignal,
  decode?: PixelDecoder,
): Promise<PixelVectors> {
  let decoded: { data: Uint8Array }[];
  if (decode) {
    decoded = (await decode(images, size, signal)).map((data) => ({ data }));
  } else {
    decoded = [];
    for (const image of images) {
      throwIfAborted(signal);
      decoded.push(await decodeImage(await image.read(), { size }));
    }
  }
  const grey = decoded.every(({ data }) => {
    for (let i = 0; i < data.length; i += 3) if (data[i] !== data[i + 1] || data[i] !== data[i + 2]) return false;
    return true;
  });
  const channels = grey ? 1 : 3;
  const vectors = decoded.map(({ data }) => {
    const out = new Float32Array(size * size * channels);
    if (grey) for (let i = 0; i < out.length; i++) out[i] = data[i * 3] / 255;
    else for (let i = 0; i < out.length; i++) out[i] = data[i] / 255;
    return out;
  });
  return { vectors, size, channels };
}

export interface SplitFigures {
  /** Top-1 accuracy (single-label) or mean per-label accuracy at 0.5 (multilabel). */
  accuracy: number;
  logLoss: number;
  /** Per class: precision, recall, F1, support. */
  perClass: ClassMetrics[];
  /** confusion[true][predicted]; null for multilabel. */
  confusion: number[][] | null;
}

export interface PixelBaselineResult {
  model: "logistic-regression-on-pixels";
  size: number;
  channels: 1 | 3;
  /** L2 penalty used; chosen on the validation split's log-loss when there is one. */
  l2: number;
  trainAccuracy: number;
  val: SplitFigures | null;
  /** Figures on `test`, when test images were given (never used for any choice). */
  test: SplitFigures | null;
  seconds: number;
}

export interface PixelBaselineOptions {
  /** Images with split "train" and "val" (val optional). */
  images: readonly LabelledImage[];
  labels: readonly string[];
  classMode: ClassMode;
  /** Held-out images scored once at the end, never used to choose anything. */
  test?: readonly LabelledImage[];
  /** Side in pixels the images are downscaled to; default 28 (Fashion-MNIST's native size). */
  size?: number;
  /** L2 penalties tried (on validation); default [1e-4, 1e-3, 1e-2]. */
  l2Grid?: readonly number[];
  iterations?: number;
  /** How images become pixels; default: read and decode each one (see PixelDecoder). */
  decode?: PixelDecoder;
  signal?: AbortSignal;
  onProgress?(done: number, total: number): void;
}

function figures(
  classMode: ClassMode,
  labels: readonly string[],
  probabilities: Float32Array[],
  truth: number[][],
): SplitFigures {
  const accuracy = accuracyOf(classMode, probabilities, truth);
  const logLoss = logLossOf(classMode, probabilities, truth);
  if (classMode === "multilabel") {
    const onOff = truth.map((t) => labels.map((_, c) => t.includes(c)));
    return {
      accuracy,
      logLoss,
      perClass: multilabelReport(probabilities, onOff, [...labels]).perLabel,
      confusion: null,
    };
  }
  const report = classificationReport(
    probabilities,
    truth.map((t) => t[0]),
    [...labels],
  );
  return { accuracy, logLoss, perClass: report.perClass, confusion: report.confusion };
}

/**
 * The cheap baseline beside every run: logistic regression on downscaled raw pixels, trained on the
 * run's own train split (seconds on two cores). A model that cannot beat it has learnt nothing the
 * pixels did not already say; on data unlike ImageNet a frozen backbone often does not.
 */
export async function pixelBaseline(options: PixelBaselineOptions): Promise<PixelBaselineResult> {
  const started = performance.now();
  const { classMode, labels, signal } = options;
  const size = options.size ?? 28;
  const train = options.images.filter((i) => i.split === "train");
  const val = options.images.filter((i) => i.split === "val");
  const test = options.test ?? [];
  if (train.length === 0) throw new TrainingInputError('the pixel baseline needs images with split "train"');
  const all = await pixelVectors([...train, ...val, ...test], size, signal, options.decode);
  const trainX = all.vectors.slice(0, train.length);
  const valX = all.vectors.slice(train.length, train.length + val.length);
  const testX = all.vectors.slice(train.length + val.length);
  const trainY = train.map((i) => i.labels);
  const valY = val.map((i) => i.labels);
  const common = { classMode, classCount: labels.length, iterations: options.iterations, signal };

  const grid = val.length > 0 ? (options.l2Grid ?? [1e-4, 1e-3, 1e-2]) : [1e-3];
  // All penalties are fitted in one optimisation (fitLogisticGrid) and the best on validation kept:
  // the fit is deterministic, so it is the model a refit with that penalty would give.
  const models = await fitLogisticGrid(trainX, trainY, common, grid);
  let best = 0;
  if (grid.length > 1) {
    const losses = models.map((model) => logLossOf(classMode, model.predict(valX), valY));
    best = losses.indexOf(Math.min(...losses));
  }
  models.forEach((m, k) => k !== best && m.dispose());
  options.onProgress?.(grid.length, grid.length);
  const l2 = grid[best];
  const model = models[best];
  try {
    return {
      model: "logistic-regression-on-pixels",
      size,
      channels: all.channels,
      l2,
      trainAccuracy: accuracyOf(classMode, model.predict(trainX), trainY),
      val: val.length > 0 ? figures(classMode, labels, model.predict(valX), valY) : null,
      test:
        test.length > 0
          ? figures(
              classMode,
              labels,
              model.predict(testX),
              test.map((i) => i.labels),
            )
          : null,
      seconds: (performance.now() - started) / 1000,
    };
  } finally {
    model.dispose();
  }
}
