// The backbone's input for a batch of embedding requests, as float32 NHWC 0..255: each item one decoded
// image as it is, or resampled by the augmenter's affine transform. Shared by featurize's own ONNX path
// and its embedding lanes (embedding-lanes.ts), so a vector never depends on which thread computed it.
// No tfjs here: the lane threads load only ONNX Runtime.

import type { DecodedImage } from "../image/decode.ts";
import { transformImageInto } from "../kernels/affine-transform.ts";

export interface EmbeddingInputItem {
  /** Index into the batch's decoded images. */
  image: number;
  /** The 8 numbers of tf.image.transform (bilinear, 'nearest' fill), or null for the image as decoded. */
  transform: readonly number[] | null;
}

/** Pixels of decoded images, all of one size (what travels to a lane: no sharp types). */
export type EmbeddingInputImage = Pick<DecodedImage, "data" | "width" | "height">;

/**
 * One float32 NHWC batch, item i at offset i × h × w × 3. Plain items are the decoder's bytes widened
 * to float; augmented ones are resampled straight from those bytes (bit-for-bit what resampling a float
 * copy gives, see transformImageInto).
 */
export function assembleEmbeddingInput(
  images: readonly EmbeddingInputImage[],
  items: readonly EmbeddingInputItem[],
): Float32Array {
  if (items.length === 0) return new Float32Array(0);
  const { width, height } = images[items[0].image] ?? missing(items[0].image, images.length);
  const stride = width * height * 3;
  const input = new Float32Array(items.length * stride);
  items.forEach((item, i) => {
    const image = images[item.image] ?? missing(item.image, images.length);
    if (image.width !== width || image.height !== height)
      throw new RangeError(
        `images of one batch must share a size: ${image.width}×${image.height} vs ${width}×${height}`,
      );
    if (item.transform === null) input.set(image.data, i * stride);
    else transformImageInto(image.data, 0, height, width, 3, item.transform, input, i * stride);
  });
  return input;
}

function missing(index: number, count: number): never {
  throw new RangeError(`item refers to image ${index}, but the batch has ${count} decoded images`);
}
