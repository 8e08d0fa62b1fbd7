import sharp from "sharp";
import { datasetFromMemory, type LabelledImage } from "../src/dataset/index.ts";
import { TrainingRng } from "../src/train/rng.ts";

/**
 * Synthetic 28-px grayscale PNGs. With `pattern` on, class c is a bright horizontal bar at row
 * 4 + 6c plus noise (pixels alone separate the classes); with it off every image is pure noise
 * (nothing in the pixels tells the classes apart).
 */
export async function syntheticImages(options: {
  classes: number;
  perClass: { train: number; val: number };
  pattern: boolean;
  seed: number;
}): Promise<{ labels: string[]; images: LabelledImage[] }> {
  const rng = new TrainingRng(options.seed);
  const labels = Array.from({ length: options.classes }, (_, c) => `class_${c}`);
  const items = [];
  for (const split of ["train", "val"] as const) {
    for (let c = 0; c < options.classes; c++) {
      for (let k = 0; k < options.perClass[split]; k++) {
        const pixels = Buffer.alloc(28 * 28);
        for (let i = 0; i < pixels.length; i++) pixels[i] = Math.floor(rng.next() * 120);
        if (options.pattern) {
          const row = 4 + 6 * c + (rng.int(3) - 1);
          for (let x = 3; x < 25; x++) for (const r of [row, row + 1]) pixels[r * 28 + x] = 200 + rng.int(55);
        }
        const bytes = await sharp(pixels, { raw: { width: 28, height: 28, channels: 1 } })
          .png()
          .toBuffer();
        items.push({ bytes: new Uint8Array(bytes), labels: [labels[c]], split, name: `${split}-${c}-${k}.png` });
      }
    }
  }
  return datasetFromMemory(labels, items);
}
