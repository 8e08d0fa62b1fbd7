import { TrainingRng } from "../train/rng.ts";
import { DataQualityInputError } from "./errors.ts";

export interface PrincipalComponents {
  dim: number;
  /** Mean of the rows (length dim). */
  mean: Float32Array;
  /** Orthonormal directions, row-major k × dim, strongest first. */
  components: Float32Array;
  k: number;
  /** Variance of the rows along each direction. */
  variances: Float64Array;
}

export interface PrincipalComponentOptions {
  k: number;
  /** Subspace iterations; a handful is enough for the leading directions of embedding data. */
  iterations?: number;
  seed?: number;
  /** Fit on at most this many rows (an evenly spaced subset): the directions barely change past a few thousand. */
  maxRows?: number;
}

/**
 * The leading principal directions of the rows of a row-major n × dim matrix, by subspace (block
 * power) iteration with Gram-Schmidt re-orthonormalisation: O(iterations · n · dim · k), no dim × dim
 * covariance matrix, deterministic for a seed.
 */
export function principalComponents(
  data: Float32Array,
  n: number,
  dim: number,
  options: PrincipalComponentOptions,
): PrincipalComponents {
  const k = options.k;
  if (!Number.isInteger(k) || k < 1 || k > dim) {
    throw new DataQualityInputError(`k must be an integer in [1, ${dim}], got ${k}`);
  }
  if (n < 1) throw new DataQualityInputError("principal components need at least one row");
  const iterations = options.iterations ?? 6;
  const step = Math.max(1, Math.floor(n / (options.maxRows ?? 4000)));
  const rows: number[] = [];
  for (let i = 0; i < n; i += step) rows.push(i);

  const mean = new Float32Array(dim);
  for (const i of rows) for (let d = 0; d < dim; d++) mean[d] += data[i * dim + d];
  for (let d = 0; d < dim; d++) mean[d] /= rows.length;

  const rng = new TrainingRng(options.seed ?? 1);
  const basis = new Float64Array(k * dim);
  for (let p = 0; p < basis.length; p++) basis[p] = rng.next() - 0.5;
  orthonormalize(basis, k, dim);
  const next = new Float64Array(k * dim);
  const projection = new Float64Array(k);
  const centred = new Float64Array(dim);
  const variances = new Float64Array(k);
  for (let iteration = 0; iteration <= iterations; iteration++) {
    // next = Cᵀ-free covariance product: Σ_i (z_i · b) z_i for every basis vector b.
    next.fill(0);
    variances.fill(0);
    for (const i of rows) {
      for (let d = 0; d < dim; d++) centred[d] = data[i * dim + d] - mean[d];
      for (let c = 0; c < k; c++) {
        let s = 0;
        const o = c * dim;
        for (let d = 0; d < dim; d++) s += centred[d] * basis[o + d];
        projection[c] = s;
        variances[c] += s * s;
      }
      for (let c = 0; c < k; c++) {
        const s = projection[c];
        const o = c * dim;
        for (let d = 0; d < dim; d++) next[o + d] += s * centred[d];
      }
    }
    if (iteration === iterations) break;
    basis.set(next);
    orthonormalize(basis, k, dim);
  }
  // Order by variance (power iteration usually has them ordered already; make it certain).
  const order = Array.from({ length: k }, (_, c) => c).sort((a, b) => variances[b] - variances[a]);
  const components = new Float32Array(k * dim);
  const sortedVariances = new Float64Array(k);
  order.forEach((c, r) => {
    components.set(basis.subarray(c * dim, (c + 1) * dim), r * dim);
    sortedVariances[r] = variances[c] / rows.length;
  });
  // A float32 copy of an orthonormal basis is orthonormal to ~1e-7; re-orthonormalise in float64 and
  // round once more so bounds built on it stay valid.
  return { dim, mean, components: reorthonormalized(components, k, dim), k, variances: sortedVariances };
}

/** Modified Gram-Schmidt in place; a vector that collapses is replaced by a fresh axis direction. */
function orthonormalize(basis: Float64Array, k: number, dim: number): void {
  let axis = 0;
  for (let c = 0; c < k; c++) {
    const o = c * dim;
    for (let prev = 0; prev < c; prev++) {
      const p = prev * dim;
      let dot = 0;
      for (let d = 0; d < dim; d++) dot += basis[o + d] * basis[p + d];
      for (let d = 0; d < dim; d++) basis[o + d] -= dot * basis[p + d];
    }
    let norm = 0;
    for (let d = 0; d < dim; d++) norm += basis[o + d] * basis[o + d];
    if (norm < 1e-20) {
      basis.fill(0, o, o + dim);
      basis[o + (axis++ % dim)] = 1;
      c--; // re-orthogonalise the replacement against the earlier vectors
      continue;
    }
    const scale = 1 / Math.sqrt(norm);
    for (let d = 0; d < dim; d++) basis[o + d] *= scale;
  }
}

function reorthonormalized(components: Float32Array, k: number, dim: number): Float32Array {
  const basis = Float64Array.from(components);
  orthonormalize(basis, k, dim);
  return Float32Array.from(basis);
}

/** Coordinates of each row along the components: n × k, row-major. */
export function projectRows(data: Float32Array, n: number, pcs: PrincipalComponents): Float32Array {
  const { dim, k, mean, components } = pcs;
  const out = new Float32Array(n * k);
  const centred = new Float32Array(dim);
  for (let i = 0; i < n; i++) {
    for (let d = 0; d < dim; d++) centred[d] = data[i * dim + d] - mean[d];
    for (let c = 0; c < k; c++) {
      let s = 0;
      const o = c * dim;
      for (let d = 0; d < dim; d++) s += centred[d] * components[o + d];
      out[i * k + c] = s;
    }
  }
  return out;
}
