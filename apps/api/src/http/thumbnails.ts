// Thumbnails, made on demand and kept in a small in-memory cache keyed by
// content hash. They are cheap to recompute from the stored original, so
// they are never written to the blob store (nothing to keep in step on delete).
import type { BlobStore } from "@headstart/storage";
import sharp from "sharp";

export const THUMBNAIL_EDGE = 256;
const CACHE_ENTRIES = 512;

const cache = new Map<string, Buffer>();

export async function thumbnailOf(blobs: BlobStore, blobKey: string): Promise<Buffer> {
  const cached = cache.get(blobKey);
  if (cached) {
    // Map keeps insertion order: re-inserting makes this the most recently used.
    cache.delete(blobKey);
    cache.set(blobKey, cached);
    return cached;
  }
  const original = await blobs.get(blobKey);
  const thumbnail = await sharp(original, { animated: false })
    .rotate() // apply EXIF orientation, as the original is displayed
    .resize(THUMBNAIL_EDGE, THUMBNAIL_EDGE, { fit: "inside", withoutEnlargement: true })
    .webp({ quality: 80 })
    .toBuffer();
  cache.set(blobKey, thumbnail);
  if (cache.size > CACHE_ENTRIES) cache.delete(cache.keys().next().value!);
  return thumbnail;
}
