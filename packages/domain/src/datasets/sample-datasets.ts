// The sample datasets shipped with ml-core (Fashion-MNIST subsets), and
// loading one into a team: the newcomer's first dataset, one click after
// sign-up. Loading goes through the same folder import as the CLI (content
// sniffing, dedupe, blob store, train/val folders kept as splits) and then
// freezes version 1, so a run can start straight away.
import { readdir } from "node:fs/promises";
import path from "node:path";
import type { Dataset, DatasetVersion, Task } from "@headstart/db";
import { SAMPLE_DATA_DIR } from "@headstart/ml-core";
import { appErrorCodeOf, conflict } from "../errors/error-helpers.ts";
import { createDataset, deleteDataset } from "./dataset-lifecycle.ts";
import { discoverFolderLabels, importFolder } from "./folder-import.ts";
import { type IngestDeps, loadIngestTarget } from "./ingest.ts";
import type { TreeImportReport } from "./tree-import.ts";
import { freezeVersion } from "./versions.ts";

// ml-core owns the files (its tests and benchmarks train on them); the API only reads them.
export const SAMPLE_ROOT = SAMPLE_DATA_DIR;

export type SampleId = "FASHION_MNIST_SHOES" | "FASHION_MNIST_TEN";

interface SampleDefinition {
  id: SampleId;
  title: string;
  description: string;
  task: Task;
  /** Folder under SAMPLE_ROOT holding train/<label>/ and val/<label>/. */
  folder: string;
}

const FASHION_MNIST_ATTRIBUTION =
  "Fashion-MNIST by Zalando Research (Han Xiao, Kashif Rasul, Roland Vollgraf, arXiv:1708.07747, 2017), MIT licence, Copyright © 2017 Zalando SE.";
const FASHION_MNIST_SOURCE = "https://github.com/zalandoresearch/fashion-mnist";

const DEFINITIONS: readonly SampleDefinition[] = [
  {
    id: "FASHION_MNIST_SHOES",
    title: "Fashion-MNIST: sneaker vs ankle boot",
    description:
      "Two kinds of shoe in 28×28 grayscale photos: a quick binary task to try training, review and predict.",
    task: "BINARY",
    folder: "binary",
  },
  {
    id: "FASHION_MNIST_TEN",
    title: "Fashion-MNIST: ten garment classes",
    description:
      "All ten Fashion-MNIST classes (shirts, coats, bags…), fewer images per class: a harder multiclass task.",
    task: "MULTICLASS",
    folder: "multiclass",
  },
];

export interface SampleDataset {
  id: SampleId;
  title: string;
  description: string;
  task: Task;
  /** In class order (the folder names, sorted), as the loaded dataset will have them. */
  labels: string[];
  images: { train: number; val: number; total: number };
  licence: string;
  attribution: string;
  sourceUrl: string;
}

// The files ship with the code and never change while it runs, so they are counted once per root.
const catalogues = new Map<string, Promise<SampleDataset[]>>();

/** `sampleRoot` is for tests; the product always reads the shipped files. */
export function listSampleDatasets(sampleRoot = SAMPLE_ROOT): Promise<SampleDataset[]> {
  let catalogue = catalogues.get(sampleRoot);
  if (!catalogue) {
    catalogue = Promise.all(DEFINITIONS.map((definition) => describeSample(sampleRoot, definition))).catch(
      (error: unknown) => {
        catalogues.delete(sampleRoot); // A damaged install may be repaired; look again next time.
        throw error;
      },
    );
    catalogues.set(sampleRoot, catalogue);
  }
  return catalogue;
}

