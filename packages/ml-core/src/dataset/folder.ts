import { readdir, readFile, stat } from "node:fs/promises";
import { extname, join } from "node:path";
import { DatasetError } from "./errors.ts";
import { sha256Hex } from "./hash.ts";
import type { LabelledDataset, LabelledImage, Split } from "./types.ts";

const IMAGE_EXTENSIONS = new Set([".png", ".jpg", ".jpeg", ".webp", ".gif"]);

async function listDirectories(path: string): Promise<string[]> {
  const entries = await readdir(path, { withFileTypes: true });
  return entries.filter((e) => e.isDirectory() && !e.name.startsWith(".")).map((e) => e.name);
}

async function isDirectory(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch {
    return false;
  }
}

/**
 * Loads a Keras `image_dataset_from_directory` layout: `<root>/train/<class>/*` and
 * `<root>/val/<class>/*` (the val split is optional). Classes are the train sub-folders sorted by
 * name, as Keras does, so label indices match a model trained by Keras on the same folder. Every file
 * is hashed up front (the hash is the cache key); bytes are re-read only when an image must be embedded.
 */
export async function loadImageFolder(root: string): Promise<LabelledDataset> {
  const trainDir = join(root, "train");
  if (!(await isDirectory(trainDir))) {
    throw new DatasetError(
      "NOT_FOUND",
      `${trainDir} is not a directory; expected <root>/train/<class>/<image> (and optionally <root>/val/<class>/<image>)`,
    );
  }
  const labels = (await listDirectories(trainDir)).sort();
  if (labels.length < 2) {
    throw new DatasetError(
      "NO_CLASSES",
      `${trainDir} has ${labels.length} class folder(s); create one folder per class, at least two`,
    );
  }
  const images: LabelledImage[] = [];
  for (const split of ["train", "val"] as const satisfies Split[]) {
    const splitDir = join(root, split);
    if (split === "val" && !(await isDirectory(splitDir))) continue;
    for (const folder of await listDirectories(splitDir)) {
      const label = labels.indexOf(folder);
      if (label < 0) {
        throw new DatasetError(
          "UNKNOWN_LABEL",
          `${join(splitDir, folder)} is a class that has no folder under ${trainDir}; add training images for it or remove it`,
        );
      }
      const files = (await readdir(join(splitDir, folder)))
        .filter((f) => IMAGE_EXTENSIONS.has(extname(f).toLowerCase()))
        .sort();
      for (const file of files) {
        const path = join(splitDir, folder, file);
        const sha256 = sha256Hex(await readFile(path));
        images.push({
          sha256,
          labels: [label],
          split,
          name: path,
          read: async () => new Uint8Array(await readFile(path)),
        });
      }
    }
  }
  for (const [index, label] of labels.entries()) {
    if (!images.some((image) => image.split === "train" && image.labels[0] === index)) {
      throw new DatasetError(
        "EMPTY_CLASS",
        `class "${label}" has no training images in ${join(trainDir, label)}; add some (.png, .jpg, .webp, .gif)`,
      );
    }
  }
  return { labels, images };
}
