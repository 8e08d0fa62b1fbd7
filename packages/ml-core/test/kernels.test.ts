import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { initBackend } from "../src/backend/index.ts";
import { fusedBatchNormGradConfig, WASM_GRADIENT_KERNELS, WASM_TRANSPOSE_FREE_KERNELS } from "../src/kernels/index.ts";

type Pad = "valid" | "same" | [[number, number], [number, number], [number, number], [number, number]];

/** Deterministic pseudo-random values in [-1, 1) so both backends see identical inputs. */
function values(count: number, seed: number): Float32Array {
  const out = new Float32Array(count);
  let s = seed >>> 0;
  for (let i = 0; i < count; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = s / 2 ** 31 - 1;
  }
  return out;
}

const size = (shape: number[]) => shape.reduce((a, b) => a * b, 1);

async function on(backend: "cpu" | "wasm", compute: () => tf.Tensor[]): Promise<Float32Array[]> {
  await initBackend(backend);
  const outs = tf.tidy(compute);
  const data = await Promise.all(outs.map(async (t) => (await t.data()) as Float32Array));
  tf.dispose(outs);
  return data;
}

function expectClose(actual: Float32Array, expected: Float32Array) {
  expect(actual.length).toBe(expected.length);
  let worst = 0;
  for (let i = 0; i < actual.length; i++) {
    worst = Math.max(worst, Math.abs(actual[i] - expected[i]) / (1 + Math.abs(expected[i])));
  }
  expect(worst).toBeLessThan(1e-4);
}

beforeAll(async () => {
  await initBackend("wasm");
});

