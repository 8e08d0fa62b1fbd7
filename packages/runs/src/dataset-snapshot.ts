// The frozen dataset a run trains on: DatasetVersion.snapshot, written by the
// API when a version is frozen and read by the API and the trainer. Parsed
// defensively because a hand-edited or future-format row must give a clear
// reason (a trainer fails the run with it), never a crash.

export type SnapshotSplit = "TRAIN" | "VAL" | "TEST";
export type SnapshotTask = "BINARY" | "MULTICLASS" | "MULTILABEL";

export interface SnapshotImage {
  id: string;
  sha256: string;
  blobKey: string;
  split: SnapshotSplit;
  /** Label names; exactly one for single-label tasks. */
  labels: string[];
}

export interface DatasetSnapshot {
  format: 1;
  task: SnapshotTask;
  /** Class order: label i is output unit i of the model. */
  labels: string[];
  images: SnapshotImage[];
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * The order a snapshot lists its images in: by content (sha256), then row id. A run's batches, folds
 * and baseline follow snapshot order, so ordering by content makes the same images, uploaded again,
 * train with the same seed to the same model; ordered by the random row ids alone, every re-upload
 * shuffled the data differently (the trainer's daemon test saw validation accuracy 0.69-0.81 on one
 * sample and one seed).
 */
export function compareSnapshotImages(a: SnapshotImage, b: SnapshotImage): number {
  return compare(a.sha256, b.sha256) || compare(a.id, b.id);
}

export class DatasetSnapshotError extends Error {
  constructor(message: string) {
    super(`The dataset version cannot be used: ${message}`);
    this.name = "DatasetSnapshotError";
  }
}

const SPLITS = new Set(["TRAIN", "VAL", "TEST"]);
const TASKS = new Set(["BINARY", "MULTICLASS", "MULTILABEL"]);

export function parseDatasetSnapshot(value: unknown): DatasetSnapshot {
  const v = value as Partial<DatasetSnapshot> | null;
  if (typeof v !== "object" || v === null) throw new DatasetSnapshotError("the snapshot is not an object.");
  if (v.format !== 1)
    throw new DatasetSnapshotError(
      `snapshot format ${String(v.format)} is not supported (this version of Headstart reads 1).`,
    );
  if (!TASKS.has(v.task as string)) throw new DatasetSnapshotError(`unknown task ${JSON.stringify(v.task)}.`);
  if (!Array.isArray(v.labels) || !v.labels.every((l) => typeof l === "string")) {
    throw new DatasetSnapshotError("labels must be a list of names.");
  }
  if (!Array.isArray(v.images)) throw new DatasetSnapshotError("images must be a list.");
  const known = new Set(v.labels);
  v.images.forEach((image: Partial<SnapshotImage>, index) => {
    const ok =
      typeof image?.id === "string" &&
      typeof image.sha256 === "string" &&
      /^[0-9a-f]{64}$/.test(image.sha256) &&
      typeof image.blobKey === "string" &&
      SPLITS.has(image.split as string) &&
      Array.isArray(image.labels) &&
      image.labels.every((l) => typeof l === "string" && known.has(l));
    if (!ok)
      throw new DatasetSnapshotError(
        `image entry ${index} (${String(image?.id)}) is malformed or uses an unknown label.`,
      );
  });
  return v as DatasetSnapshot;
}
