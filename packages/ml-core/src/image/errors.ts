/**
 * Why an image was rejected. Callers (the API's upload validation, the trainer) branch on `code`;
 * the message is written for the person who supplied the file.
 */
export type ImageErrorCode = "CORRUPT" | "UNSUPPORTED_FORMAT" | "TOO_MANY_PIXELS" | "EMPTY";

export class ImageError extends Error {
  readonly code: ImageErrorCode;

  constructor(code: ImageErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "ImageError";
    this.code = code;
  }
}

export function isImageError(value: unknown): value is ImageError {
  return value instanceof ImageError;
}
