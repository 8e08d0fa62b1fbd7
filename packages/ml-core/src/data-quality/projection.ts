import { DataQualityInputError } from "./errors.ts";
import { principalComponents, projectRows } from "./principal-components.ts";
import { normalizedMatrix } from "./rows.ts";

export interface Projection2D {
  /** x, y of item i at [2i], [2i + 1]; each axis scaled to [-1, 1]. */
  coordinates: Float32Array;
  /** Share of the (normalised) embeddings' variance each axis shows. */
  explainedVariance: [number, number];
}

/**
 * A 2-D map of embeddings for the browser: the first two principal components of the unit-normalised
 * vectors (cosine geometry, like every other data-quality check), by power iteration. Deterministic,
 * O(n · dim) per iteration: 10,000 × 1,280 in about a second, so it fits a worker's budget where a
 * neighbour-graph layout (UMAP, t-SNE) would take minutes in JavaScript. Each axis is scaled
 * to [-1, 1] and its sign fixed (the heavier tail on the positive side), so reruns on the same data
 * draw the same picture.
 */
export function projectEmbeddings(vectors: ArrayLike<number>[], options: { seed?: number } = {}): Projection2D {
  const n = vectors.length;
  if (n < 2) throw new DataQualityInputError(`a projection needs at least 2 embeddings, got ${n}`);
  const { data, dim } = normalizedMatrix(vectors);
  if (dim < 2) throw new DataQualityInputError(`embeddings need at least 2 dimensions, got ${dim}`);
  const pcs = principalComponents(data, n, dim, { k: 2, iterations: 12, maxRows: 5000, seed: options.seed ?? 1 });
  const coordinates = projectRows(data, n, pcs);
  let total = 0;
  for (let i = 0; i < n; i++) {
    for (let d = 0; d < dim; d++) total += (data[i * dim + d] - pcs.mean[d]) ** 2;
  }
  total /= n;
  for (let axis = 0; axis < 2; axis++) {
    let max = 0;
    let skew = 0;
    for (let i = 0; i < n; i++) {
      const v = coordinates[i * 2 + axis];
      max = Math.max(max, Math.abs(v));
      skew += v * v * v;
    }
    const scale = (max > 0 ? 1 / max : 1) * (skew < 0 ? -1 : 1);
    for (let i = 0; i < n; i++) coordinates[i * 2 + axis] *= scale;
  }
  return {
    coordinates,
    explainedVariance: [total > 0 ? pcs.variances[0] / total : 0, total > 0 ? pcs.variances[1] / total : 0],
  };
}
