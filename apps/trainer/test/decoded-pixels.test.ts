// The worker's decoded-pixel cache (src/compute/decoded-pixels.ts): what the pixel baseline and the
// label-issue pixel models share within an attempt and keep across runs of a version.
import { join } from "node:path";
import { initBackend, type LabelledImage, loadImageFolder, pixelBaseline, SAMPLE_DATA_DIR } from "@headstart/ml-core";
import { beforeAll, describe, expect, it } from "vitest";
import { DecodedPixelCache } from "../src/compute/decoded-pixels.ts";
import { pixelRowsOf } from "../src/label-issue-pixels.ts";

/** The first `perSplit` train and val images of the binary sample, each counting its reads. */
async function sampleImages(perSplit: number): Promise<{ images: LabelledImage[]; reads: () => number }> {
  const dataset = await loadImageFolder(join(SAMPLE_DATA_DIR, "binary"));
  let reads = 0;
  const images = (["train", "val"] as const).flatMap((split) =>
    dataset.images
      .filter((image) => image.split === split)
      .slice(0, perSplit)
      .map((image) => ({
        ...image,
        read: () => {
          reads += 1;
          return image.read();
        },
      })),
  );
  return { images, reads: () => reads };
}

describe("decoded pixel cache", () => {
  // The pixel baseline fits on tfjs, as in a compute worker.
  beforeAll(async () => {
    await initBackend();
  });

  it("decodes each image once and gives the pixels decodeImage gives", async () => {
    const { images, reads } = await sampleImages(20);
    const cache = new DecodedPixelCache();
    const decode = (list: readonly LabelledImage[], size: number) => cache.decode(list, size);
    const direct = await pixelRowsOf(images);
    expect(reads()).toBe(40);
    expect(await pixelRowsOf(images, undefined, decode)).toEqual(direct);
    expect(reads()).toBe(80);
    // Again, and at another size: the first set is answered from memory, the second is decoded.
    expect(await pixelRowsOf(images, undefined, decode)).toEqual(direct);
    expect(reads()).toBe(80);
    const small = await cache.decode(images, 8);
    expect(small[0]).toHaveLength(8 * 8 * 3);
    expect(reads()).toBe(120);
    expect(cache.size).toBe(80);
  });

  it("drops the least recently used images past its capacity", async () => {
    const { images, reads } = await sampleImages(3);
    const cache = new DecodedPixelCache(4);
    await cache.decode(images.slice(0, 4), 28);
    await cache.decode(images.slice(0, 1), 28); // the first is now the most recent
    await cache.decode(images.slice(4), 28); // two more: the second and third go
    expect(cache.size).toBe(4);
    const before = reads();
    await cache.decode([images[0]!, images[3]!, images[4]!, images[5]!], 28);
    expect(reads()).toBe(before);
    await cache.decode([images[1]!], 28);
    expect(reads()).toBe(before + 1);
  });

  it("gives the pixel baseline the same figures as decoding each image itself", async () => {
    const { images, reads } = await sampleImages(40);
    const cache = new DecodedPixelCache();
    const options = { images, labels: ["ankle_boot", "sneaker"], classMode: "binary" as const, iterations: 60 };
    const own = await pixelBaseline(options);
    const shared = await pixelBaseline({ ...options, decode: (list, size) => cache.decode(list, size) });
    await pixelBaseline({ ...options, decode: (list, size) => cache.decode(list, size) });
    // Decoded once by the baseline itself and once into the cache; the third fit read nothing.
    expect(reads()).toBe(160);
    expect({ ...shared, seconds: 0 }).toEqual({ ...own, seconds: 0 });
    expect(shared.channels).toBe(1);
    expect(shared.val!.accuracy).toBeGreaterThan(0.8);
  });
});
