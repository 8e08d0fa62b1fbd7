export type DatasetErrorCode = "NOT_FOUND" | "NO_CLASSES" | "EMPTY_CLASS" | "UNKNOWN_LABEL" | "INVALID";

/** Thrown when a folder or list of images cannot become a training set; `code` says which rule failed. */
export class DatasetError extends Error {
  override name = "DatasetError";
  constructor(
    readonly code: DatasetErrorCode,
    message: string,
  ) {
    super(message);
  }
}
