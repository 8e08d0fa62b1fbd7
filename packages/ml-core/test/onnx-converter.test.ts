// One small random tfjs model per layer type, converted to ONNX and run in onnxruntime-node against
// tfjs' own predictions (the reference) on the same random input.
import * as tf from "@tensorflow/tfjs";
import onnxProto from "onnx-proto";
import * as ort from "onnxruntime-node";
import { beforeAll, describe, expect, it } from "vitest";
import { initBackend } from "../src/backend/index.ts";
import { convertLayersModel, OnnxConversionError } from "../src/onnx/index.ts";

const { onnx } = onnxProto;

const TOLERANCE = 1e-4;
let seed = 1;

/** Gives every BatchNormalization non-trivial statistics: fresh ones (mean 0, var 1) would hide folding bugs. */
function randomizeBatchNorm(model: tf.LayersModel): void {
  for (const layer of model.layers) {
    if (layer.getClassName() !== "BatchNormalization") continue;
    layer.setWeights(
      layer.weights.map((w) => {
        const shape = w.shape as number[];
        if (w.originalName.endsWith("moving_variance")) return tf.randomUniform(shape, 0.2, 2, "float32", seed++);
        if (w.originalName.endsWith("gamma")) return tf.randomUniform(shape, 0.5, 1.5, "float32", seed++);
        return tf.randomNormal(shape, 0, 0.5, "float32", seed++);
      }),
    );
  }
}

/** Runs `model` on tfjs and on its ONNX conversion; returns the largest difference relative to the output scale. */
async function parity(model: tf.LayersModel, batch = 3, options: Parameters<typeof convertLayersModel>[1] = {}) {
  randomizeBatchNorm(model);
  const inputShape = model.inputs[0].shape.slice(1) as number[];
  const x = tf.randomUniform([batch, ...inputShape], -1, 1, "float32", seed++);
  const expected = tf.tidy(() => (model.predict(x) as tf.Tensor).dataSync() as Float32Array);
  const converted = convertLayersModel(model, options);
  const session = await ort.InferenceSession.create(converted.bytes, { intraOpNumThreads: 1 });
  const result = await session.run({
    input: new ort.Tensor("float32", x.dataSync() as Float32Array, [batch, ...inputShape]),
  });
  await session.release();
  x.dispose();
  const actual = result.output.data as Float32Array;
  expect(result.output.dims).toEqual([batch, ...converted.outputShape]);
  expect(actual.length).toBe(expected.length);
  let scale = 1;
  let worst = 0;
  for (let i = 0; i < expected.length; i++) {
    scale = Math.max(scale, Math.abs(expected[i]));
    worst = Math.max(worst, Math.abs(expected[i] - actual[i]));
  }
  return { worst: worst / scale, converted };
}

/** A functional model: input of `shape` → layers applied in order. */
function chain(shape: number[], ...layers: tf.layers.Layer[]): tf.LayersModel {
  const input = tf.input({ shape });
  let x: tf.SymbolicTensor = input;
  for (const layer of layers) x = layer.apply(x) as tf.SymbolicTensor;
  return tf.model({ inputs: input, outputs: x });
}

const conv = (config: Partial<Parameters<typeof tf.layers.conv2d>[0]> = {}) =>
  tf.layers.conv2d({
    filters: 5,
    kernelSize: 3,
    kernelInitializer: tf.initializers.glorotNormal({ seed: seed++ }),
    biasInitializer: tf.initializers.randomNormal({ seed: seed++ }),
    ...config,
  });

beforeAll(async () => {
  await initBackend("wasm");
});

