// The oriented-gradient backbone: its tfjs graph, the plain-TypeScript features the recommender
// probes with, and its ONNX conversion must all compute the same thing.
import * as tf from "@tensorflow/tfjs";
import * as ort from "onnxruntime-node";
import { beforeAll, describe, expect, it } from "vitest";
import {
  buildGradients,
  GRADIENT_ORIENTATIONS,
  gradientFeatureSize,
  gradientVectors,
} from "../src/backbones/gradients.ts";
import { loadBackbone } from "../src/backbones/load.ts";
import { backboneSpec } from "../src/backbones/registry.ts";
import { initBackend } from "../src/backend/index.ts";
import { convertLayersModel } from "../src/onnx/index.ts";
import { TrainingRng } from "../src/train/rng.ts";

beforeAll(async () => {
  await initBackend("cpu");
});

/** Grey images as 0..1 planes and as the 0..255 RGB batch a backbone takes. */
function greyBatch(planes: Float32Array[], side: number): tf.Tensor4D {
  const rgb = new Float32Array(planes.length * side * side * 3);
  planes.forEach((plane, n) => {
    for (let i = 0; i < side * side; i++)
      rgb.fill(plane[i] * 255, (n * side * side + i) * 3, (n * side * side + i) * 3 + 3);
  });
  return tf.tensor4d(rgb, [planes.length, side, side, 3]);
}

function randomPlanes(count: number, side: number, seed: number): Float32Array[] {
  const rng = new TrainingRng(seed);
  return Array.from({ length: count }, () => Float32Array.from({ length: side * side }, () => rng.next()));
}

describe("gradients backbone", () => {
  it("is in the registry with fixed filters and nothing to fine-tune", async () => {
    const backbone = await loadBackbone(backboneSpec("gradients", { inputSize: 28 }));
    expect(backbone.spec.featureSize).toBe(13 * 13 * GRADIENT_ORIENTATIONS);
    expect(backbone.blocks).toEqual([]);
    expect(backbone.model.trainableWeights).toHaveLength(0);
    backbone.dispose();
    expect(() => backboneSpec("gradients", { inputSize: 16 })).toThrow(/between 28 and 512/);
  });

  it("answers an edge only in the orientations facing it, in the cell that holds it", () => {
    const side = 28;
    // Dark left half, light right half: the gradient points along +x (orientation 0).
    const plane = Float32Array.from({ length: side * side }, (_, i) => (i % side >= 14 ? 1 : 0));
    const [features] = gradientVectors([plane], side);
    // 13×13 cells of 4 px, 2 px apart: cell c covers pixels 2c..2c+3.
    const at = (cy: number, cx: number, k: number) => features[(cy * 13 + cx) * GRADIENT_ORIENTATIONS + k];
    // The edge lies between columns 13 and 14 (Sobel answers on both): cells 5 (x 10-13), 6 (12-15)
    // and 7 (14-17) hold it, in every row away from the image's border.
    for (const cx of [5, 6, 7]) expect(at(6, cx, 0)).toBeGreaterThan(0.2);
    expect(at(6, 6, 4)).toBe(0); // the opposite direction (light-to-dark) is rectified away
    expect(at(6, 6, 2)).toBeCloseTo(0, 6); // perpendicular
    expect(at(6, 4, 0)).toBe(0); // a flat cell (x 8-11)
    expect(at(6, 8, 0)).toBe(0); // and one past it (x 16-19)
  });

  it("matches the plain-TypeScript features on grey images, at 28 px and at a size the cells do not divide", async () => {
    for (const side of [28, 36]) {
      const planes = randomPlanes(3, side, side);
      const backbone = buildGradients(backboneSpec("gradients", { inputSize: side }));
      const batch = greyBatch(planes, side);
      const actual = backbone.embed(batch);
      const expected = gradientVectors(planes, side);
      expect(actual.shape).toEqual([3, gradientFeatureSize(side)]);
      const values = actual.dataSync();
      let worst = 0;
      expected.forEach((row, n) => {
        expect(row.length).toBe(gradientFeatureSize(side));
        for (let i = 0; i < row.length; i++) worst = Math.max(worst, Math.abs(values[n * row.length + i] - row[i]));
      });
      expect(worst).toBeLessThan(1e-5);
      tf.dispose([batch, actual]);
      backbone.dispose();
    }
  });

  it("converts to ONNX with the same output", async () => {
    const side = 28;
    const backbone = buildGradients(backboneSpec("gradients", { inputSize: side }));
    const batch = greyBatch(randomPlanes(2, side, 7), side);
    const expected = backbone.embed(batch);
    const converted = convertLayersModel(backbone.model);
    const session = await ort.InferenceSession.create(converted.bytes, { intraOpNumThreads: 1 });
    const result = await session.run({
      input: new ort.Tensor("float32", batch.dataSync() as Float32Array, [2, side, side, 3]),
    });
    await session.release();
    const actual = result.output.data as Float32Array;
    const reference = expected.dataSync();
    expect(actual.length).toBe(reference.length);
    let worst = 0;
    for (let i = 0; i < actual.length; i++) worst = Math.max(worst, Math.abs(actual[i] - reference[i]));
    expect(worst).toBeLessThan(1e-5);
    tf.dispose([batch, expected]);
    backbone.dispose();
  });
});
