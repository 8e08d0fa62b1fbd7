// The WebAssembly SIMD Adam loop against the rule written out in double precision: same moments and
// weights to float32 rounding, over several steps, for a length that leaves padding lanes.
import { describe, expect, it } from "vitest";
import { simdAdam } from "../src/kernels/adam-simd.ts";
import { TrainingRng } from "../src/train/rng.ts";

function values(rng: TrainingRng, n: number, scale: number): Float32Array {
  return Float32Array.from({ length: n }, () => (rng.next() - 0.5) * scale);
}

describe("simdAdam", () => {
  it("is available on this Node (WebAssembly SIMD)", () => {
    expect(simdAdam()).not.toBeNull();
  });

  it("applies Adam's update like the double-precision rule, in place", () => {
    const kernel = simdAdam()!;
    const rng = new TrainingRng(4);
    const n = 5003; // not a multiple of 4: the last lanes are padding
    const [beta1, beta2] = [0.9, 0.999];
    const w = values(rng, n, 2);
    const initial = w.slice();
    const m = new Float32Array(n);
    const v = new Float32Array(n);
    const reference = { w: Float64Array.from(w), m: new Float64Array(n), v: new Float64Array(n) };
    for (let t = 1; t <= 6; t++) {
      const g = values(rng, n, t % 2 === 0 ? 1e-3 : 1);
      const step = (0.01 * Math.sqrt(1 - beta2 ** t)) / (1 - beta1 ** t);
      const floor = 1e-7 * Math.sqrt(1 - beta2 ** t);
      kernel.update(w, g, m, v, step, beta1, beta2, floor);
      for (let i = 0; i < n; i++) {
        reference.m[i] = reference.m[i] * beta1 + g[i] * (1 - beta1);
        reference.v[i] = reference.v[i] * beta2 + g[i] * g[i] * (1 - beta2);
        reference.w[i] -= (step * reference.m[i]) / (Math.sqrt(reference.v[i]) + floor);
      }
    }
    const worst = (a: Float32Array, b: Float64Array) =>
      a.reduce((most, x, i) => Math.max(most, Math.abs(x - b[i]) / Math.max(1e-3, Math.abs(b[i]))), 0);
    expect(worst(m, reference.m)).toBeLessThan(1e-5);
    expect(worst(v, reference.v)).toBeLessThan(1e-5);
    expect(worst(w, reference.w)).toBeLessThan(1e-5);
    // Six steps at rate 0.01 (random gradient signs) move nearly every weight by some 1e-3 or more.
    const moved = w.filter((x, i) => Math.abs(x - initial[i]) > 1e-4).length;
    expect(moved / n).toBeGreaterThan(0.95);
  });
});
