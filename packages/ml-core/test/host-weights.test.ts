// The host copy of a network's weights that the ONNX Runtime phases train: checkpoint layout, the
// checks that refuse another architecture's snapshot, the optimizer's in-place updates, write-back.

import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { initBackend } from "../src/backend/index.ts";
import { decayWeights, HostWeights, sgdStep } from "../src/train/host-weights.ts";

beforeAll(async () => {
  await initBackend();
});

describe("HostWeights", () => {
  it("snapshots, restores and writes back into the variables", () => {
    const kernel = tf.variable(tf.tensor2d([1, 2, 3, 4], [2, 2]), true, "host_kernel");
    const bias = tf.variable(tf.tensor1d([0.5, -0.5]), true, "host_bias");
    const host = new HostWeights([kernel, bias]);
    const saved = host.snapshot();
    expect(saved.map(({ name, shape }) => ({ name, shape }))).toEqual([
      { name: "0:host_kernel", shape: [2, 2] },
      { name: "1:host_bias", shape: [2] },
    ]);

    host.arrays[0].fill(9);
    expect(Array.from(saved[0].values)).toEqual([1, 2, 3, 4]); // a copy, not a view
    host.restore(saved, "checkpoint");
    expect(Array.from(host.arrays[0])).toEqual([1, 2, 3, 4]);

    host.arrays[1].set([7, 8]);
    host.assign();
    expect(Array.from(bias.dataSync())).toEqual([7, 8]);
    kernel.dispose();
    bias.dispose();
  });

  it("refuses a snapshot of another architecture, saying which array differs", () => {
    const kernel = tf.variable(tf.zeros([3, 2]), true, "other_kernel");
    const host = new HostWeights([kernel]);
    expect(() => host.restore([], "checkpoint")).toThrow(
      "checkpoint has 0 arrays but the network has 1 variables; it belongs to a different architecture",
    );
    expect(() =>
      host.restore([{ name: "0:other_kernel", shape: [2, 3], values: new Float32Array(6) }], "best-epoch snapshot"),
    ).toThrow("best-epoch snapshot array 0 has shape [2,3] but variable other_kernel is [3,2]");

    // Checked before anything loads: a snapshot whose second array is wrong leaves the first alone.
    const bias = tf.variable(tf.zeros([2]), true, "other_bias");
    const pair = new HostWeights([kernel, bias]);
    expect(() =>
      pair.restore(
        [
          { name: "0:other_kernel", shape: [3, 2], values: new Float32Array(6).fill(5) },
          { name: "1:other_bias", shape: [3], values: new Float32Array(3) },
        ],
        "checkpoint",
      ),
    ).toThrow("checkpoint array 1 has shape [3] but variable other_bias is [2]");
    expect(Array.from(pair.arrays[0])).toEqual([0, 0, 0, 0, 0, 0]);
    kernel.dispose();
    bias.dispose();
  });
});

describe("the in-place updates", () => {
  it("steps as tf.train.sgd and decays only the chosen arrays", () => {
    const w = Float32Array.of(1, -2);
    sgdStep(w, Float32Array.of(0.5, 1), 0.1);
    expect(Array.from(w)).toEqual([Math.fround(1 - 0.05), Math.fround(-2 - 0.1)]);

    const arrays = [Float32Array.of(2, 4), Float32Array.of(2, 4)];
    decayWeights(arrays, [0], 0.1, 0.5); // keep = 1 − 0.05
    expect(Array.from(arrays[0])).toEqual([Math.fround(2 * Math.fround(0.95)), Math.fround(4 * Math.fround(0.95))]);
    expect(Array.from(arrays[1])).toEqual([2, 4]);
    decayWeights(arrays, [1], 0.1, 0);
    expect(Array.from(arrays[1])).toEqual([2, 4]);
  });
});
