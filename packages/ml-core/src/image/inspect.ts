import sharp from "sharp";
import { type ImageLimits, readHeader, resolveMaxPixels, toImageError } from "./header.ts";
import { MIME_TYPES, type SupportedFormat } from "./sniff.ts";

export interface InspectOptions extends ImageLimits {
  /**
   * Also decode the pixel data (at reduced size, so it is cheap) to catch truncated or damaged
   * files whose header is fine. On by default: upload validation should not accept a file that
   * will fail later in training.
   */
  verify?: boolean;
}

export interface ImageInfo {
  format: SupportedFormat;
  mime: string;
  /** Displayed size, after EXIF orientation. */
  width: number;
  height: number;
}

/**
 * Validates an uploaded image by content (never by file name) and reports its format and size.
 * Throws `ImageError` with code EMPTY, UNSUPPORTED_FORMAT, TOO_MANY_PIXELS or CORRUPT.
 */
export async function inspectImage(bytes: Uint8Array, options: InspectOptions = {}): Promise<ImageInfo> {
  const header = await readHeader(bytes, options);
  if (options.verify !== false) {
    try {
      await sharp(bytes, { failOn: "error", limitInputPixels: resolveMaxPixels(options) })
        .resize(16, 16, { fit: "fill" })
        .raw()
        .toBuffer();
    } catch (error) {
      throw toImageError(error, header.format);
    }
  }
  return { format: header.format, mime: MIME_TYPES[header.format], width: header.width, height: header.height };
}
