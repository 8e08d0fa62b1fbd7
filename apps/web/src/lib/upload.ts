// Browser uploads to the API's multipart routes. XMLHttpRequest rather than
// fetch because only XHR reports upload progress, which the per-file bars need.

export interface StoredImage {
  name: string;
  imageId: string;
  sha256: string;
}
export interface DuplicateImage {
  name: string;
  existingImageId: string;
  sha256: string;
}
export interface RejectedImage {
  name: string;
  code: string;
  message: string;
}
export interface UploadReport {
  stored: StoredImage[];
  duplicates: DuplicateImage[];
  rejected: RejectedImage[];
  /** Zip imports only. */
  layout?: "PRE_SPLIT" | "SINGLE_ROOT";
  ignored?: number;
}

export class UploadError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly code: string | null,
  ) {
    super(message);
    this.name = "UploadError";
  }
}

interface ErrorBody {
  errors?: { message?: string; extensions?: { code?: string } }[];
}

/** The API answers errors in the GraphQL shape; anything else (a proxy page, a reset) gets a plain explanation. */
export function parseUploadResponse(status: number, body: string): UploadReport {
  let json: unknown = null;
  try {
    json = JSON.parse(body);
  } catch {
    // handled below
  }
  if (
    status >= 200 &&
    status < 300 &&
    json &&
    typeof json === "object" &&
    Array.isArray((json as UploadReport).stored)
  ) {
    const report = json as UploadReport;
    return { ...report, duplicates: report.duplicates ?? [], rejected: report.rejected ?? [] };
  }
  const first = (json as ErrorBody | null)?.errors?.[0];
  if (first?.message) throw new UploadError(first.message, status, first.extensions?.code ?? null);
  if (status === 0)
    throw new UploadError("The upload was interrupted: the server could not be reached. Try again.", 0, null);
  if (status === 413) throw new UploadError("The file is larger than the server accepts.", 413, null);
  throw new UploadError(
    `The server answered ${status} without an explanation; try again, or check the API log.`,
    status,
    null,
  );
}

export function uploadForm(
  url: string,
  form: FormData,
  onProgress: (loaded: number, total: number) => void,
  signal?: AbortSignal,
): Promise<UploadReport> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", url);
    xhr.withCredentials = true;
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) onProgress(e.loaded, e.total);
    };
    xhr.onload = () => {
      try {
        resolve(parseUploadResponse(xhr.status, xhr.responseText));
      } catch (error) {
        reject(error);
      }
    };
    xhr.onerror = () =>
      reject(new UploadError("The upload was interrupted: the server could not be reached. Try again.", 0, null));
    xhr.onabort = () => reject(new UploadError("Upload cancelled.", 0, "CANCELLED"));
    signal?.addEventListener("abort", () => xhr.abort());
    xhr.send(form);
  });
}

/** `unlabeled`: the file joins the dataset's unlabeled pool (the label queue); `labels` must then be empty. */
export function imageUploadForm(file: File, labels: string[], split: string | null, unlabeled = false): FormData {
  const form = new FormData();
  // The API wants the fields before the files.
  for (const label of labels) form.append("label", label);
  if (unlabeled) form.append("unlabeled", "true");
  if (split) form.append("split", split);
  form.append("file", file, file.name);
  return form;
}

export function zipUploadForm(file: File, ratios: [number, number, number] | null, seed: number | null): FormData {
  const form = new FormData();
  if (seed !== null) form.append("seed", String(seed));
  if (ratios) form.append("ratios", ratios.join(","));
  form.append("zip", file, file.name);
  return form;
}

/** Runs the tasks with at most `limit` in flight: a few parallel uploads keep the pipe full without flooding the API. */
export async function runLimited<T>(tasks: (() => Promise<T>)[], limit: number): Promise<PromiseSettledResult<T>[]> {
  const results: PromiseSettledResult<T>[] = new Array(tasks.length);
  let next = 0;
  const worker = async () => {
    while (next < tasks.length) {
      const i = next++;
      try {
        results[i] = { status: "fulfilled", value: await tasks[i]() };
      } catch (reason) {
        results[i] = { status: "rejected", reason };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, tasks.length) }, worker));
  return results;
}
