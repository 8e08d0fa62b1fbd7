import { DataQualityInputError } from "./errors.ts";

/**
 * Checks that every row has the same length (or `expected`) and only finite values, and returns that
 * length. A NaN embedding would otherwise poison every similarity it touches without any error.
 */
export function checkRows(rows: ArrayLike<number>[], what: string, expected?: number): number {
  const dim = expected ?? rows[0]?.length ?? 0;
  rows.forEach((row, i) => {
    if (row.length !== dim) {
      throw new DataQualityInputError(`${what}[${i}] has ${row.length} values, expected ${dim} like the others`);
    }
    for (let d = 0; d < dim; d++) {
      if (!Number.isFinite(row[d])) {
        throw new DataQualityInputError(`${what}[${i}][${d}] is ${row[d]}; re-compute that embedding`);
      }
    }
  });
  return dim;
}

/**
 * Rows scaled to unit length, packed row-major into one Float32Array (n × dim), so that a dot product
 * is the cosine similarity. An all-zero row stays zero (similarity 0 to everything) rather than NaN.
 */
export function normalizedMatrix(rows: ArrayLike<number>[], what = "vectors"): { data: Float32Array; dim: number } {
  const dim = checkRows(rows, what);
  const data = new Float32Array(rows.length * dim);
  rows.forEach((row, i) => {
    let norm = 0;
    for (let d = 0; d < dim; d++) norm += row[d] * row[d];
    const scale = norm > 0 ? 1 / Math.sqrt(norm) : 0;
    for (let d = 0; d < dim; d++) data[i * dim + d] = row[d] * scale;
  });
  return { data, dim };
}
