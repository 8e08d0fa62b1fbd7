import { DatasetError } from "./errors.ts";
import { sha256Hex } from "./hash.ts";
import type { LabelledDataset, Split } from "./types.ts";

export interface InMemoryImage {
  bytes: Uint8Array;
  /** Label names; one for binary/multiclass, any number for multilabel. */
  labels: string[];
  split: Split;
  name?: string;
}

/** Builds a dataset from images already in memory (uploads, blob-store reads, tests). */
export function datasetFromMemory(labels: string[], items: InMemoryImage[]): LabelledDataset {
  if (new Set(labels).size !== labels.length) {
    throw new DatasetError("INVALID", `labels must be unique, got ${JSON.stringify(labels)}`);
  }
  if (labels.length < 2) throw new DatasetError("NO_CLASSES", `need at least two labels, got ${labels.length}`);
  const images = items.map((item, index) => {
    const name = item.name ?? `image ${index}`;
    const indices = item.labels.map((label) => {
      const i = labels.indexOf(label);
      if (i < 0)
        throw new DatasetError(
          "UNKNOWN_LABEL",
          `${name} has label "${label}", which is not one of ${JSON.stringify(labels)}`,
        );
      return i;
    });
    const bytes = item.bytes;
    return { sha256: sha256Hex(bytes), labels: indices, split: item.split, name, read: async () => bytes };
  });
  return { labels, images };
}
