import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import {
  type AffineParams,
  applyAffine,
  augmentBatch,
  IDENTITY,
  REFERENCE_AUGMENTATION,
  transformHandlesBatches,
} from "../src/augment/index.ts";
import { initBackend } from "../src/backend/index.ts";
import { TrainingRng } from "../src/train/rng.ts";

const W = 7;
const H = 7;
const C = 2;
/** Every pixel distinct: value(x, y, c) = 100·c + 7·y + x. */
function gridImage(offset = 0): number[] {
  const out: number[] = [];
  for (let y = 0; y < H; y++)
    for (let x = 0; x < W; x++) for (let c = 0; c < C; c++) out.push(offset + 100 * c + 7 * y + x);
  return out;
}
const value = (data: ArrayLike<number>, n: number, x: number, y: number, c = 0) => data[((n * H + y) * W + x) * C + c];

/**
 * Independent reference: for each output pixel, compute the sampled input position straight from
 * the geometric definition (un-flip, zoom, rotate about the centre, un-shift) and interpolate
 * bilinearly with edge clamping ('nearest' fill), in plain JavaScript.
 */
function reference(image: number[], p: AffineParams): number[] {
  const cx = (W - 1) / 2;
  const cy = (H - 1) / 2;
  const t = (p.angleDeg * Math.PI) / 180;
  const sample = (x: number, y: number, c: number) => {
    const xc = Math.min(Math.max(x, 0), W - 1);
    const yc = Math.min(Math.max(y, 0), H - 1);
    const x0 = Math.floor(xc),
      y0 = Math.floor(yc),
      x1 = Math.ceil(xc),
      y1 = Math.ceil(yc);
    const at = (xx: number, yy: number) => image[(yy * W + xx) * C + c];
    const top = (x1 - xc) * at(x0, y0) + (xc - x0) * at(x1, y0);
    const bottom = (x1 - xc) * at(x0, y1) + (xc - x0) * at(x1, y1);
    const rowMix = (y1 - yc) * top + (yc - y0) * bottom;
    // When x0 === x1 (or y0 === y1) the weights above are both 0; fall back to the exact sample.
    if (x0 === x1 && y0 === y1) return at(x0, y0);
    if (x0 === x1) return (y1 - yc) * at(x0, y0) + (yc - y0) * at(x0, y1);
    if (y0 === y1) return top;
    return rowMix;
  };
  const out: number[] = [];
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      let u = x - cx;
      const v = y - cy;
      if (p.flip) u = -u;
      const zu = u * p.zoomX;
      const zv = v * p.zoomY;
      const inX = cx + Math.cos(t) * zu - Math.sin(t) * zv - p.shiftX;
      const inY = cy + Math.sin(t) * zu + Math.cos(t) * zv - p.shiftY;
      for (let c = 0; c < C; c++) out.push(sample(inX, inY, c));
    }
  }
  return out;
}

