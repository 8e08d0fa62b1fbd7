import sharp, { type Metadata } from "sharp";
import { ImageError } from "./errors.ts";
import { type SupportedFormat, sniffFormat } from "./sniff.ts";

/**
 * Default ceiling on pixels per frame. Generous enough for 48 MP phone photos, small enough that a
 * crafted header (a 65535×65535 PNG that compresses to a few KB) is refused before any decode
 * allocates memory for it.
 */
export const DEFAULT_MAX_PIXELS = 50_000_000;

export interface ImageLimits {
  /** Largest width × height (of one frame) accepted. Checked from the header, before decoding. */
  maxPixels?: number;
}

export interface ImageHeader {
  format: SupportedFormat;
  /** Width and height as displayed, i.e. after applying the EXIF orientation. */
  width: number;
  height: number;
}

export function resolveMaxPixels(limits: ImageLimits | undefined): number {
  const maxPixels = limits?.maxPixels ?? DEFAULT_MAX_PIXELS;
  if (!Number.isFinite(maxPixels) || maxPixels < 1) {
    throw new RangeError(`maxPixels must be a positive number, got ${String(limits?.maxPixels)}`);
  }
  return Math.floor(maxPixels);
}

function megapixels(pixels: number): string {
  return `${(pixels / 1e6).toFixed(1)} MP`;
}

/** Translates a sharp/libvips failure into the typed error a caller can act on. */
export function toImageError(error: unknown, format: string): ImageError {
  if (error instanceof ImageError) return error;
  const detail = error instanceof Error ? error.message : String(error);
  if (/pixel limit/i.test(detail)) {
    return new ImageError(
      "TOO_MANY_PIXELS",
      `The image has more pixels than allowed (${detail.trim()}). Resize it and upload again.`,
      { cause: error },
    );
  }
  return new ImageError(
    "CORRUPT",
    `The ${format.toUpperCase()} file could not be decoded (${detail.trim()}); it is probably truncated or damaged. Re-export or re-download it and try again.`,
    { cause: error },
  );
}

/**
 * Reads only the header: format by magic bytes, dimensions and orientation from sharp's metadata,
 * which parses headers without decoding pixel data. This is where decompression bombs are stopped.
 */
export async function readHeader(bytes: Uint8Array, limits?: ImageLimits): Promise<ImageHeader> {
  const maxPixels = resolveMaxPixels(limits);
  if (bytes.byteLength === 0) {
    throw new ImageError(
      "EMPTY",
      "The file is empty (0 bytes). Choose the image file again; the upload may have failed.",
    );
  }
  const sniffed = sniffFormat(bytes);
  if (sniffed.kind === "unsupported") {
    throw new ImageError(
      "UNSUPPORTED_FORMAT",
      `${sniffed.name} images are not supported. Convert the image to JPEG, PNG, WebP or GIF.`,
    );
  }
  if (sniffed.kind === "unknown") {
    throw new ImageError(
      "UNSUPPORTED_FORMAT",
      "The file is not a recognised image (expected JPEG, PNG, WebP or GIF content, whatever its extension). Convert it to one of those formats.",
    );
  }
  const format = sniffed.format;

  let metadata: Metadata;
  try {
    metadata = await sharp(bytes, { limitInputPixels: false }).metadata();
  } catch (error) {
    throw toImageError(error, format);
  }
  if (metadata.format !== format) {
    throw new ImageError(
      "CORRUPT",
      `The file starts like a ${format.toUpperCase()} but its structure does not match (${String(metadata.format)}). Re-export it and try again.`,
    );
  }
  const storedWidth = metadata.width;
  // For animated GIF/WebP, height may span all frames; we only ever decode the first one.
  const storedHeight = metadata.pageHeight ?? metadata.height;
  if (!storedWidth || !storedHeight) {
    throw new ImageError(
      "CORRUPT",
      `The ${format.toUpperCase()} header has no valid dimensions. Re-export the image and try again.`,
    );
  }
  const pixels = storedWidth * storedHeight;
  if (pixels > maxPixels) {
    throw new ImageError(
      "TOO_MANY_PIXELS",
      `The image is ${storedWidth}×${storedHeight} (${megapixels(pixels)}), over the limit of ${megapixels(maxPixels)}. Downscale it before uploading.`,
    );
  }
  // EXIF orientations 5–8 are the transposing ones: the displayed image is rotated by 90°.
  const transposed = (metadata.orientation ?? 1) >= 5;
  return {
    format,
    width: transposed ? storedHeight : storedWidth,
    height: transposed ? storedWidth : storedHeight,
  };
}
