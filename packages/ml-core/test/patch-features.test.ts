// k-means patch features (data-quality/patch-features.ts): shapes, determinism, input errors, and
// that a linear model on them tells apart shapes that raw pixels at shifted positions do not.
import { describe, expect, it } from "vitest";
import {
  DataQualityInputError,
  fitSoftmaxRegression,
  learnPatchFilters,
  patchFeatures,
  TrainingRng,
} from "../src/index.ts";

const SIDE = 16;

/**
 * A bar three pixels thick and eight long, vertical (class 0) or horizontal (class 1), at a random
 * position, on a noisy background.
 */
function bars(n: number, seed: number) {
  const rng = new TrainingRng(seed);
  const labels: number[] = [];
  const rows = Array.from({ length: n }, (_, i) => {
    const label = i % 2;
    labels.push(label);
    const image = Float32Array.from({ length: SIDE * SIDE }, () => rng.next() * 0.2);
    const top = Math.floor(rng.next() * (SIDE - 8));
    const left = Math.floor(rng.next() * (SIDE - 8));
    for (let a = 0; a < 8; a++) {
      for (let b = 0; b < 3; b++) {
        const [y, x] = label === 0 ? [top + a, left + b] : [top + b, left + a];
        image[y * SIDE + x] = 0.9;
      }
    }
    return image;
  });
  return { rows, labels };
}

describe("patch features", () => {
  it("learns the same filters for a seed and gives grid² × filters values per image", () => {
    const { rows } = bars(40, 1);
    const a = learnPatchFilters(rows, SIDE, { filters: 8, samples: 500, seed: 3 });
    const b = learnPatchFilters(rows, SIDE, { filters: 8, samples: 500, seed: 3 });
    expect(a.count).toBe(8);
    expect(a.centroids.length).toBe(8 * 25);
    expect(Array.from(a.centroids)).toEqual(Array.from(b.centroids));
    const features = patchFeatures(rows, SIDE, a, 3);
    expect(features).toHaveLength(40);
    expect(features.every((row) => row.length === 9 * 8 && row.every((v) => v >= 0 && Number.isFinite(v)))).toBe(true);
    // RGB rows with equal channels are the same images: their features are the grey ones.
    const rgb = rows.map((row) => Float32Array.from({ length: row.length * 3 }, (_, k) => row[Math.floor(k / 3)]!));
    const fromRgb = patchFeatures(
      rgb,
      SIDE,
      learnPatchFilters(rgb, SIDE, { filters: 8, samples: 500, seed: 3 }, 3),
      3,
      3,
    );
    fromRgb.forEach((row, i) => row.forEach((v, j) => expect(v).toBeCloseTo(features[i]![j]!, 4)));
  });

  it("separates bar orientations at random positions with a linear model", () => {
    const train = bars(200, 2);
    const test = bars(100, 3);
    const filters = learnPatchFilters(train.rows, SIDE, { filters: 16, samples: 2000, seed: 1 });
    const model = fitSoftmaxRegression(patchFeatures(train.rows, SIDE, filters, 2), train.labels, {
      classCount: 2,
      epochs: 20,
    });
    const predicted = model.predict(patchFeatures(test.rows, SIDE, filters, 2)).map((p) => (p[1]! > p[0]! ? 1 : 0));
    const accuracy = predicted.filter((label, i) => label === test.labels[i]).length / test.labels.length;
    // Measured 1.00: edge filters fire on a bar's long sides whatever its position in the cell.
    expect(accuracy).toBeGreaterThanOrEqual(0.95);
  });

  it("says what is wrong with bad input", () => {
    const { rows } = bars(4, 1);
    expect(() => learnPatchFilters([], SIDE)).toThrow(/at least one image/);
    expect(() => learnPatchFilters(rows, 20)).toThrow(DataQualityInputError);
    expect(() => learnPatchFilters(rows, 20)).toThrow(/row 0 has 256 values; 20 × 20 pixels/);
    expect(() => learnPatchFilters(rows, SIDE, { filters: 8, samples: 4 })).toThrow(/samples >= filters/);
    const filters = learnPatchFilters(rows, SIDE, { filters: 4, samples: 100 });
    expect(() => patchFeatures(rows, SIDE, filters, 13)).toThrow(/grid must be an integer in \[1, 12\]/);
    expect(() => patchFeatures(rows, 4, filters)).toThrow(/at least the patch size/);
  });
});
