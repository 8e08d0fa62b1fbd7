// The JS resampling the ONNX embedding path augments with, against tf.image.transform on the WASM
// backend (what the tfjs path runs): the augmenter's own transforms, plus ones that reach far
// outside the image, on a non-square multi-channel batch.
import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { affineMatrix, sampleAffine } from "../src/augment/index.ts";
import { initBackend } from "../src/backend/index.ts";
import { bilinearTransformClamped } from "../src/kernels/affine-transform.ts";
import { TrainingRng } from "../src/train/rng.ts";

beforeAll(async () => {
  await initBackend("wasm");
});

describe("bilinearTransformClamped", () => {
  it("matches tf.image.transform (bilinear, nearest fill) within float32 rounding", () => {
    const [height, width, channels] = [37, 29, 3];
    const rng = new TrainingRng(11);
    const transforms: number[][] = [
      [1, 0, 0, 0, 1, 0, 0, 0], // identity
      [-1, 0, width - 1, 0, 1, 0, 0, 0], // mirror
      [0.5, 0.2, -30, -0.3, 1.7, 40, 0, 0], // mostly outside the image: clamped edges
      ...Array.from({ length: 5 }, () =>
        affineMatrix(
          sampleAffine(
            {
              rotationDeg: 40,
              widthShift: 0.3,
              heightShift: 0.3,
              zoom: 0.3,
              horizontalFlip: true,
              fillMode: "nearest",
            },
            width,
            height,
            rng,
          ),
          width,
          height,
        ),
      ),
    ].map((t) => t.map(Math.fround));
    const count = transforms.length;
    const pixels = Float32Array.from({ length: count * height * width * channels }, () => rng.next() * 255);
    const expected = tf.tidy(() =>
      tf.image
        .transform(
          tf.tensor4d(pixels, [count, height, width, channels]),
          tf.tensor2d(transforms.flat(), [count, 8]),
          "bilinear",
          "nearest",
          0,
        )
        .dataSync(),
    );
    const actual = bilinearTransformClamped(pixels, count, height, width, channels, transforms);
    let worst = 0;
    for (let i = 0; i < actual.length; i++) worst = Math.max(worst, Math.abs(actual[i] - expected[i]));
    expect(worst).toBeLessThan(1e-2); // of 0..255
    // The mirror really mirrors (the comparison is not between two unchanged copies).
    const row = (image: number) => image * height * width * channels;
    expect(actual[row(1)]).toBeCloseTo(pixels[row(1) + (width - 1) * channels], 3);
  });

  it("rejects a batch whose size does not match its shape", () => {
    expect(() => bilinearTransformClamped(new Float32Array(10), 1, 2, 2, 3, [[1, 0, 0, 0, 1, 0, 0, 0]])).toThrow(
      /expected 1 × 2 × 2 × 3 = 12 values, got 10/,
    );
  });
});