describe.each(["wasm", "cpu"] as const)("augmentation on %s", (backend) => {
  beforeAll(async () => {
    await initBackend(backend);
  });

  const run = (params: AffineParams[]) => {
    const images = tf.tensor4d(
      params.flatMap((_, i) => gridImage(i * 1000)),
      [params.length, H, W, C],
    );
    const out = applyAffine(images, params);
    const data = Array.from(out.dataSync());
    tf.dispose([images, out]);
    return data;
  };

  it("identity leaves every image unchanged", () => {
    const data = run([IDENTITY, IDENTITY, IDENTITY]);
    expect(data).toEqual([...gridImage(0), ...gridImage(1000), ...gridImage(2000)]);
  });

  it("moves known pixels where the geometry says (flip, 90° rotation, shift, 2× zoom)", () => {
    const params: AffineParams[] = [
      { ...IDENTITY, flip: true },
      { ...IDENTITY, angleDeg: 90 },
      { ...IDENTITY, shiftX: 2, shiftY: -1 },
      { ...IDENTITY, zoomX: 0.5, zoomY: 0.5 },
    ];
    const data = run(params);
    const input = (n: number, x: number, y: number) => value(gridImage(n * 1000), 0, x, y);
    // Flip: column x shows column 6 − x; image 0 only.
    expect(value(data, 0, 0, 3)).toBeCloseTo(input(0, 6, 3), 4);
    expect(value(data, 0, 5, 1)).toBeCloseTo(input(0, 1, 1), 4);
    // +90° turns the picture counter-clockwise on screen: what was one below the centre is now one
    // right of it, and what was two right of the centre is now two above it.
    expect(value(data, 1, 4, 3)).toBeCloseTo(input(1, 3, 4), 4);
    expect(value(data, 1, 3, 1)).toBeCloseTo(input(1, 5, 3), 4);
    // Shift by (+2, −1): content at (1, 4) is now at (3, 3).
    expect(value(data, 2, 3, 3)).toBeCloseTo(input(2, 1, 4), 4);
    // Zoom in 2×: the centre stays, the pixel one right of it moves two right.
    expect(value(data, 3, 3, 3)).toBeCloseTo(input(3, 3, 3), 4);
    expect(value(data, 3, 5, 3)).toBeCloseTo(input(3, 4, 3), 4);
  });

  it("matches the JavaScript reference for every image of a random batch", () => {
    const rng = new TrainingRng(11);
    const images = tf.tensor4d([...gridImage(0), ...gridImage(1000), ...gridImage(2000)], [3, H, W, C]);
    const { images: out, params } = augmentBatch(images, REFERENCE_AUGMENTATION, rng);
    const data = out.dataSync();
    params.forEach((p, n) => {
      const want = reference(gridImage(n * 1000), p);
      const got = Array.from(data.subarray(n * H * W * C, (n + 1) * H * W * C));
      const worst = Math.max(...got.map((g, i) => Math.abs(g - want[i])));
      expect(worst).toBeLessThan(1e-3);
    });
    // The draws really differ per image: a batch sharing one transform would not test much.
    expect(new Set(params.map((p) => p.angleDeg.toFixed(6))).size).toBe(3);
    tf.dispose([images, out]);
  });

  it("is reproducible for a seed and different across seeds", () => {
    const images = tf.tensor4d([...gridImage(0), ...gridImage(1000)], [2, H, W, C]);
    const a = augmentBatch(images, REFERENCE_AUGMENTATION, new TrainingRng(5));
    const b = augmentBatch(images, REFERENCE_AUGMENTATION, new TrainingRng(5));
    const c = augmentBatch(images, REFERENCE_AUGMENTATION, new TrainingRng(6));
    expect(Array.from(a.images.dataSync())).toEqual(Array.from(b.images.dataSync()));
    expect(Array.from(a.images.dataSync())).not.toEqual(Array.from(c.images.dataSync()));
    tf.dispose([images, a.images, b.images, c.images]);
  });

  it("keeps the tensor count flat", () => {
    const images = tf.tensor4d([...gridImage(0), ...gridImage(1000)], [2, H, W, C]);
    const before = tf.memory().numTensors;
    for (let i = 0; i < 3; i++) augmentBatch(images, REFERENCE_AUGMENTATION, new TrainingRng(i)).images.dispose();
    expect(tf.memory().numTensors).toBe(before);
    images.dispose();
  });
});

describe("the upstream Transform bug this module works around", () => {
  it("exists in tfjs-backend-cpu 4.22.0 (only image 0 is transformed) and not in WASM", async () => {
    await initBackend("cpu");
    expect(transformHandlesBatches()).toBe(false);
    const raw = tf.tidy(() =>
      tf.image
        .transform(
          tf.tensor4d([1, 2, 3, 4], [2, 1, 2, 1]),
          tf.tensor2d([
            [-1, 0, 1, 0, 1, 0, 0, 0],
            [-1, 0, 1, 0, 1, 0, 0, 0],
          ]),
        )
        .dataSync(),
    );
    expect(Array.from(raw)).toEqual([2, 1, 0, 0]);
    await initBackend("wasm");
    expect(transformHandlesBatches()).toBe(true);
  });

  it("rejects invalid configurations", () => {
    const images = tf.zeros([1, 4, 4, 1]) as tf.Tensor4D;
    expect(() => augmentBatch(images, { ...REFERENCE_AUGMENTATION, zoom: 1.5 }, new TrainingRng(1))).toThrow(
      /zoom must be in/,
    );
    images.dispose();
  });
});