async function describeSample(sampleRoot: string, definition: SampleDefinition): Promise<SampleDataset> {
  const root = path.join(sampleRoot, definition.folder);
  const labels = await discoverFolderLabels(root);
  const countSplit = async (split: "train" | "val") => {
    let count = 0;
    for (const label of labels) {
      const names = await readdir(path.join(root, split, label)).catch(() => [] as string[]);
      count += names.filter((name) => !name.startsWith(".")).length;
    }
    return count;
  };
  const [train, val] = await Promise.all([countSplit("train"), countSplit("val")]);
  return {
    id: definition.id,
    title: definition.title,
    description: definition.description,
    task: definition.task,
    labels,
    images: { train, val, total: train + val },
    licence: "MIT",
    attribution: FASHION_MNIST_ATTRIBUTION,
    sourceUrl: FASHION_MNIST_SOURCE,
  };
}

export interface LoadedSample {
  dataset: Dataset;
  version: DatasetVersion;
  report: TreeImportReport;
}

/** Enough for a person who clicks "Load sample" repeatedly; past that, rename or delete some. */
const MAX_COPIES = 50;
const NAME_ATTEMPTS = 5;

/**
 * Creates a dataset in the team from the sample, named after it ("… (2)",
 * "… (3)" when the team already has one, so loading twice never fails), imports
 * every image and freezes version 1. All or nothing: if any step fails, the
 * half-made dataset is deleted again. The caller has checked the team role.
 */
export async function loadSampleDataset(
  deps: IngestDeps,
  teamId: string,
  sampleId: SampleId,
  sampleRoot = SAMPLE_ROOT,
): Promise<LoadedSample> {
  const definition = DEFINITIONS.find((d) => d.id === sampleId);
  if (!definition) throw new Error(`Unknown sample dataset ${sampleId}; the GraphQL enum and DEFINITIONS disagree.`);
  const sample = (await listSampleDatasets(sampleRoot)).find((s) => s.id === sampleId)!;
  const folder = path.join(sampleRoot, definition.folder);
  const dataset = await createUniquelyNamed(deps, teamId, sample);
  try {
    const target = await loadIngestTarget(deps.prisma, dataset.id);
    if (!target) throw new Error(`Dataset ${dataset.id} vanished while the sample was loading into it.`);
    const report = await importFolder(deps, target, folder);
    if (report.rejected.length > 0 || report.stored.length === 0) {
      const first = report.rejected[0];
      // The files ship with the code: a rejection means the install is damaged, not that the caller erred.
      throw new Error(
        `The shipped sample in ${folder} is damaged: ${report.stored.length} image(s) stored, ${report.rejected.length} rejected${first ? ` (first: ${first.name}: ${first.message})` : ""}. Restore it with \`git checkout -- packages/ml-core/data/sample\`.`,
      );
    }
    const version = await freezeVersion(deps.prisma, dataset.id, `${sample.title}, as shipped with Headstart.`);
    return { dataset: await deps.prisma.dataset.findUniqueOrThrow({ where: { id: dataset.id } }), version, report };
  } catch (error) {
    await deleteDataset(deps.prisma, deps.blobs, dataset.id).catch(() => undefined);
    throw error;
  }
}

async function createUniquelyNamed(deps: IngestDeps, teamId: string, sample: SampleDataset): Promise<Dataset> {
  for (let attempt = 1; ; attempt++) {
    const taken = new Set(
      (
        await deps.prisma.dataset.findMany({
          where: { teamId, name: { startsWith: sample.title } },
          select: { name: true },
        })
      ).map((d) => d.name),
    );
    const copy = Array.from({ length: MAX_COPIES }, (_, i) => copyName(sample.title, i + 1)).find(
      (name) => !taken.has(name),
    );
    if (!copy) {
      throw conflict(
        `The team already has ${MAX_COPIES} copies of "${sample.title}"; rename or delete some before loading it again.`,
        "sample",
      );
    }
    try {
      return await createDataset(deps.prisma, { teamId, name: copy, task: sample.task, labels: sample.labels });
    } catch (error) {
      // Someone loaded the same sample at the same moment and took this name: pick the next one.
      if (appErrorCodeOf(error) !== "CONFLICT" || attempt >= NAME_ATTEMPTS) throw error;
    }
  }
}

function copyName(title: string, n: number): string {
  return n === 1 ? title : `${title} (${n})`;
}
