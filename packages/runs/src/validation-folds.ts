// The folds of a version's validation split, for runs that validate on one fold and train on the
// rest of it (RunConfig.validationFold: an AUTO run's cross-fitted seed runs). The assignment is a
// pure function of the snapshot, so every run of a version (every seed, every attempt of one seed,
// the AUTO run combining their predictions) cuts the same folds without storing them anywhere.

import type { ValidationFold } from "./config.ts";
import type { SnapshotImage } from "./dataset-snapshot.ts";

/**
 * The fold (0..count-1) of every VAL image, by image id; TRAIN and TEST images have none.
 * Stratified: the VAL images are grouped by class (their first label, "" for none; classes in the
 * order they first appear) and dealt round-robin, in snapshot order, with one dealer running on from
 * class to class. So each class's images are spread over the folds within one image of each other,
 * and so are the folds' totals (a dealer restarting at fold 0 per class would pile every class's
 * remainder onto the first folds).
 */
export function validationFolds(images: readonly SnapshotImage[], count: number): Map<string, number> {
  if (!Number.isInteger(count) || count < 1)
    throw new RangeError(`validation folds: count must be a positive integer (got ${count})`);
  const byClass = new Map<string, SnapshotImage[]>();
  for (const image of images) {
    if (image.split !== "VAL") continue;
    const key = image.labels[0] ?? "";
    const members = byClass.get(key);
    if (members) members.push(image);
    else byClass.set(key, [image]);
  }
  const folds = new Map<string, number>();
  let dealt = 0;
  for (const members of byClass.values()) {
    for (const image of members) folds.set(image.id, dealt++ % count);
  }
  return folds;
}

/**
 * The images as a run with `fold` sees them: the VAL images outside fold `fold.index` become TRAIN
 * (copies; the snapshot's own entries are never changed), fold `fold.index` stays VAL, TRAIN and TEST
 * are as they were. Order is kept. `null` returns the images unchanged.
 */
export function applyValidationFold(images: readonly SnapshotImage[], fold: ValidationFold | null): SnapshotImage[] {
  if (fold === null) return [...images];
  const folds = validationFolds(images, fold.count);
  return images.map((image) => {
    const f = folds.get(image.id);
    return f === undefined || f === fold.index ? image : { ...image, split: "TRAIN" };
  });
}