describe("WASM gradient kernels", () => {
  it("are registered for wasm once the backend is initialised", () => {
    for (const config of WASM_GRADIENT_KERNELS) expect(tf.getKernel(config.kernelName, "wasm")).toBeDefined();
  });

  const convCases: { name: string; x: number[]; w: number[]; stride: number; pad: Pad }[] = [
    { name: "3×3 stride 2 same (MobileNetV2 Conv1)", x: [2, 9, 9, 3], w: [3, 3, 3, 4], stride: 2, pad: "same" },
    { name: "3×3 stride 2 valid, even input", x: [2, 8, 8, 3], w: [3, 3, 3, 5], stride: 2, pad: "valid" },
    { name: "1×1 stride 1 (expand/project)", x: [3, 5, 5, 8], w: [1, 1, 8, 6], stride: 1, pad: "same" },
    // Below 32 input channels (or with a stride) the filter gradient is one swapped convolution; from
    // 32 on, slices and matmuls: both paths, and a valid remainder the convolution must not read.
    {
      name: "3×3 stride 1 same, 1 input channel (scratch's first layer)",
      x: [4, 8, 8, 1],
      w: [3, 3, 1, 6],
      stride: 1,
      pad: "same",
    },
    {
      name: "3×3 stride 1 same, 32 input channels (tap path)",
      x: [2, 5, 5, 32],
      w: [3, 3, 32, 4],
      stride: 1,
      pad: "same",
    },
    { name: "3×3 stride 2 valid, odd remainder", x: [2, 10, 9, 3], w: [3, 3, 3, 2], stride: 2, pad: "valid" },
    {
      name: "2×3 explicit asymmetric padding",
      x: [1, 7, 6, 2],
      w: [2, 3, 2, 3],
      stride: 1,
      pad: [
        [0, 0],
        [1, 2],
        [0, 1],
        [0, 0],
      ],
    },
  ];

  it.each(convCases)("conv2d filter and input gradients match CPU: $name", async ({ x, w, stride, pad }) => {
    const xs = values(size(x), 1);
    const ws = values(size(w), 2);
    const compute = () => {
      const grads = tf.grads((a: tf.Tensor, b: tf.Tensor) =>
        tf.sum(tf.square(tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, stride, pad))),
      );
      return grads([
        tf.tensor4d(xs, x as [number, number, number, number]),
        tf.tensor4d(ws, w as [number, number, number, number]),
      ]);
    };
    const cpu = await on("cpu", compute);
    const wasm = await on("wasm", compute);
    expectClose(wasm[0], cpu[0]);
    expectClose(wasm[1], cpu[1]);
  });

  const depthwiseCases: { name: string; x: number[]; w: number[]; stride: number; pad: Pad }[] = [
    { name: "3×3 stride 2 same", x: [2, 9, 9, 4], w: [3, 3, 4, 1], stride: 2, pad: "same" },
    { name: "3×3 stride 1 same", x: [2, 7, 7, 4], w: [3, 3, 4, 1], stride: 1, pad: "same" },
    { name: "3×3 stride 2 valid, even input", x: [1, 8, 8, 3], w: [3, 3, 3, 1], stride: 2, pad: "valid" },
    { name: "channel multiplier 2", x: [2, 6, 6, 3], w: [3, 3, 3, 2], stride: 1, pad: "valid" },
    {
      name: "explicit padding",
      x: [1, 6, 5, 2],
      w: [3, 2, 2, 1],
      stride: 1,
      pad: [
        [0, 0],
        [2, 0],
        [1, 1],
        [0, 0],
      ],
    },
  ];

  it.each(depthwiseCases)("depthwise filter and input gradients match CPU: $name", async ({ x, w, stride, pad }) => {
    const xs = values(size(x), 3);
    const ws = values(size(w), 4);
    const compute = () => {
      const grads = tf.grads((a: tf.Tensor, b: tf.Tensor) =>
        tf.sum(tf.square(tf.depthwiseConv2d(a as tf.Tensor4D, b as tf.Tensor4D, stride, pad))),
      );
      return grads([
        tf.tensor4d(xs, x as [number, number, number, number]),
        tf.tensor4d(ws, w as [number, number, number, number]),
      ]);
    };
    const cpu = await on("cpu", compute);
    const wasm = await on("wasm", compute);
    expectClose(wasm[0], cpu[0]);
    expectClose(wasm[1], cpu[1]);
  });

  it("depthwise kernels handle dilation (called directly: the op gradient refuses it)", async () => {
    // Reference: a dilation-2 3×3 filter is a dilation-1 5×5 filter with zeros between the taps, so
    // its gradients are the dense 5×5 gradients (input) and their every-other-tap samples (filter).
    // The CPU kernels themselves ignore dilation in backprop, so they cannot be the reference here.
    const xShape: [number, number, number, number] = [1, 9, 9, 2];
    const wShape: [number, number, number, number] = [3, 3, 2, 1];
    const xs = values(size(xShape), 5);
    const ws = values(size(wShape), 6);
    const dys = values(1 * 9 * 9 * 2, 7);
    const wasm = await on("wasm", () => {
      const x = tf.tensor4d(xs, xShape);
      const w = tf.tensor4d(ws, wShape);
      const dy = tf.tensor4d(dys, [1, 9, 9, 2]);
      const attrs = { strides: [1, 1], dilations: [2, 2], pad: "same", dimRoundingMode: undefined };
      const dw = tf.engine().runKernel(tf.DepthwiseConv2dNativeBackpropFilter, { x, dy }, {
        ...attrs,
        filterShape: wShape,
      } as never) as tf.Tensor;
      const dx = tf.engine().runKernel(tf.DepthwiseConv2dNativeBackpropInput, { dy, filter: w }, {
        ...attrs,
        inputShape: xShape,
      } as never) as tf.Tensor;
      return [dw, dx];
    });
    const reference = await on("cpu", () => {
      const x = tf.tensor4d(xs, xShape);
      const dense = tf.buffer([5, 5, 2, 1], "float32");
      const w = tf.tensor4d(ws, wShape).bufferSync();
      for (let i = 0; i < 3; i++)
        for (let j = 0; j < 3; j++) for (let c = 0; c < 2; c++) dense.set(w.get(i, j, c, 0), 2 * i, 2 * j, c, 0);
      const dy = tf.tensor4d(dys, [1, 9, 9, 2]);
      const [dx, dDense] = tf.grads((a: tf.Tensor, b: tf.Tensor) =>
        tf.sum(tf.mul(tf.depthwiseConv2d(a as tf.Tensor4D, b as tf.Tensor4D, 1, "same"), dy)),
      )([x, dense.toTensor()]);
      const dw = tf.stridedSlice(dDense, [0, 0, 0, 0], [5, 5, 2, 1], [2, 2, 1, 1]);
      return [dw, dx];
    });
    expectClose(wasm[0], reference[0]);
    expectClose(wasm[1], reference[1]);
  });

  it("leaves no tensors behind", async () => {
    await initBackend("wasm");
    const x = tf.tensor4d(values(2 * 8 * 8 * 3, 8), [2, 8, 8, 3]);
    const w = tf.tensor4d(values(3 * 3 * 3 * 1, 9), [3, 3, 3, 1]);
    const before = tf.memory().numTensors;
    const grads = tf.grads((a: tf.Tensor, b: tf.Tensor) =>
      tf.sum(tf.depthwiseConv2d(a as tf.Tensor4D, b as tf.Tensor4D, 2, "same")),
    );
    const out = grads([x, w]);
    expect(tf.memory().numTensors).toBe(before + 2);
    tf.dispose([...out, x, w]);
  });
});

