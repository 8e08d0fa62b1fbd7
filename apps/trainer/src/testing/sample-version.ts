// Puts a slice of ml-core's shipped Fashion-MNIST sample into a test database
// and blob store the way the API would: Image rows, blobs, and a frozen
// DatasetVersion whose snapshot the trainer reads.

import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import path from "node:path";
import type { PrismaClient } from "@headstart/db";
import { inspectImage } from "@headstart/ml-core";
import { compareSnapshotImages, type DatasetSnapshot, type SnapshotImage } from "@headstart/runs";
import type { BlobStore } from "@headstart/storage";
import { binarySampleFiles, binarySampleLabels, type SampleSizes } from "./sample-images.ts";

export interface SampleVersion {
  teamId: string;
  datasetId: string;
  versionId: string;
  labels: string[];
  /** Bytes of a few TEST images with their true label, for predicting after training. */
  testImages: Array<{ label: string; bytes: Buffer }>;
}

export async function createSampleVersion(
  db: PrismaClient,
  blobs: BlobStore,
  sizes: SampleSizes,
): Promise<SampleVersion> {
  const labels = await binarySampleLabels();
  const team = await db.team.create({
    data: { name: "Shoes", slug: `shoes-${Date.now()}-${Math.random().toString(36).slice(2, 8)}` },
  });
  const dataset = await db.dataset.create({ data: { teamId: team.id, name: "sneaker-vs-boot", task: "BINARY" } });
  await db.label.createMany({ data: labels.map((name, position) => ({ datasetId: dataset.id, name, position })) });
  const labelRows = await db.label.findMany({ where: { datasetId: dataset.id } });
  const images: SnapshotImage[] = [];
  const testImages: SampleVersion["testImages"] = [];

  for (const label of labels) {
    const plan = await binarySampleFiles(label, sizes);
    for (const [split, files] of plan) {
      for (const file of files) {
        const bytes = await readFile(file);
        const sha256 = createHash("sha256").update(bytes).digest("hex");
        const info = await inspectImage(bytes);
        const { key } = await blobs.put(bytes);
        const image = await db.image.create({
          data: {
            datasetId: dataset.id,
            sha256,
            width: info.width,
            height: info.height,
            byteSize: bytes.length,
            mime: "image/png",
            blobKey: key,
            originalName: path.basename(file),
            split,
            labels: { create: [{ labelId: labelRows.find((l) => l.name === label)!.id }] },
          },
        });
        images.push({ id: image.id, sha256, blobKey: key, split, labels: [label] });
        if (split === "TEST") testImages.push({ label, bytes });
      }
    }
  }
  const snapshot: DatasetSnapshot = {
    format: 1,
    task: "BINARY",
    labels,
    images: images.sort(compareSnapshotImages),
  };
  const version = await db.datasetVersion.create({
    data: { datasetId: dataset.id, number: 1, imageCount: images.length, snapshot: snapshot as object },
  });
  return { teamId: team.id, datasetId: dataset.id, versionId: version.id, labels, testImages };
}
