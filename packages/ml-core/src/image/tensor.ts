import * as tf from "@tensorflow/tfjs";
import type { DecodedImage } from "./decode.ts";

/** Stacks decoded images into a float32 [n, s, s, 3] batch with values in 0..255. */
export function imagesToBatch(images: readonly DecodedImage[]): tf.Tensor4D {
  if (images.length === 0) throw new RangeError("imagesToBatch needs at least one image");
  const { width, height } = images[0];
  const stride = width * height * 3;
  const values = new Float32Array(images.length * stride);
  images.forEach((image, index) => {
    if (image.width !== width || image.height !== height) {
      throw new RangeError(
        `All images in a batch must share one size: image ${index} is ${image.width}×${image.height}, image 0 is ${width}×${height}`,
      );
    }
    values.set(image.data, index * stride);
  });
  return tf.tensor4d(values, [images.length, height, width, 3], "float32");
}