describe("WASM matrix products with transposed operands", () => {
  const cases: { name: string; a: number[]; b: number[]; transposeA: boolean; transposeB: boolean }[] = [
    { name: "aᵀ·b (Dense kernel gradient)", a: [6, 5], b: [6, 4], transposeA: true, transposeB: false },
    { name: "a·bᵀ (Dense input gradient)", a: [3, 4], b: [5, 4], transposeA: false, transposeB: true },
    { name: "aᵀ·bᵀ", a: [4, 3], b: [5, 4], transposeA: true, transposeB: true },
    { name: "batched aᵀ·b", a: [2, 6, 3], b: [2, 6, 4], transposeA: true, transposeB: false },
    { name: "batched a·bᵀ with broadcasting", a: [2, 3, 5], b: [1, 4, 5], transposeA: false, transposeB: true },
  ];

  it("are wrapped on wasm once the backend is initialised", () => {
    for (const name of WASM_TRANSPOSE_FREE_KERNELS) expect(tf.getKernel(name, "wasm")).toBeDefined();
  });

  it.each(cases)("matMul matches CPU: $name", async ({ a, b, transposeA, transposeB }) => {
    const as = values(size(a), 11);
    const bs = values(size(b), 12);
    const compute = () => [tf.matMul(tf.tensor(as, a), tf.tensor(bs, b), transposeA, transposeB)];
    const [cpu] = await on("cpu", compute);
    const [wasm] = await on("wasm", compute);
    expectClose(wasm, cpu);
  });

  it("fused matMul with bias and relu, and its gradients, match CPU with transposed operands", async () => {
    const as = values(5 * 4, 13);
    const bs = values(3 * 5, 14);
    const bias = values(3, 15);
    const compute = () => {
      const f = (a: tf.Tensor, b: tf.Tensor) =>
        tf.sum(
          tf.square(
            tf.fused.matMul({
              a: a as tf.Tensor2D,
              b: b as tf.Tensor2D,
              transposeA: true,
              transposeB: true,
              bias: tf.tensor1d(bias),
              activation: "relu",
            }),
          ),
        );
      const forward = tf.fused.matMul({
        a: tf.tensor2d(as, [5, 4]),
        b: tf.tensor2d(bs, [3, 5]),
        transposeA: true,
        transposeB: true,
        bias: tf.tensor1d(bias),
        activation: "relu",
      });
      return [forward, ...tf.grads(f)([tf.tensor2d(as, [5, 4]), tf.tensor2d(bs, [3, 5])])];
    };
    const cpu = await on("cpu", compute);
    const wasm = await on("wasm", compute);
    cpu.forEach((expected, i) => expectClose(wasm[i], expected));
  });

  it("leaves no tensors behind", async () => {
    await initBackend("wasm");
    const a = tf.tensor2d(values(6 * 5, 16), [6, 5]);
    const b = tf.tensor2d(values(6 * 4, 17), [6, 4]);
    const before = tf.memory().numTensors;
    const out = tf.matMul(a, b, true, false);
    expect(tf.memory().numTensors).toBe(before + 1);
    tf.dispose([out, a, b]);
  });
});

describe("BatchNorm gradient without Tile", () => {
  const shape: [number, number, number, number] = [2, 3, 4, 5];
  const eps = 1e-3;
  const xs = values(size(shape), 21);
  const dys = values(size(shape), 22);
  const channel = (seed: number, positive = false) =>
    Array.from(values(5, seed), (v) => (positive ? 0.5 + Math.abs(v) : v));
  const params = () => [
    tf.tensor1d(channel(23)),
    tf.tensor1d(channel(24, true)),
    tf.tensor1d(channel(25)),
    tf.tensor1d(channel(26)),
  ];

  it("is the registered FusedBatchNorm gradient once a backend is initialised", () => {
    expect(tf.getGradient(tf.FusedBatchNorm)).toBe(fusedBatchNormGradConfig);
  });

  it.each(["cpu", "wasm"] as const)(
    "matches the elementwise formula for x, mean, variance, scale and offset on %s",
    async (backend) => {
      const weighted = (y: tf.Tensor) => tf.sum(tf.mul(y, tf.tensor4d(dys, shape)));
      const viaBatchNorm = await on(backend, () =>
        tf.grads((x, m, v, sc, o) =>
          weighted(
            tf.batchNorm(
              x as tf.Tensor4D,
              m as tf.Tensor1D,
              v as tf.Tensor1D,
              o as tf.Tensor1D,
              sc as tf.Tensor1D,
              eps,
            ),
          ),
        )([tf.tensor4d(xs, shape), ...params()]),
      );
      // Reference: the same normalisation from plain elementwise ops, differentiated by autodiff.
      const reference = await on("cpu", () =>
        tf.grads((x, m, v, sc, o) => weighted(tf.add(tf.mul(tf.mul(tf.sub(x, m), tf.rsqrt(tf.add(v, eps))), sc), o)))([
          tf.tensor4d(xs, shape),
          ...params(),
        ]),
      );
      expect(viaBatchNorm).toHaveLength(5);
      viaBatchNorm.forEach((grad, i) => expectClose(grad, reference[i]));
    },
  );
});
