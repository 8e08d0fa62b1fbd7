// Dense symmetric positive-definite solves for the kernel head (kernel-head.ts): a few hundred to a
// few thousand unknowns, in plain TypeScript on Float64Arrays. tfjs has no Cholesky or triangular
// solve, and these systems are small enough that one factorisation is well under a second.

/**
 * The Cholesky factor L of a symmetric positive-definite `a` (n×n, row-major, read only): A = L·Lᵀ,
 * L lower triangular, row-major (row i holds L[i][0..i]). Throws a RangeError when A is not positive
 * definite (a ridge keeps the kernel systems well away from that).
 */
export function choleskyFactor(a: Float64Array, n: number): Float64Array {
  if (a.length !== n * n) throw new RangeError(`choleskyFactor: matrix has ${a.length} entries, expected ${n * n}`);
  // Each entry is a dot product of two row prefixes, which keeps the inner loop on contiguous memory.
  const l = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    const ri = i * n;
    for (let j = 0; j <= i; j++) {
      const rj = j * n;
      let sum = a[ri + j];
      for (let p = 0; p < j; p++) sum -= l[ri + p] * l[rj + p];
      if (i === j) {
        if (!(sum > 0)) throw new RangeError(`choleskyFactor: the matrix is not positive definite (pivot ${i})`);
        l[ri + i] = Math.sqrt(sum);
      } else {
        l[ri + j] = sum / l[rj + j];
      }
    }
  }
  return l;
}

/** Solves L·Lᵀ·X = B for the factor `l` of choleskyFactor and `b` (n×k, row-major). Returns X (n×k). */
export function solveFactored(l: Float64Array, n: number, b: Float64Array, k: number): Float64Array {
  if (b.length !== n * k) throw new RangeError(`solveFactored: right side has ${b.length} entries, expected ${n * k}`);
  // L·Y = B (forward), then Lᵀ·X = Y (backward), column by column of B.
  const x = new Float64Array(n * k);
  const y = new Float64Array(n);
  for (let c = 0; c < k; c++) {
    for (let i = 0; i < n; i++) {
      let sum = b[i * k + c];
      const ri = i * n;
      for (let p = 0; p < i; p++) sum -= l[ri + p] * y[p];
      y[i] = sum / l[ri + i];
    }
    for (let i = n - 1; i >= 0; i--) {
      let sum = y[i];
      for (let p = i + 1; p < n; p++) sum -= l[p * n + i] * x[p * k + c];
      x[i * k + c] = sum / l[i * n + i];
    }
  }
  return x;
}

/**
 * The diagonal of A⁻¹ from A's factor L (choleskyFactor): A⁻¹ = L⁻ᵀ·L⁻¹, so (A⁻¹)ᵢᵢ is the squared
 * norm of column i of L⁻¹. L⁻¹ is built row by row (row i from the rows above it, contiguous reads);
 * about n³/3 multiply-adds, the cost of the factorisation itself.
 */
export function inverseDiagonal(l: Float64Array, n: number): Float64Array {
  const m = new Float64Array(n * n);
  const diagonal = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const ri = i * n;
    // Row i of L⁻¹: M[i][j] = −(Σ_{p=j}^{i−1} L[i][p]·M[p][j]) / L[i][i] for j < i, 1/L[i][i] on the diagonal.
    for (let p = 0; p < i; p++) {
      const lip = l[ri + p];
      if (lip === 0) continue;
      const rp = p * n;
      for (let j = 0; j <= p; j++) m[ri + j] -= lip * m[rp + j];
    }
    const inv = 1 / l[ri + i];
    for (let j = 0; j < i; j++) m[ri + j] *= inv;
    m[ri + i] = inv;
    for (let j = 0; j <= i; j++) diagonal[j] += m[ri + j] * m[ri + j];
  }
  return diagonal;
}
