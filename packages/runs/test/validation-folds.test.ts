import { describe, expect, it } from "vitest";
import type { SnapshotImage } from "../src/dataset-snapshot.ts";
import { applyValidationFold, validationFolds } from "../src/validation-folds.ts";

let counter = 0;
function image(split: SnapshotImage["split"], labels: string[]): SnapshotImage {
  const n = counter++;
  return { id: `img-${n}`, sha256: n.toString(16).padStart(64, "0"), blobKey: `blob-${n}`, split, labels };
}

/** A version's images: 7 VAL cats, 5 VAL dogs, 2 unlabelled VAL images, interleaved with TRAIN and TEST. */
function version(): SnapshotImage[] {
  const images: SnapshotImage[] = [];
  for (let i = 0; i < 7; i++) {
    images.push(image("TRAIN", ["cat"]), image("VAL", ["cat"]));
    if (i < 5) images.push(image("VAL", ["dog", "cat"]), image("TEST", ["dog"]));
  }
  images.push(image("VAL", []), image("VAL", []));
  return images;
}

function countBy<T>(values: T[]): Map<T, number> {
  const counts = new Map<T, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return counts;
}

describe("validationFolds", () => {
  it("assigns every VAL image and only VAL images a fold", () => {
    const images = version();
    const folds = validationFolds(images, 3);
    const val = images.filter((i) => i.split === "VAL");
    expect([...folds.keys()].sort()).toEqual(val.map((i) => i.id).sort());
    for (const f of folds.values()) expect([0, 1, 2]).toContain(f);
  });

  it("spreads each class (its first label, '' for none) over the folds within one image, and the totals too", () => {
    const images = version();
    for (const count of [2, 3, 4, 5]) {
      const folds = validationFolds(images, count);
      for (const cls of ["cat", "dog", ""]) {
        const perFold = countBy(
          images.filter((i) => i.split === "VAL" && (i.labels[0] ?? "") === cls).map((i) => folds.get(i.id)!),
        );
        const sizes = Array.from({ length: count }, (_, f) => perFold.get(f) ?? 0);
        expect(Math.max(...sizes) - Math.min(...sizes), `${cls} over ${count} folds: ${sizes}`).toBeLessThanOrEqual(1);
      }
      const totals = countBy([...folds.values()]);
      const sizes = Array.from({ length: count }, (_, f) => totals.get(f) ?? 0);
      expect(sizes.reduce((a, b) => a + b, 0)).toBe(14);
      expect(Math.max(...sizes) - Math.min(...sizes), `totals over ${count} folds: ${sizes}`).toBeLessThanOrEqual(1);
    }
  });

  it("is the same for every run of a version: a pure function of the images in snapshot order", () => {
    const images = version();
    const copy = images.map((i) => ({ ...i, labels: [...i.labels] }));
    expect([...validationFolds(copy, 4)]).toEqual([...validationFolds(images, 4)]);
    // The first cat goes to fold 0, the next to fold 1, ... (snapshot order within a class).
    const cats = images.filter((i) => i.split === "VAL" && i.labels[0] === "cat");
    expect(cats.map((i) => validationFolds(images, 4).get(i.id))).toEqual([0, 1, 2, 3, 0, 1, 2]);
  });
});

describe("applyValidationFold", () => {
  it("turns the VAL images outside the fold into TRAIN copies and leaves the rest, and the snapshot, alone", () => {
    const images = version();
    const before = JSON.stringify(images);
    const folds = validationFolds(images, 2);
    const seen = applyValidationFold(images, { index: 1, count: 2 });
    expect(JSON.stringify(images)).toBe(before);
    expect(seen.map((i) => i.id)).toEqual(images.map((i) => i.id));
    seen.forEach((after, k) => {
      const original = images[k]!;
      const expected = original.split === "VAL" && folds.get(original.id) !== 1 ? "TRAIN" : original.split;
      expect(after.split).toBe(expected);
      expect(after.labels).toEqual(original.labels);
    });
    expect(seen.filter((i) => i.split === "VAL")).toHaveLength(7);
    expect(seen.filter((i) => i.split === "TRAIN")).toHaveLength(7 + 7);
    expect(seen.filter((i) => i.split === "TEST")).toHaveLength(5);
    // The two folds' VAL images partition the version's VAL split.
    const other = applyValidationFold(images, { index: 0, count: 2 }).filter((i) => i.split === "VAL");
    const ids = [...seen.filter((i) => i.split === "VAL"), ...other].map((i) => i.id).sort();
    expect(ids).toEqual(
      images
        .filter((i) => i.split === "VAL")
        .map((i) => i.id)
        .sort(),
    );
  });

  it("returns the splits as they are without a fold", () => {
    const images = version();
    expect(applyValidationFold(images, null)).toEqual(images);
  });
});
