export { type EmbedOptions, type EmbedProgress, type EmbedRequest, resolveEmbeddings } from "./embed.ts";
export { FileEmbeddingStore } from "./file-store.ts";
export { type EmbeddingKeyParts, embeddingKey } from "./key.ts";
export { type EmbeddingStore, MemoryEmbeddingStore } from "./store.ts";
