// Which of ml-core's shipped sample images a test trains on: the binary
// Fashion-MNIST subset (ankle_boot vs sneaker), the first N files of each
// label in name order. The sample ships train/ and val/ folders only, so TEST
// images come from further along val/, never overlapping VAL.
import { readdir } from "node:fs/promises";
import path from "node:path";
import { SAMPLE_DATA_DIR } from "@headstart/ml-core";

export const BINARY_SAMPLE_DIR = path.join(SAMPLE_DATA_DIR, "binary");

export interface SampleSizes {
  train: number;
  val: number;
  test: number;
}

export type SampleSplit = "TRAIN" | "VAL" | "TEST";

/** The binary sample's labels in name order (the class order a dataset gets). */
export async function binarySampleLabels(): Promise<string[]> {
  return (await readdir(path.join(BINARY_SAMPLE_DIR, "train"))).sort();
}

async function filesOf(dir: string, count: number, skip = 0): Promise<string[]> {
  const names = (await readdir(dir)).filter((name) => name.endsWith(".png")).sort();
  return names.slice(skip, skip + count).map((name) => path.join(dir, name));
}

/** Absolute paths of the images for one label, per split. */
export async function binarySampleFiles(label: string, sizes: SampleSizes): Promise<Array<[SampleSplit, string[]]>> {
  return [
    ["TRAIN", await filesOf(path.join(BINARY_SAMPLE_DIR, "train", label), sizes.train)],
    ["VAL", await filesOf(path.join(BINARY_SAMPLE_DIR, "val", label), sizes.val)],
    ["TEST", await filesOf(path.join(BINARY_SAMPLE_DIR, "val", label), sizes.test, sizes.val)],
  ];
}
