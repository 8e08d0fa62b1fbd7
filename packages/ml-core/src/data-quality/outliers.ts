import { DataQualityInputError } from "./errors.ts";
import { normalizedMatrix } from "./rows.ts";

export interface OutlierScore {
  index: number;
  /** The class whose centroid the item is least atypical for. */
  nearestClass: number;
  /**
   * Robust z-score of the item's similarity to that class's centroid, against the class members' own
   * similarities: (similarity - median) / (1.4826 · MAD). The item's best over all classes; very
   * negative = far from every class.
   */
  score: number;
  /** Cosine similarity to the nearest class centroid. */
  similarity: number;
  outlier: boolean;
}

export interface OutlierOptions {
  /** An item is an outlier when its best robust z-score over all classes is below this (default -3.5). */
  zThreshold?: number;
}

/**
 * Items far from every class: each class is summarised by the centroid of its members' unit
 * embeddings and by how similar its own members are to that centroid (median and MAD, robust to the
 * very outliers being looked for). An item is scored against every class and keeps its best score,
 * so a mislabelled but ordinary image (close to another class) is not an outlier; an image unlike any
 * class (a blank frame, a screenshot, the wrong product) is. O(n · classes · dim): 10,000 × 1,280
 * embeddings take well under a second.
 */
export function findOutliers(
  vectors: ArrayLike<number>[],
  labels: number[],
  classCount: number,
  options: OutlierOptions = {},
): OutlierScore[] {
  const zThreshold = options.zThreshold ?? -3.5;
  if (labels.length !== vectors.length) {
    throw new DataQualityInputError(`got ${vectors.length} vectors but ${labels.length} labels`);
  }
  labels.forEach((label, i) => {
    if (!Number.isInteger(label) || label < 0 || label >= classCount) {
      throw new DataQualityInputError(`label ${label} at row ${i} is not a class index in [0, ${classCount})`);
    }
  });
  const n = vectors.length;
  if (n === 0) return [];
  const { data, dim } = normalizedMatrix(vectors);
  const centroids = new Float64Array(classCount * dim);
  const counts = new Array<number>(classCount).fill(0);
  for (let i = 0; i < n; i++) {
    counts[labels[i]]++;
    const o = labels[i] * dim;
    for (let d = 0; d < dim; d++) centroids[o + d] += data[i * dim + d];
  }
  for (let c = 0; c < classCount; c++) {
    let norm = 0;
    for (let d = 0; d < dim; d++) norm += centroids[c * dim + d] ** 2;
    const scale = norm > 0 ? 1 / Math.sqrt(norm) : 0;
    for (let d = 0; d < dim; d++) centroids[c * dim + d] *= scale;
  }
  const similarity = new Float64Array(n * classCount);
  for (let i = 0; i < n; i++) {
    for (let c = 0; c < classCount; c++) {
      let s = 0;
      for (let d = 0; d < dim; d++) s += data[i * dim + d] * centroids[c * dim + d];
      similarity[i * classCount + c] = s;
    }
  }
  const median = new Float64Array(classCount);
  const spread = new Float64Array(classCount);
  for (let c = 0; c < classCount; c++) {
    const own: number[] = [];
    for (let i = 0; i < n; i++) if (labels[i] === c) own.push(similarity[i * classCount + c]);
    if (own.length === 0) {
      median[c] = Number.NaN; // no members: no class to be close to
      continue;
    }
    median[c] = quantile(own, 0.5);
    // 1.4826 · MAD estimates the standard deviation of a normal; a floor keeps a class of identical
    // images from making every other item infinitely far.
    spread[c] = Math.max(
      1e-3,
      1.4826 *
        quantile(
          own.map((s) => Math.abs(s - median[c])),
          0.5,
        ),
    );
  }
  return Array.from({ length: n }, (_, index) => {
    let best = Number.NEGATIVE_INFINITY;
    let nearestClass = labels[index];
    for (let c = 0; c < classCount; c++) {
      if (Number.isNaN(median[c])) continue;
      const z = (similarity[index * classCount + c] - median[c]) / spread[c];
      if (z > best) {
        best = z;
        nearestClass = c;
      }
    }
    return {
      index,
      nearestClass,
      score: best,
      similarity: similarity[index * classCount + nearestClass],
      outlier: best < zThreshold,
    };
  });
}

function quantile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (sorted.length - 1) * q;
  const lo = Math.floor(at);
  const hi = Math.ceil(at);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (at - lo);
}
