// The fixture the label-issue tests share: the shipped ten-class Fashion-MNIST sample's training
// images with 5% of their labels flipped to another class (seeded), decoded as a run's pixel rows.
import { join } from "node:path";
import { type LabelledImage, loadImageFolder, SAMPLE_DATA_DIR, TrainingRng } from "@headstart/ml-core";
import type { SnapshotImage } from "@headstart/runs";
import { pixelRowsOf } from "../src/label-issue-pixels.ts";

export interface FlippedSample {
  train: LabelledImage[];
  labels: string[];
  classCount: number;
  /** The sample's own labels. */
  truth: number[];
  /** The labels with the flips planted: what a run is given. */
  given: number[];
  /** Indices into `train` whose label was flipped. */
  flipped: Set<number>;
  rows: Awaited<ReturnType<typeof pixelRowsOf>>;
  /** Training image `i` as a run's snapshot lists it, with its given label; its id is `img-${i}`. */
  snapshot(i: number): SnapshotImage;
  /** Whether a prediction row (by its image id) is one of the planted flips. */
  isFlip(imageId: string): boolean;
}

export async function flippedSample(seed = 7, share = 0.05): Promise<FlippedSample> {
  const dataset = await loadImageFolder(join(SAMPLE_DATA_DIR, "multiclass"));
  const train = dataset.images.filter((image) => image.split === "train");
  const classCount = dataset.labels.length;
  const truth = train.map((image) => image.labels[0]!);
  const rng = new TrainingRng(seed);
  const flipped = new Set(rng.permutation(train.length).slice(0, Math.round(train.length * share)));
  const given = truth.map((label, i) =>
    flipped.has(i) ? (label + 1 + Math.floor(rng.next() * (classCount - 1))) % classCount : label,
  );
  return {
    train,
    labels: dataset.labels,
    classCount,
    truth,
    given,
    flipped,
    rows: await pixelRowsOf(train),
    snapshot: (i) => ({
      id: `img-${i}`,
      sha256: train[i]!.sha256,
      blobKey: "k",
      split: "TRAIN",
      labels: [dataset.labels[given[i]!]!],
    }),
    isFlip: (imageId) => flipped.has(Number(imageId.slice(4))),
  };
}
