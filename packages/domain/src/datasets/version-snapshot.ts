// The frozen content of a DatasetVersion (its `snapshot` JSON column) and the
// diff between two of them. Pure: no database access.
import {
  compareSnapshotImages,
  type DatasetSnapshot,
  type SnapshotImage,
  type SnapshotSplit as Split,
} from "@headstart/runs";

// The format itself (and its parser, parseDatasetSnapshot) lives in
// @headstart/runs, shared with the trainer that reads it.
export type VersionSnapshot = DatasetSnapshot;

export function buildSnapshot(
  task: VersionSnapshot["task"],
  labels: Array<{ name: string; position: number }>,
  images: SnapshotImage[],
): VersionSnapshot {
  return {
    format: 1,
    task,
    labels: [...labels].sort((a, b) => a.position - b.position).map((l) => l.name),
    images: images.map((image) => ({ ...image, labels: [...image.labels].sort() })).sort(compareSnapshotImages),
  };
}

export interface VersionDiff {
  added: SnapshotImage[];
  removed: SnapshotImage[];
  relabelled: Array<{ id: string; sha256: string; from: string[]; to: string[] }>;
  moved: Array<{ id: string; sha256: string; from: Split; to: Split }>;
  labelsAdded: string[];
  labelsRemoved: string[];
}

/**
 * What changed from `from` to `to`, matching images by id. An image can be
 * both relabelled and moved; it then appears in both lists.
 */
export function diffSnapshots(from: VersionSnapshot, to: VersionSnapshot): VersionDiff {
  const before = new Map(from.images.map((image) => [image.id, image]));
  const after = new Map(to.images.map((image) => [image.id, image]));
  const diff: VersionDiff = {
    added: to.images.filter((image) => !before.has(image.id)),
    removed: from.images.filter((image) => !after.has(image.id)),
    relabelled: [],
    moved: [],
    labelsAdded: to.labels.filter((label) => !from.labels.includes(label)),
    labelsRemoved: from.labels.filter((label) => !to.labels.includes(label)),
  };
  for (const image of to.images) {
    const old = before.get(image.id);
    if (!old) continue;
    if (!sameLabels(old.labels, image.labels)) {
      diff.relabelled.push({ id: image.id, sha256: image.sha256, from: old.labels, to: image.labels });
    }
    if (old.split !== image.split) {
      diff.moved.push({ id: image.id, sha256: image.sha256, from: old.split, to: image.split });
    }
  }
  return diff;
}

function sameLabels(a: string[], b: string[]): boolean {
  if (a.length !== b.length) return false;
  const sortedB = [...b].sort();
  return [...a].sort().every((label, i) => label === sortedB[i]);
}
