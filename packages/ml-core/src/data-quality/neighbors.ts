import { DataQualityInputError } from "./errors.ts";
import { normalizedMatrix } from "./rows.ts";

export interface Neighbors {
  k: number;
  /** indices[i * k + r] = the r-th most similar other item to item i. */
  indices: Int32Array;
  /** Cosine similarity of that neighbour. */
  similarities: Float32Array;
}

/**
 * The k most cosine-similar other items of every item, exactly (every pair is scored once, in row
 * blocks so the block's rows stay in cache while the other rows stream past). Quadratic: meant for
 * the few thousand items of a training split, not for a whole dataset of tens of thousands.
 */
export function nearestNeighbors(vectors: ArrayLike<number>[], k: number): Neighbors {
  const n = vectors.length;
  if (!Number.isInteger(k) || k < 1 || k >= n) {
    throw new DataQualityInputError(`k must be an integer in [1, ${n - 1}] for ${n} items, got ${k}`);
  }
  const { data, dim } = normalizedMatrix(vectors);
  const indices = new Int32Array(n * k).fill(-1);
  const similarities = new Float32Array(n * k).fill(Number.NEGATIVE_INFINITY);
  // Insert into item i's sorted top-k list (descending; ties keep the lower index first).
  const offer = (i: number, j: number, s: number) => {
    const base = i * k;
    if (s <= similarities[base + k - 1]) return;
    let r = k - 1;
    while (r > 0 && s > similarities[base + r - 1]) {
      similarities[base + r] = similarities[base + r - 1];
      indices[base + r] = indices[base + r - 1];
      r--;
    }
    similarities[base + r] = s;
    indices[base + r] = j;
  };
  const BLOCK = 32;
  for (let i0 = 0; i0 < n; i0 += BLOCK) {
    const i1 = Math.min(n, i0 + BLOCK);
    for (let j = i0; j < n; j++) {
      const b = j * dim;
      for (let i = i0; i < Math.min(i1, j); i++) {
        const a = i * dim;
        let s = 0;
        for (let d = 0; d < dim; d++) s += data[a + d] * data[b + d];
        offer(i, j, s);
        offer(j, i, s);
      }
    }
  }
  return { k, indices, similarities };
}

/**
 * Class probabilities of each item from its neighbours' given labels (similarity-weighted vote with
 * add-one smoothing), leaving the item itself out: out-of-sample by construction, no training, and a
 * view of the labels that a linear model on the same features does not share.
 */
export function neighborLabelProbabilities(
  neighbors: Neighbors,
  labels: number[],
  classCount: number,
  smoothing = 1,
): Float32Array[] {
  const { k, indices, similarities } = neighbors;
  if (indices.length !== labels.length * k) {
    throw new DataQualityInputError(
      `neighbours are for ${indices.length / k} items but ${labels.length} labels were given`,
    );
  }
  return labels.map((_, i) => {
    const row = new Float32Array(classCount).fill(smoothing / classCount);
    let total = smoothing;
    for (let r = 0; r < k; r++) {
      // Negative similarities carry no evidence; clamp so they cannot subtract votes.
      const w = Math.max(0, similarities[i * k + r]);
      row[labels[indices[i * k + r]]] += w;
      total += w;
    }
    for (let c = 0; c < classCount; c++) row[c] /= total;
    return row;
  });
}
