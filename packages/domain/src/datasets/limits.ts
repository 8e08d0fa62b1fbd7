// Upload limits, configurable through the environment so an operator can
// raise them without a code change. Read per request: cheap, and tests and
// operators see a changed value without restarting anything else.

export interface UploadLimits {
  /** Largest single image file, in bytes (HEADSTART_MAX_UPLOAD_BYTES, default 20 MB). */
  maxFileBytes: number;
  /** Largest width x height of one image (HEADSTART_MAX_IMAGE_PIXELS, default 40 MP). */
  maxPixels: number;
  /** Largest zip upload, in bytes (HEADSTART_MAX_ZIP_BYTES, default 2 GB). */
  maxZipBytes: number;
  /** Most entries in one zip (HEADSTART_MAX_ZIP_ENTRIES, default 20 000). */
  maxZipEntries: number;
  /** Most files in one multipart upload request (HEADSTART_MAX_FILES_PER_UPLOAD, default 1 000). */
  maxFilesPerRequest: number;
}

export const DEFAULT_UPLOAD_LIMITS: UploadLimits = {
  maxFileBytes: 20 * 1024 * 1024,
  maxPixels: 40_000_000,
  maxZipBytes: 2 * 1024 * 1024 * 1024,
  maxZipEntries: 20_000,
  maxFilesPerRequest: 1_000,
};

const ENV_NAMES: Record<keyof UploadLimits, string> = {
  maxFileBytes: "HEADSTART_MAX_UPLOAD_BYTES",
  maxPixels: "HEADSTART_MAX_IMAGE_PIXELS",
  maxZipBytes: "HEADSTART_MAX_ZIP_BYTES",
  maxZipEntries: "HEADSTART_MAX_ZIP_ENTRIES",
  maxFilesPerRequest: "HEADSTART_MAX_FILES_PER_UPLOAD",
};

/** Throws on a malformed value: a typo must not silently fall back to a default. */
export function uploadLimitsFromEnv(env: NodeJS.ProcessEnv = process.env): UploadLimits {
  const limits = { ...DEFAULT_UPLOAD_LIMITS };
  for (const key of Object.keys(ENV_NAMES) as Array<keyof UploadLimits>) {
    const raw = env[ENV_NAMES[key]]?.trim();
    if (!raw) continue;
    const value = Number(raw);
    if (!Number.isSafeInteger(value) || value < 1) {
      throw new Error(`${ENV_NAMES[key]}="${raw}" is not a positive whole number; fix or unset it.`);
    }
    limits[key] = value;
  }
  return limits;
}
