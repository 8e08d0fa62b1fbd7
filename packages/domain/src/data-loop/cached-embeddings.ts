// The embeddings the trainers already computed for a set of images, read from the shared
// EmbeddingCacheEntry table (keys end in `/features/original/<sha256>`: the plain, un-augmented
// feature vector). Images may have been embedded by several backbones or sizes; the one that covers
// the most of them is used, so every vector compared lives in the same space.
import { Prisma, type PrismaClient } from "@headstart/db";

export interface CachedEmbeddings {
  /** `backbone@version/size px/preprocessing`, or null when none of the images is cached. */
  space: string | null;
  dims: number;
  /** Index into the asked images of each row, in order. */
  found: number[];
  /** found.length × dims, row-major. */
  vectors: Float32Array;
}

const SHAS_PER_QUERY = 5000;

export async function cachedEmbeddings(prisma: PrismaClient, sha256s: string[]): Promise<CachedEmbeddings> {
  const rows: { key: string; dims: number; vector: Uint8Array }[] = [];
  for (let start = 0; start < sha256s.length; start += SHAS_PER_QUERY) {
    const slice = sha256s.slice(start, start + SHAS_PER_QUERY);
    rows.push(
      ...(await prisma.$queryRaw<{ key: string; dims: number; vector: Uint8Array }[]>`
        SELECT key, dims, vector FROM "EmbeddingCacheEntry"
        WHERE split_part(key, '/', 4) = 'features' AND split_part(key, '/', 5) = 'original'
          AND split_part(key, '/', 6) IN (${Prisma.join(slice)})`),
    );
  }
  const bySpace = new Map<string, Map<string, Float32Array>>();
  for (const row of rows) {
    const parts = row.key.split("/");
    if (parts.length !== 6 || row.vector.byteLength !== row.dims * 4) continue;
    const space = parts.slice(0, 3).join("/");
    const view = new DataView(row.vector.buffer, row.vector.byteOffset, row.vector.byteLength);
    const vector = new Float32Array(row.dims);
    for (let i = 0; i < row.dims; i++) vector[i] = view.getFloat32(i * 4, true);
    if (!bySpace.has(space)) bySpace.set(space, new Map());
    bySpace.get(space)!.set(parts[5]!, vector);
  }
  let best: [string, Map<string, Float32Array>] | null = null;
  for (const entry of bySpace) if (!best || entry[1].size > best[1].size) best = entry;
  if (!best) return { space: null, dims: 0, found: [], vectors: new Float32Array(0) };
  const [space, vectorsBySha] = best;
  const dims = vectorsBySha.values().next().value!.length;
  const found = sha256s.flatMap((sha, i) => (vectorsBySha.get(sha)?.length === dims ? [i] : []));
  const vectors = new Float32Array(found.length * dims);
  found.forEach((i, row) => vectors.set(vectorsBySha.get(sha256s[i]!)!, row * dims));
  return { space, dims, found, vectors };
}
