// Turns a run's pinned DatasetVersion into what a compute worker trains on.
// Image bytes stay in the blob store until the worker asks for them, which it
// only does for images whose embeddings are not cached yet.

import type { ClassMode } from "@headstart/ml-core";
import {
  applyValidationFold,
  type DatasetSnapshot,
  DatasetSnapshotError,
  parseDatasetSnapshot,
  type RunConfig,
  type SnapshotImage,
} from "@headstart/runs";
import type { BlobStore } from "@headstart/storage";

export interface RunDataset {
  snapshot: DatasetSnapshot;
  labels: string[];
  classMode: ClassMode;
  /**
   * TRAIN and VAL images, in snapshot order, for trainClassifier. With a validation fold
   * (withValidationFold) the VAL images outside it are here as TRAIN copies.
   */
  images: SnapshotImage[];
  /** Held out from training entirely; evaluated once at the end. */
  test: SnapshotImage[];
  /** Every image of the version by blob key (as this run splits it), to name the image whose blob cannot be read. */
  byBlobKey: Map<string, SnapshotImage>;
}

const CLASS_MODES: Record<DatasetSnapshot["task"], ClassMode> = {
  BINARY: "binary",
  MULTICLASS: "multiclass",
  MULTILABEL: "multilabel",
};

export function readImage(blobs: BlobStore, image: SnapshotImage): () => Promise<Uint8Array> {
  return async () => {
    try {
      return await blobs.get(image.blobKey);
    } catch (error) {
      throw new DatasetSnapshotError(
        `image ${image.id} (blob ${image.blobKey}) cannot be read from the blob store (${(error as Error).message}). ` +
          "Check that HEADSTART_DATA_DIR points at the same data folder as the API.",
      );
    }
  };
}

/** Validates the snapshot and checks every blob exists, so a run fails at once with a reason rather than mid-epoch. */
export async function loadRunDataset(
  snapshotJson: unknown,
  blobs: BlobStore,
  onProgress?: (done: number, total: number) => void,
): Promise<RunDataset> {
  const snapshot = parseDatasetSnapshot(snapshotJson);
  const classMode = CLASS_MODES[snapshot.task];
  const images: SnapshotImage[] = [];
  const test: SnapshotImage[] = [];
  const byBlobKey = new Map<string, SnapshotImage>();

  let checked = 0;
  const total = snapshot.images.length;
  for (const image of snapshot.images) {
    if (!(await blobs.exists(image.blobKey))) {
      throw new DatasetSnapshotError(
        `the blob of image ${image.id} (${image.blobKey}) is missing from the blob store. ` +
          "Check that HEADSTART_DATA_DIR points at the same data folder as the API.",
      );
    }
    if (++checked % 100 === 0 || checked === total) onProgress?.(checked, total);
    byBlobKey.set(image.blobKey, image);
    if (image.split === "TEST") test.push(image);
    else images.push(image);
  }
  if (!images.some((image) => image.split === "TRAIN")) {
    throw new DatasetSnapshotError(
      "it has no TRAIN images; assign some images to the training split and freeze a new version.",
    );
  }
  return { snapshot, labels: snapshot.labels, classMode, images, test, byBlobKey };
}

/**
 * The dataset as a run with `fold` (RunConfig.validationFold) trains on it: the VAL images outside
 * fold `index` become TRAIN copies, fold `index` stays VAL, TEST is unchanged; the snapshot itself is
 * left as frozen. Everything downstream (training, evaluation, prediction and label-issue rows, the
 * split memo's keys, which name each image's split) reads these splits. `null` = the dataset as is.
 */
export function withValidationFold(dataset: RunDataset, fold: RunConfig["validationFold"]): RunDataset {
  if (fold === null) return dataset;
  const images = applyValidationFold(dataset.images, fold);
  const validating = images.filter((image) => image.split === "VAL").length;
  if (validating === 0) {
    const total = dataset.images.filter((image) => image.split === "VAL").length;
    throw new DatasetSnapshotError(
      `validation fold ${fold.index} of ${fold.count} holds no images: the version has ${total} VAL image${total === 1 ? "" : "s"}.`,
    );
  }
  const byBlobKey = new Map(dataset.byBlobKey);
  for (const image of images) byBlobKey.set(image.blobKey, image);
  return { ...dataset, images, byBlobKey };
}
