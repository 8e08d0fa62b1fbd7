export { DatasetError, type DatasetErrorCode } from "./errors.ts";
export { loadImageFolder } from "./folder.ts";
export { sha256Hex } from "./hash.ts";
export { datasetFromMemory, type InMemoryImage } from "./memory.ts";
export type { LabelledDataset, LabelledImage, Split } from "./types.ts";
