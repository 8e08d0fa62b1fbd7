import * as tf from "@tensorflow/tfjs";

export interface TransformOptions {
  fillMode?: "nearest" | "constant" | "reflect" | "wrap";
  fillValue?: number;
  interpolation?: "bilinear" | "nearest";
}

const batchSupport = new Map<string, boolean>();

/**
 * Whether the active backend's Transform kernel honours per-image transforms across a batch.
 * tfjs-backend-cpu 4.22.0 returns from inside its batch loop, so only image 0 is transformed and
 * the rest come back as zeros. We probe once per backend with two 1×2 images and a mirror, rather
 * than hard-coding backend names, so an upstream fix is picked up automatically.
 */
export function transformHandlesBatches(): boolean {
  const backend = tf.getBackend();
  const known = batchSupport.get(backend);
  if (known !== undefined) return known;
  const ok = tf.tidy(() => {
    const images = tf.tensor4d([1, 2, 3, 4], [2, 1, 2, 1]);
    const mirror = tf.tensor2d([-1, 0, 1, 0, 1, 0, 0, 0], [1, 8]).tile([2, 1]) as tf.Tensor2D;
    const out = tf.image.transform(images, mirror, "nearest", "nearest").dataSync();
    return out[0] === 2 && out[1] === 1 && out[2] === 4 && out[3] === 3;
  });
  batchSupport.set(backend, ok);
  return ok;
}

/** tf.image.transform with one 8-number transform per image, correct on every backend. */
export function transformBatch(
  images: tf.Tensor4D,
  transforms: readonly (readonly number[])[],
  options: TransformOptions = {},
): tf.Tensor4D {
  const n = images.shape[0];
  if (transforms.length !== n)
    throw new RangeError(`Need one transform per image: ${n} images, ${transforms.length} transforms`);
  for (const t of transforms)
    if (t.length !== 8) throw new RangeError("Each transform has 8 numbers (a0 a1 a2 b0 b1 b2 c0 c1)");
  const interpolation = options.interpolation ?? "bilinear";
  const fillMode = options.fillMode ?? "nearest";
  const fillValue = options.fillValue ?? 0;
  return tf.tidy(() => {
    const matrices = tf.tensor2d(transforms.flat(), [n, 8]);
    if (n === 1 || transformHandlesBatches()) {
      return tf.image.transform(images, matrices, interpolation, fillMode, fillValue);
    }
    const singles = tf
      .split(images, n, 0)
      .map((image, i) =>
        tf.image.transform(
          image as tf.Tensor4D,
          tf.slice(matrices, [i, 0], [1, 8]),
          interpolation,
          fillMode,
          fillValue,
        ),
      );
    return tf.concat(singles, 0);
  });
}
