import sharp, { type OutputInfo } from "sharp";
import { ImageError } from "./errors.ts";
import { type ImageLimits, readHeader, resolveMaxPixels, toImageError } from "./header.ts";

export interface DecodeOptions extends ImageLimits {
  /** Output is size × size. */
  size: number;
  /**
   * How the image is fitted to the square: 'fill' stretches (what Keras' directory loaders do, and
   * what the reference recipe trains with), 'cover' scales and centre-crops (keeps aspect ratio).
   */
  fit?: "fill" | "cover";
  /**
   * Colour that transparent pixels are composited onto before alpha is dropped. White by default:
   * product shots and icons with transparency are designed to be seen on white, and compositing on
   * black would turn dark outlines invisible.
   */
  background?: "white" | "black";
}

export interface DecodedImage {
  /** RGB, 8-bit, row-major HWC: data[(y * width + x) * 3 + c]. */
  data: Uint8Array;
  width: number;
  height: number;
}

export const MIN_DECODE_SIZE = 1;
export const MAX_DECODE_SIZE = 4096;

/**
 * Decodes JPEG/PNG/WebP/GIF (first frame) to a size×size RGB image: EXIF orientation applied,
 * grayscale expanded to three channels, alpha flattened onto `background`, colour converted to sRGB.
 * The pixel limit is checked on the header before any pixel data is decoded.
 */
export async function decodeImage(bytes: Uint8Array, options: DecodeOptions): Promise<DecodedImage> {
  const { size } = options;
  if (!Number.isInteger(size) || size < MIN_DECODE_SIZE || size > MAX_DECODE_SIZE) {
    throw new RangeError(`size must be an integer between ${MIN_DECODE_SIZE} and ${MAX_DECODE_SIZE}, got ${size}`);
  }
  const header = await readHeader(bytes, options);
  const value = options.background === "black" ? 0 : 255;

  let output: { data: Buffer; info: OutputInfo };
  try {
    output = await sharp(bytes, { failOn: "error", limitInputPixels: resolveMaxPixels(options), pages: 1 })
      .rotate()
      .flatten({ background: { r: value, g: value, b: value } })
      .toColourspace("srgb")
      .resize(size, size, { fit: options.fit ?? "fill", position: "centre" })
      .removeAlpha()
      .raw({ depth: "uchar" })
      .toBuffer({ resolveWithObject: true });
  } catch (error) {
    throw toImageError(error, header.format);
  }

  const { info } = output;
  if (info.width !== size || info.height !== size) {
    throw new ImageError(
      "CORRUPT",
      `Decoding produced ${info.width}×${info.height} instead of ${size}×${size}. Re-export the image and try again.`,
    );
  }
  const pixels = size * size;
  const src = new Uint8Array(output.data.buffer, output.data.byteOffset, output.data.byteLength);
  if (info.channels === 3) return { data: src.slice(0, pixels * 3), width: size, height: size };
  if (info.channels === 1) {
    // Defensive: toColourspace('srgb') should already have expanded grayscale, but a single-band
    // result must still become three identical channels rather than a misread buffer.
    const rgb = new Uint8Array(pixels * 3);
    for (let i = 0; i < pixels; i++) rgb[i * 3] = rgb[i * 3 + 1] = rgb[i * 3 + 2] = src[i];
    return { data: rgb, width: size, height: size };
  }
  throw new ImageError(
    "CORRUPT",
    `Decoding produced ${info.channels} channels; expected RGB. Re-export the image as 8-bit RGB and try again.`,
  );
}