describe("convertLayersModel, one layer type at a time (ONNX Runtime vs tfjs)", () => {
  it.each([
    ["Conv2D same, stride 1, bias, relu", { padding: "same", activation: "relu" }],
    ["Conv2D valid, stride 2, no bias", { padding: "valid", strides: 2, useBias: false }],
    ["Conv2D same, stride 2 (odd padding after)", { padding: "same", strides: 2, kernelSize: 3 }],
    ["Conv2D same, 1×5 kernel, dilation 2", { padding: "same", kernelSize: [1, 5], dilationRate: 2 }],
  ] as const)("%s", async (_, config) => {
    const { worst } = await parity(chain([11, 9, 4], conv(config as Parameters<typeof conv>[0])));
    expect(worst).toBeLessThan(TOLERANCE);
  });

  it.each([
    ["multiplier 1, same, stride 1", { depthMultiplier: 1, padding: "same" }],
    ["multiplier 2, same, stride 2", { depthMultiplier: 2, padding: "same", strides: 2 }],
    ["valid, relu6", { padding: "valid", activation: "relu6" }],
  ] as const)("DepthwiseConv2D %s", async (_, config) => {
    const layer = tf.layers.depthwiseConv2d({
      kernelSize: 3,
      depthwiseInitializer: tf.initializers.glorotNormal({ seed: seed++ }),
      biasInitializer: tf.initializers.randomNormal({ seed: seed++ }),
      ...(config as object),
    });
    const { worst } = await parity(chain([10, 10, 4], layer));
    expect(worst).toBeLessThan(TOLERANCE);
  });

  it("SeparableConv2D", async () => {
    const layer = tf.layers.separableConv2d({
      filters: 6,
      kernelSize: 3,
      padding: "same",
      depthMultiplier: 2,
      depthwiseInitializer: tf.initializers.glorotNormal({ seed: seed++ }),
      pointwiseInitializer: tf.initializers.glorotNormal({ seed: seed++ }),
      biasInitializer: tf.initializers.randomNormal({ seed: seed++ }),
    });
    const { worst } = await parity(chain([8, 8, 3], layer));
    expect(worst).toBeLessThan(TOLERANCE);
  });

  it("BatchNormalization after a convolution folds into its weights (no BN node is left)", async () => {
    const { worst, converted } = await parity(
      chain([8, 8, 3], conv({ padding: "same", useBias: false }), tf.layers.batchNormalization(), tf.layers.reLU()),
    );
    expect(worst).toBeLessThan(TOLERANCE);
    const text = Buffer.from(converted.bytes).toString("latin1");
    expect(text).toContain("Conv");
    // A standalone BN would have left a Mul + Add pair behind.
    expect(text).not.toContain("/Mul");
  });

  it("BatchNormalization not after a convolution (after ReLU, and on a Dense output) as a multiply-add", async () => {
    expect(
      (await parity(chain([6, 6, 3], conv({ padding: "same" }), tf.layers.reLU(), tf.layers.batchNormalization())))
        .worst,
    ).toBeLessThan(TOLERANCE);
    expect(
      (
        await parity(
          chain(
            [7],
            tf.layers.dense({ units: 4, activation: "relu" }),
            tf.layers.batchNormalization({ epsilon: 0.01 }),
          ),
        )
      ).worst,
    ).toBeLessThan(TOLERANCE);
    // Dense with a linear activation: BN folds into its Gemm.
    expect(
      (await parity(chain([7], tf.layers.dense({ units: 4, useBias: false }), tf.layers.batchNormalization()))).worst,
    ).toBeLessThan(TOLERANCE);
  });

  it("BatchNormalization read by two layers is not folded", async () => {
    const input = tf.input({ shape: [6, 6, 3] });
    const c = conv({ padding: "same" }).apply(input) as tf.SymbolicTensor;
    const bn = tf.layers.batchNormalization().apply(c) as tf.SymbolicTensor;
    const sum = tf.layers.add().apply([bn, c]) as tf.SymbolicTensor;
    expect((await parity(tf.model({ inputs: input, outputs: sum }))).worst).toBeLessThan(TOLERANCE);
  });

  it.each([
    ["ReLU", () => tf.layers.reLU()],
    ["ReLU(max_value 6)", () => tf.layers.reLU({ maxValue: 6 })],
    ["LeakyReLU", () => tf.layers.leakyReLU({ alpha: 0.2 })],
    // tfjs implements only alpha = 1.
    ["ELU", () => tf.layers.elu()],
    ["ThresholdedReLU", () => tf.layers.thresholdedReLU({ theta: 0.3 })],
  ])("%s", async (_, make) => {
    // ×4 pushes values past 6 so the ReLU6 clip is exercised.
    const scale = tf.layers.rescaling({ scale: 4, offset: 0.5 });
    expect((await parity(chain([5, 5, 3], scale, make()))).worst).toBeLessThan(TOLERANCE);
  });

  it.each([
    "relu",
    "relu6",
    "sigmoid",
    "tanh",
    "softmax",
    "elu",
    "selu",
    "softplus",
    "softsign",
    "hardSigmoid",
    "swish",
    "mish",
    "linear",
  ] as const)("Activation(%s), on a feature map and fused into Dense", async (name) => {
    const scale = tf.layers.rescaling({ scale: 5 });
    expect((await parity(chain([4, 4, 6], scale, tf.layers.activation({ activation: name })))).worst).toBeLessThan(
      TOLERANCE,
    );
    expect((await parity(chain([9], scale, tf.layers.dense({ units: 5, activation: name })))).worst).toBeLessThan(
      TOLERANCE,
    );
  });

  it("ZeroPadding2D folds into the next convolution's pads, or becomes a Pad before pooling", async () => {
    const folded = await parity(
      chain(
        [9, 9, 3],
        tf.layers.zeroPadding2d({
          padding: [
            [0, 1],
            [0, 1],
          ],
        }),
        conv({ padding: "valid", strides: 2 }),
      ),
    );
    expect(folded.worst).toBeLessThan(TOLERANCE);
    expect(Buffer.from(folded.converted.bytes).toString("latin1")).not.toContain("Pad\x12");
    // Pooling over zeros: the inputs are negative too, so a lost zero would change the maximum.
    for (const pool of [
      tf.layers.maxPooling2d({ poolSize: 3 }),
      tf.layers.maxPooling2d({ poolSize: 3, strides: 2, padding: "same" }),
      tf.layers.averagePooling2d({ poolSize: 3, strides: 2 }),
      tf.layers.averagePooling2d({ poolSize: 2, padding: "same" }),
    ]) {
      const padded = await parity(
        chain(
          [7, 6, 3],
          tf.layers.zeroPadding2d({
            padding: [
              [1, 1],
              [1, 0],
            ],
          }),
          pool,
        ),
      );
      expect(padded.worst).toBeLessThan(TOLERANCE);
    }
    // onnxruntime's MaxPool refuses pads as wide as its window; that case is named, and runs on tfjs.
    const wide = chain(
      [6, 6, 3],
      tf.layers.zeroPadding2d({ padding: 3, name: "wide_pad" }),
      tf.layers.maxPooling2d({ poolSize: 2, name: "small_pool" }),
    );
    expect(() => convertLayersModel(wide)).toThrow(/"small_pool" \(MaxPooling2D\).*wider than its window/);
  });

  it.each([
    ["MaxPooling2D valid", () => tf.layers.maxPooling2d({ poolSize: 2 })],
    ["MaxPooling2D same, stride 2", () => tf.layers.maxPooling2d({ poolSize: 3, strides: 2, padding: "same" })],
    ["AveragePooling2D valid", () => tf.layers.averagePooling2d({ poolSize: 2 })],
    // Keras averages only the pixels inside the image at the border: ONNX count_include_pad = 0.
    ["AveragePooling2D same", () => tf.layers.averagePooling2d({ poolSize: 3, strides: 2, padding: "same" })],
    ["GlobalAveragePooling2D", () => tf.layers.globalAveragePooling2d({})],
    ["GlobalMaxPooling2D", () => tf.layers.globalMaxPooling2d({})],
  ])("%s", async (_, make) => {
    expect((await parity(chain([7, 7, 4], make()))).worst).toBeLessThan(TOLERANCE);
  });

  it("Flatten keeps Keras' channels-last order, so the Dense after it sees the same features", async () => {
    const model = chain(
      [4, 3, 5],
      conv({ padding: "same", filters: 3 }),
      tf.layers.flatten(),
      tf.layers.dense({ units: 4 }),
    );
    expect((await parity(model)).worst).toBeLessThan(TOLERANCE);
  });

  it("Softmax layer on class scores", async () => {
    expect((await parity(chain([6], tf.layers.rescaling({ scale: 3 }), tf.layers.softmax()))).worst).toBeLessThan(
      TOLERANCE,
    );
  });

  it("Dense with bias, softmax and sigmoid outputs; Dropout is the identity", async () => {
    const model = chain(
      [12],
      tf.layers.dense({ units: 8, activation: "relu" }),
      tf.layers.dropout({ rate: 0.5 }),
      tf.layers.dense({ units: 3, activation: "softmax" }),
    );
    expect((await parity(model)).worst).toBeLessThan(TOLERANCE);
    expect((await parity(chain([12], tf.layers.dense({ units: 1, activation: "sigmoid" })))).worst).toBeLessThan(
      TOLERANCE,
    );
  });

  it.each([
    ["Add", () => tf.layers.add()],
    ["Multiply", () => tf.layers.multiply()],
    ["Average", () => tf.layers.average()],
    ["Maximum", () => tf.layers.maximum()],
    ["Minimum", () => tf.layers.minimum()],
    ["Concatenate", () => tf.layers.concatenate()],
  ])("%s of two branches", async (_, make) => {
    const input = tf.input({ shape: [5, 5, 4] });
    const a = conv({ padding: "same", filters: 4 }).apply(input) as tf.SymbolicTensor;
    const b = tf.layers.reLU().apply(input) as tf.SymbolicTensor;
    const merged = make().apply([a, b]) as tf.SymbolicTensor;
    expect((await parity(tf.model({ inputs: input, outputs: merged }))).worst).toBeLessThan(TOLERANCE);
  });

  it("Rescaling's multiply folds into the convolution after it (padding included), and only there", async () => {
    const opsOf = (bytes: Uint8Array) => onnx.ModelProto.decode(bytes).graph!.node!.map((n) => n.opType);
    const folded = await parity(
      chain(
        [9, 9, 3],
        tf.layers.rescaling({ scale: 1 / 127.5, offset: -1 }),
        tf.layers.zeroPadding2d({
          padding: [
            [0, 1],
            [0, 1],
          ],
        }),
        conv({ strides: 2 }),
      ),
    );
    expect(folded.worst).toBeLessThan(TOLERANCE);
    expect(opsOf(folded.converted.bytes)).not.toContain("Mul");
    expect(opsOf(folded.converted.bytes)).toContain("Add");
    // Read by two layers, the scaled tensor must exist: no fold.
    const input = tf.input({ shape: [6, 6, 2] });
    const scaled = tf.layers.rescaling({ scale: 3 }).apply(input) as tf.SymbolicTensor;
    const sum = tf.layers
      .add()
      .apply([conv({ padding: "same", filters: 2 }).apply(scaled) as tf.SymbolicTensor, scaled]) as tf.SymbolicTensor;
    const shared = await parity(tf.model({ inputs: input, outputs: sum }));
    expect(shared.worst).toBeLessThan(TOLERANCE);
    expect(opsOf(shared.converted.bytes)).toContain("Mul");
  });

  it("Rescaling and a Sequential model nested as a layer", async () => {
    const inner = tf.sequential({
      layers: [tf.layers.dense({ inputShape: [6], units: 4, activation: "tanh" }), tf.layers.dense({ units: 2 })],
    });
    const input = tf.input({ shape: [6] });
    const scaled = tf.layers.rescaling({ scale: 1 / 127.5, offset: -1 }).apply(input) as tf.SymbolicTensor;
    const out = inner.apply(scaled) as tf.SymbolicTensor;
    expect((await parity(tf.model({ inputs: input, outputs: out }))).worst).toBeLessThan(TOLERANCE);
  });

  it("outputLayer cuts the graph (NHWC activations out) and pooling appends the embedding's average", async () => {
    const model = chain(
      [8, 8, 3],
      conv({ padding: "same", name: "c1" }),
      tf.layers.reLU({ name: "r1" }),
      conv({ padding: "same", strides: 2, name: "c2" }),
    );
    randomizeBatchNorm(model);
    const x = tf.randomUniform([2, 8, 8, 3], 0, 1, "float32", 7);
    const cut = tf.model({ inputs: model.inputs, outputs: model.getLayer("r1").output as tf.SymbolicTensor });
    const expectedCut = (cut.predict(x) as tf.Tensor).dataSync();
    const expectedPooled = tf.mean(model.predict(x) as tf.Tensor, [1, 2]).dataSync();
    for (const [options, expected] of [
      [{ outputLayer: "r1" }, expectedCut],
      [{ pooling: "avg" as const }, expectedPooled],
    ] as const) {
      const converted = convertLayersModel(model, options);
      const session = await ort.InferenceSession.create(converted.bytes);
      const out = await session.run({ input: new ort.Tensor("float32", x.dataSync() as Float32Array, [2, 8, 8, 3]) });
      const actual = out.output.data as Float32Array;
      expect(actual.length).toBe(expected.length);
      expect(Math.max(...Array.from(expected, (v, i) => Math.abs(v - actual[i])))).toBeLessThan(TOLERANCE);
    }
    expect(convertLayersModel(model, { outputLayer: "r1" }).outputShape).toEqual([8, 8, 5]);
  });
});

describe("layers without a converter", () => {
  it("names an LSTM layer and its type in a typed error", () => {
    const model = chain([5, 3], tf.layers.lstm({ units: 4, name: "my_lstm" }), tf.layers.dense({ units: 2 }));
    expect(() => convertLayersModel(model)).toThrow(OnnxConversionError);
    try {
      convertLayersModel(model);
    } catch (error) {
      expect(error).toBeInstanceOf(OnnxConversionError);
      expect((error as OnnxConversionError).layerName).toBe("my_lstm");
      expect((error as OnnxConversionError).layerClass).toBe("LSTM");
      expect((error as Error).message).toContain('"my_lstm" (LSTM)');
    }
  });

  it("refuses an unsupported setting of a supported layer with the layer's name", () => {
    const model = chain([6, 6, 3], tf.layers.batchNormalization({ axis: 1, name: "bn_axis1" }));
    expect(() => convertLayersModel(model)).toThrow(/"bn_axis1" \(BatchNormalization\).*axis/);
  });
});
