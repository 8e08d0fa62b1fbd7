// Small decoded pixels (28 × 28 RGB) per image content, for the pixel baseline and the pixel members of
// the label-issue ensemble. Both read the same images at the same size, so an attempt decodes each
// image once, and the worker keeps the pixels for its next attempts: a second run of the same version
// (the usual case: another head, an AUTO search's trials) reads and decodes nothing. Keyed by content
// hash and size, like the embedding cache, so a relabelled or re-split image reuses its pixels.

import { decodeImage, type LabelledImage } from "@headstart/ml-core";

/** Images decoded at once: their reads reach the main thread as one request, sharp decodes them in parallel. */
const DECODE_BATCH = 32;

/**
 * About 47 MB of 28-px RGB images per worker, least recently used dropped first: a version of 20,000
 * images fits, and the worker's memory stays bounded whatever it trains.
 */
export const DECODED_PIXELS_CAPACITY = 20_000;

export class DecodedPixelCache {
  private readonly entries = new Map<string, Uint8Array>();

  constructor(private readonly capacity = DECODED_PIXELS_CAPACITY) {}

  get size(): number {
    return this.entries.size;
  }

  /** RGB, row-major HWC, size × size × 3 bytes per image, in the order of `images`. */
  async decode(images: readonly LabelledImage[], size: number, signal?: AbortSignal): Promise<Uint8Array[]> {
    const out = new Array<Uint8Array>(images.length);
    const missing: number[] = [];
    images.forEach((image, i) => {
      const key = `${size}:${image.sha256}`;
      const hit = this.entries.get(key);
      if (hit) {
        // Re-inserted, so the Map's order is least recently used first.
        this.entries.delete(key);
        this.entries.set(key, hit);
        out[i] = hit;
      } else missing.push(i);
    });
    for (let start = 0; start < missing.length; start += DECODE_BATCH) {
      signal?.throwIfAborted();
      const batch = missing.slice(start, start + DECODE_BATCH);
      const decoded = await Promise.all(
        batch.map(async (i) => (await decodeImage(await images[i]!.read(), { size })).data),
      );
      batch.forEach((i, k) => {
        out[i] = decoded[k]!;
        this.remember(`${size}:${images[i]!.sha256}`, decoded[k]!);
      });
    }
    return out;
  }

  private remember(key: string, data: Uint8Array): void {
    if (this.capacity <= 0) return;
    this.entries.delete(key);
    this.entries.set(key, data);
    while (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value!);
  }
}

/** The compute worker's cache: one per thread (each worker imports its own copy of this module). */
export const workerDecodedPixels = new DecodedPixelCache();
