export { MemoryEmbeddingStore, type EmbeddingStore } from './store.ts';
export { FileEmbeddingStore } from './file-store.ts';
export { embeddingKey, type EmbeddingKeyParts } from './key.ts';
export { resolveEmbeddings, type EmbedOptions, type EmbedProgress, type EmbedRequest } from './embed.ts';
