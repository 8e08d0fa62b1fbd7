// Why one file of a batch was not stored. A batch (multipart upload, zip,
// folder) keeps going past a bad file and reports each one with its reason,
// so the person can fix exactly those files.
import { isImageError } from "@headstart/ml-core";

export type RejectionCode =
  | "EMPTY"
  | "TOO_LARGE"
  | "UNSUPPORTED_FORMAT"
  | "CORRUPT"
  | "TOO_MANY_PIXELS"
  | "UNKNOWN_LABEL"
  | "BAD_LABELS"
  | "UNSAFE_PATH"
  | "BAD_LAYOUT"
  | "NOT_A_FILE";

export interface Rejection {
  code: RejectionCode;
  message: string;
}

/** Thrown by single-file ingest; batch callers catch it and record the rejection. */
export class RejectedFileError extends Error {
  constructor(readonly rejection: Rejection) {
    super(rejection.message);
    this.name = "RejectedFileError";
  }

  get code(): RejectionCode {
    return this.rejection.code;
  }
}

export function reject(code: RejectionCode, message: string): RejectedFileError {
  return new RejectedFileError({ code, message });
}

export function tooLarge(maxBytes: number): Rejection {
  return {
    code: "TOO_LARGE",
    message: `File is larger than the ${formatBytes(maxBytes)} limit; resize or recompress it (the operator can raise HEADSTART_MAX_UPLOAD_BYTES).`,
  };
}

/** ml-core's ImageError codes map one to one; its messages are already written for people. */
export function rejectionFromImageError(error: unknown): Rejection | null {
  if (!isImageError(error)) return null;
  return { code: error.code, message: error.message };
}

export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${+(bytes / (1024 * 1024)).toFixed(1)} MB`;
  if (bytes >= 1024) return `${+(bytes / 1024).toFixed(1)} KB`;
  return `${bytes} bytes`;
}
