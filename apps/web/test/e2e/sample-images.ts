// Real images from the shipped Fashion-MNIST sample (packages/ml-core/data/sample).
import { readdirSync } from "node:fs";
import path from "node:path";
import { REPO_ROOT } from "./stack.ts";

const SAMPLE = path.join(REPO_ROOT, "packages/ml-core/data/sample/binary");

export function sampleImages(split: "train" | "val", label: "sneaker" | "ankle_boot", count: number): string[] {
  const dir = path.join(SAMPLE, split, label);
  return readdirSync(dir)
    .filter((f) => f.endsWith(".png"))
    .sort()
    .slice(0, count)
    .map((f) => path.join(dir, f));
}
