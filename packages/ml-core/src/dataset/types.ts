export type Split = "train" | "val";

/** One labelled image as training sees it: identity by content hash, bytes fetched on demand. */
export interface LabelledImage {
  /** Lower-case hex sha256 of the encoded bytes; the embedding-cache key is built from it. */
  sha256: string;
  /** Reads the encoded image (JPEG/PNG/WebP/GIF). Called only when the image must be embedded. */
  read(): Promise<Uint8Array>;
  /** Class indices into the dataset's labels: exactly one for binary/multiclass, any number for multilabel. */
  labels: number[];
  split: Split;
  /** Where the image came from (file path, upload name), used in reports and errors. */
  name: string;
}

export interface LabelledDataset {
  labels: string[];
  images: LabelledImage[];
}
