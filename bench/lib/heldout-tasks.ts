// The held-out Fashion-MNIST tasks the autopilot and int8 benches score on: built from the train file by
// packages/ml-core/scripts/make-heldout-tasks.ts (never from the sample, never from t10k) on first use.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { type ClassMode, type LabelledImage, loadImageFolder, sha256Hex } from "@headstart/ml-core";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
export const HELDOUT_DIR = path.join(ROOT, ".data", "heldout");

export interface HeldoutTask {
  name: string;
  labels: string[];
  classMode: ClassMode;
  /** train + val (split as written); test kept apart. */
  images: LabelledImage[];
  test: LabelledImage[];
}

export async function loadHeldoutTask(name: string): Promise<HeldoutTask> {
  const root = path.join(HELDOUT_DIR, name);
  if (!existsSync(root)) {
    // Deterministic (seeded) and ~10 s: build the tasks from Fashion-MNIST's train file on first use.
    const script = path.join(ROOT, "packages", "ml-core", "scripts", "make-heldout-tasks.ts");
    const built = spawnSync(process.execPath, ["--import", "tsx", script], { stdio: "inherit" });
    if (built.status !== 0 || !existsSync(root)) {
      throw new Error(`${root} is missing and ${script} could not build it (see its error above)`);
    }
  }
  const { labels, images } = await loadImageFolder(root);
  const test: LabelledImage[] = [];
  for (const [label, folder] of labels.entries()) {
    const dir = path.join(root, "test", folder);
    for (const file of (await readdir(dir)).sort()) {
      const bytes = new Uint8Array(await readFile(path.join(dir, file)));
      // Test images carry split "val" only because LabelledImage has no test split; they are scored, never trained on.
      test.push({ sha256: sha256Hex(bytes), labels: [label], split: "val", name: file, read: async () => bytes });
    }
  }
  return { name, labels, classMode: labels.length === 2 ? "binary" : "multiclass", images, test };
}
