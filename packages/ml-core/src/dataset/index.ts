export type { LabelledImage, LabelledDataset, Split } from './types.ts';
export { DatasetError, type DatasetErrorCode } from './errors.ts';
export { loadImageFolder } from './folder.ts';
export { datasetFromMemory, type InMemoryImage } from './memory.ts';
export { sha256Hex } from './hash.ts';
