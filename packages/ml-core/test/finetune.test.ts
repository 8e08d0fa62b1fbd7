import * as tf from "@tensorflow/tfjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Backbone, backboneSpec, loadBackbone } from "../src/backbones/index.ts";
import { initBackend } from "../src/backend/index.ts";
import { splitForFineTune } from "../src/finetune/index.ts";

const movingStats = (model: tf.LayersModel) =>
  model.layers
    .filter((l) => l.getClassName() === "BatchNormalization")
    .flatMap((l) =>
      l.weights.filter((w) => /moving_(mean|variance)/.test(w.name)).map((w) => Array.from(w.read().dataSync())),
    );

const firstValues = (layer: tf.layers.Layer, count = 32) =>
  Array.from(layer.getWeights()[0].dataSync().slice(0, count));

describe("tfjs-layers default behaviour (why pinning is needed)", () => {
  it("a non-trainable BatchNormalization still updates its moving statistics when called in training mode", async () => {
    await initBackend("wasm");
    const bn = tf.layers.batchNormalization({ momentum: 0.5 });
    const x = tf.randomNormal([8, 4], 5, 2, "float32", 1);
    bn.apply(x); // build
    bn.trainable = false;
    const before = Array.from(bn.getWeights()[2].dataSync());
    tf.tidy(() => bn.apply(x, { training: true }) as tf.Tensor);
    const after = Array.from(bn.getWeights()[2].dataSync());
    expect(after).not.toEqual(before);
    tf.dispose(x);
    bn.dispose();
  });
});

describe("splitForFineTune on mobilenet_v2 (WASM)", () => {
  let backbone: Backbone;
  const images = () => tf.randomUniform([4, 96, 96, 3], 0, 255, "float32", 3) as tf.Tensor4D;

  beforeAll(async () => {
    await initBackend("wasm");
    backbone = await loadBackbone(backboneSpec("mobilenet_v2", { inputSize: 96 }));
  });
  afterAll(() => backbone.dispose());

  it("cuts below the top blocks and composes back to the full backbone", () => {
    const split = splitForFineTune(backbone, 2);
    expect(split.unfrozenBlocks).toEqual(["block_16", "Conv_1"]);
    expect(split.cutLayer).toBe("block_15_add");
    expect(split.activationShape).toEqual([3, 3, 160]);
    expect(split.top.layers.map((l) => l.name)).toContain("block_16_depthwise");
    expect(split.top.layers.map((l) => l.name)).not.toContain("block_15_expand");
    const x = images();
    const whole = backbone.embed(x);
    const composed = tf.tidy(() => split.top.predict(split.frozen.predict(x) as tf.Tensor) as tf.Tensor);
    const diff = tf.max(tf.abs(tf.sub(whole, composed)));
    expect(diff.dataSync()[0]).toBeLessThan(1e-4);
    tf.dispose([x, whole, composed, diff]);
  });

  it("trains the top blocks on WASM while frozen weights and every BN moving statistic stay put", async () => {
    const split = splitForFineTune(backbone, 2);
    const head = tf.layers.dense({
      units: 2,
      activation: "softmax",
      kernelInitializer: tf.initializers.glorotUniform({ seed: 1 }),
    });
    const output = head.apply(split.top.outputs[0]) as tf.SymbolicTensor;
    const model = tf.model({ inputs: split.top.inputs, outputs: output });
    model.compile({ optimizer: tf.train.adam(1e-3), loss: "categoricalCrossentropy" });

    const x = images();
    const activations = split.frozen.predict(x) as tf.Tensor4D;
    const labels = tf.oneHot(tf.tensor1d([0, 1, 0, 1], "int32"), 2);
    const statsBefore = movingStats(backbone.model);
    const frozenBefore = firstValues(backbone.model.getLayer("block_15_expand"));
    const topBefore = firstValues(backbone.model.getLayer("block_16_expand"));
    const depthwiseBefore = firstValues(backbone.model.getLayer("block_16_depthwise"));

    // fit() runs every layer with training=true: exactly the path where tfjs BN would drift.
    await model.fit(activations, labels, { epochs: 2, batchSize: 4, verbose: 0 });

    expect(movingStats(backbone.model)).toEqual(statsBefore);
    expect(firstValues(backbone.model.getLayer("block_15_expand"))).toEqual(frozenBefore);
    expect(firstValues(backbone.model.getLayer("block_16_expand"))).not.toEqual(topBefore);
    expect(firstValues(backbone.model.getLayer("block_16_depthwise"))).not.toEqual(depthwiseBefore);
    expect(backbone.model.getLayer("block_15_expand").trainable).toBe(false);
    tf.dispose([x, activations, labels]);
    head.dispose();
  });

  it("keeps the tensor count flat across fine-tuning steps", () => {
    const split = splitForFineTune(backbone, 1);
    const x = tf.randomUniform([2, ...split.activationShape], 0, 1, "float32", 4);
    const optimizer = tf.train.sgd(1e-4);
    const vars = split.top.trainableWeights.map((w) => w.read() as tf.Variable);
    const step = () =>
      optimizer.minimize(() => tf.mean(split.top.apply(x, { training: true }) as tf.Tensor) as tf.Scalar, false, vars);
    step();
    const before = tf.memory().numTensors;
    for (let i = 0; i < 3; i++) step();
    expect(tf.memory().numTensors).toBe(before);
    optimizer.dispose();
    x.dispose();
  });

  it("refuses impossible block counts and backbones without blocks", async () => {
    expect(() => splitForFineTune(backbone, 0)).toThrow(RangeError);
    expect(() => splitForFineTune(backbone, backbone.blocks.length + 1)).toThrow(/from 1 to 18/);
    const noBlocks: Backbone = { ...backbone, blocks: [] };
    expect(() => splitForFineTune(noBlocks, 1)).toThrow(/does not declare its blocks/);
  });
});
