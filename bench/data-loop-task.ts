// The data-loop evaluation task: a seeded ten-class task drawn from Fashion-MNIST's official TRAIN
// file only, never from t10k (the real test set stays untouched), and never from an image the shipped
// sample already uses (packages/ml-core/scripts/make-sample-data.ts takes the first 250 sneakers and
// ankle boots and the first 40 of every class, in file order). Kept in bench/ so this benchmark does
// not depend on any other task builder.
import { readFile } from "node:fs/promises";
import path from "node:path";
import { gunzipSync } from "node:zlib";
import { TrainingRng } from "@headstart/ml-core";

export const FASHION_MNIST_DIR = process.env.HEADSTART_FASHION_MNIST_DIR ?? "/usr/share/datasets/fashion-mnist";
export const CLASS_NAMES = [
  "t_shirt_top",
  "trouser",
  "pullover",
  "dress",
  "coat",
  "sandal",
  "shirt",
  "sneaker",
  "bag",
  "ankle_boot",
] as const;
const SIDE = 28;
export const PIXELS = SIDE * SIDE;

/** Per class, how many of its first images (in file order) the shipped sample holds. */
const SAMPLE_FIRST_PER_CLASS = CLASS_NAMES.map((_, c) => (c === 7 || c === 9 ? 250 : 40));

export interface TrainFile {
  /** count × 784 grey levels, row-major. */
  pixels: Uint8Array;
  labels: Uint8Array;
}

async function gunzipped(file: string): Promise<Uint8Array> {
  try {
    return gunzipSync(await readFile(file));
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    throw new Error(
      `Cannot read ${file} (${why}). Install Fashion-MNIST with: apt-get install dataset-fashion-mnist, or set HEADSTART_FASHION_MNIST_DIR`,
    );
  }
}

export async function readTrainFile(dir = FASHION_MNIST_DIR): Promise<TrainFile> {
  const images = await gunzipped(path.join(dir, "train-images-idx3-ubyte.gz"));
  const labels = await gunzipped(path.join(dir, "train-labels-idx1-ubyte.gz"));
  const iv = new DataView(images.buffer, images.byteOffset, images.byteLength);
  const lv = new DataView(labels.buffer, labels.byteOffset, labels.byteLength);
  if (iv.getUint32(0) !== 0x803 || lv.getUint32(0) !== 0x801) throw new Error(`${dir}: not Fashion-MNIST IDX files`);
  const count = iv.getUint32(4);
  if (lv.getUint32(4) !== count || iv.getUint32(8) !== SIDE || iv.getUint32(12) !== SIDE) {
    throw new Error(`${dir}: image and label files disagree (count or 28×28 size)`);
  }
  return { pixels: images.subarray(16, 16 + count * PIXELS), labels: labels.subarray(8, 8 + count) };
}

/** Per class, the file indices the shipped sample does not use, in file order. */
export function unusedByClass(file: TrainFile): number[][] {
  const seen = CLASS_NAMES.map(() => 0);
  const free: number[][] = CLASS_NAMES.map(() => []);
  for (let i = 0; i < file.labels.length; i++) {
    const c = file.labels[i];
    if (seen[c]++ >= SAMPLE_FIRST_PER_CLASS[c]) free[c].push(i);
  }
  return free;
}

export interface TaskSplit {
  /** Indices into the train file. */
  source: number[];
  /** The true class of each item. */
  labels: number[];
}

export interface DataLoopTask {
  file: TrainFile;
  train: TaskSplit;
  /** The labels a user would have uploaded: `train.labels` with `flipped` items changed to another class. */
  givenLabels: number[];
  /** Positions in `train` whose given label is wrong. */
  flipped: number[];
  /** Unlabelled pool the active-learning curve draws from (true labels known to the simulated labeller). */
  pool: TaskSplit;
  test: TaskSplit;
}

export interface TaskOptions {
  seed: number;
  trainPerClass: number;
  testPerClass: number;
  poolPerClass: number;
  /** Share of training labels flipped uniformly to one of the other classes. */
  flipRate: number;
}

export const DEFAULT_TASK: TaskOptions = {
  seed: 13,
  trainPerClass: 100,
  testPerClass: 100,
  poolPerClass: 0,
  flipRate: 0.05,
};

/** Disjoint seeded train / test / pool draws per class, and `flipRate` of the training labels flipped. */
export function buildTask(file: TrainFile, options: TaskOptions = DEFAULT_TASK): DataLoopTask {
  const rng = new TrainingRng(options.seed);
  const train: TaskSplit = { source: [], labels: [] };
  const test: TaskSplit = { source: [], labels: [] };
  const pool: TaskSplit = { source: [], labels: [] };
  const need = options.trainPerClass + options.testPerClass + options.poolPerClass;
  unusedByClass(file).forEach((free, c) => {
    if (free.length < need) throw new Error(`class ${CLASS_NAMES[c]} has ${free.length} unused images; need ${need}`);
    const order = rng.permutation(free.length).map((k) => free[k]);
    const take = (split: TaskSplit, from: number, n: number) => {
      for (const i of order.slice(from, from + n)) {
        split.source.push(i);
        split.labels.push(c);
      }
    };
    take(train, 0, options.trainPerClass);
    take(test, options.trainPerClass, options.testPerClass);
    take(pool, options.trainPerClass + options.testPerClass, options.poolPerClass);
  });
  const flipCount = Math.round(options.flipRate * train.labels.length);
  const flipped = rng
    .permutation(train.labels.length)
    .slice(0, flipCount)
    .sort((a, b) => a - b);
  const givenLabels = [...train.labels];
  for (const i of flipped)
    givenLabels[i] = (train.labels[i] + 1 + rng.int(CLASS_NAMES.length - 1)) % CLASS_NAMES.length;
  return { file, train, givenLabels, flipped, pool, test };
}

/** Pixels scaled to 0..1, one Float32Array per item: the input of the pixel logistic regression. */
export function pixelRows(file: TrainFile, source: number[]): Float32Array[] {
  return source.map((i) => {
    const row = new Float32Array(PIXELS);
    for (let p = 0; p < PIXELS; p++) row[p] = file.pixels[i * PIXELS + p] / 255;
    return row;
  });
}
