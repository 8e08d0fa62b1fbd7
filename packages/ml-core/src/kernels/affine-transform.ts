/**
 * tf.image.transform's resampling for the case the augmenter uses (bilinear interpolation, 'nearest'
 * fill: coordinates clamped to the image) over plain Float32Arrays: same formula as TensorFlow's
 * image_ops.h and tfjs's Transform kernels, so it agrees with them to float rounding. It exists
 * because the ONNX Runtime embedding path holds the pixels as arrays anyway: on tfjs WASM the
 * Transform kernel (with the upload and read-back around it) took ≈4.5 ms of CPU per 224-px image,
 * about as long as embedding the image; this loop computes each output pixel's source position once
 * for all channels.
 *
 * `transforms`: per image the 8 numbers [a0, a1, a2, b0, b1, b2, c0, c1] mapping an output pixel
 * (x, y) to the input point ((a0 x + a1 y + a2) / k, (b0 x + b1 y + b2) / k), k = c0 x + c1 y + 1.
 */
export function bilinearTransformClamped(
  images: Float32Array,
  count: number,
  height: number,
  width: number,
  channels: number,
  transforms: readonly (readonly number[])[],
): Float32Array {
  if (images.length !== count * height * width * channels)
    throw new RangeError(
      `expected ${count} × ${height} × ${width} × ${channels} = ${count * height * width * channels} values, got ${images.length}`,
    );
  if (transforms.length !== count)
    throw new RangeError(`need one transform per image: ${count} images, ${transforms.length} transforms`);
  const out = new Float32Array(images.length);
  const imageStride = height * width * channels;
  for (let b = 0; b < count; b++) {
    const t = transforms[b];
    if (t.length !== 8) throw new RangeError("each transform has 8 numbers (a0 a1 a2 b0 b1 b2 c0 c1)");
    transformImageInto(images, b * imageStride, height, width, channels, t, out, b * imageStride);
  }
  return out;
}

/**
 * One image of bilinearTransformClamped, read from `source` at `sourceAt` and written into `out` at
 * `outAt`. The source may be the decoder's 8-bit pixels: they are read as the same whole numbers a
 * float copy would hold, so the result is bit-for-bit the float path's, without the copy.
 */
export function transformImageInto(
  source: Float32Array | Uint8Array,
  sourceAt: number,
  height: number,
  width: number,
  channels: number,
  transform: readonly number[],
  out: Float32Array,
  outAt: number,
): void {
  const [a0, a1, a2, b0, b1, b2, c0, c1] = transform;
  const rowStride = width * channels;
  const base = sourceAt;
  // The augmenter's transforms are affine (c0 = c1 = 0): the projection is exactly 1, and dividing by
  // it changes no bit, so that division is skipped (it was a fifth of the loop's time).
  const affine = c0 === 0 && c1 === 0;
  for (let y = 0; y < height; y++) {
    // The same products the formula takes per pixel, taken once per row.
    const a1y = a1 * y;
    const b1y = b1 * y;
    const c1y = c1 * y;
    for (let x = 0; x < width; x++) {
      const o = outAt + y * rowStride + x * channels;
      let inX: number;
      let inY: number;
      if (affine) {
        inX = clamp(a0 * x + a1y + a2, width - 1);
        inY = clamp(b0 * x + b1y + b2, height - 1);
      } else {
        const projection = c0 * x + c1y + 1;
        // An infinite coordinate lies outside the image: the fill value (0), as the kernels do.
        if (projection === 0) {
          for (let c = 0; c < channels; c++) out[o + c] = 0;
          continue;
        }
        inX = clamp((a0 * x + a1y + a2) / projection, width - 1);
        inY = clamp((b0 * x + b1y + b2) / projection, height - 1);
      }
      // Non-negative after clamping, so truncation is the floor.
      const xFloor = inX | 0;
      const yFloor = inY | 0;
      const xCeil = xFloor + 1;
      const yCeil = yFloor + 1;
      // After clamping, only the ceil neighbours can fall outside (at the last row or column);
      // they read as the fill value 0 with weight (inX - xFloor) = 0, exactly as in the kernels.
      const wx0 = xCeil - inX;
      const wx1 = inX - xFloor;
      const wy0 = yCeil - inY;
      const wy1 = inY - yFloor;
      const i00 = base + yFloor * rowStride + xFloor * channels;
      if (xCeil < width && yCeil < height) {
        // Inside: the four neighbours' weights once per pixel, then every channel.
        const w00 = wx0 * wy0;
        const w01 = wx1 * wy0;
        const w10 = wx0 * wy1;
        const w11 = wx1 * wy1;
        const i10 = i00 + rowStride;
        for (let c = 0; c < channels; c++) {
          out[o + c] =
            w00 * source[i00 + c] +
            w01 * source[i00 + channels + c] +
            w10 * source[i10 + c] +
            w11 * source[i10 + channels + c];
        }
        continue;
      }
      // On the last row or column (after clamping): a ceil neighbour past the edge reads as the
      // fill value 0 with weight 0, exactly as in the kernels.
      const hasRight = xCeil < width;
      const hasBelow = yCeil < height;
      for (let c = 0; c < channels; c++) {
        const topValue = wx0 * source[i00 + c] + (hasRight ? wx1 * source[i00 + channels + c] : 0);
        const bottomValue = hasBelow
          ? wx0 * source[i00 + rowStride + c] + (hasRight ? wx1 * source[i00 + rowStride + channels + c] : 0)
          : 0;
        out[o + c] = wy0 * topValue + wy1 * bottomValue;
      }
    }
  }
}

function clamp(value: number, max: number): number {
  return Math.min(Math.max(value, 0), max);
}
