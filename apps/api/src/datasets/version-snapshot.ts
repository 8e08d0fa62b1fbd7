// The frozen content of a DatasetVersion (its `snapshot` JSON column) and the
// diff between two of them. Pure: no database access.
import type { Split } from './split.ts';

export const SNAPSHOT_FORMAT = 1;

export interface SnapshotImage {
  id: string;
  sha256: string;
  blobKey: string;
  split: Split;
  /** Label names; a single-label task has exactly one. */
  labels: string[];
}

export interface VersionSnapshot {
  format: typeof SNAPSHOT_FORMAT;
  task: 'BINARY' | 'MULTICLASS' | 'MULTILABEL';
  /** Class order: index i is output unit i of every model trained on this version. */
  labels: string[];
  /** Sorted by id, so two freezes of unchanged data are byte-identical. */
  images: SnapshotImage[];
}

export function buildSnapshot(
  task: VersionSnapshot['task'],
  labels: Array<{ name: string; position: number }>,
  images: SnapshotImage[],
): VersionSnapshot {
  return {
    format: SNAPSHOT_FORMAT,
    task,
    labels: [...labels].sort((a, b) => a.position - b.position).map((l) => l.name),
    images: images
      .map((image) => ({ ...image, labels: [...image.labels].sort() }))
      .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)),
  };
}

/** Reads a snapshot back from JSON, refusing anything that is not one (a hand-edited row, a future format). */
export function parseSnapshot(value: unknown): VersionSnapshot {
  const fail = (why: string): never => {
    throw new Error(`Dataset version snapshot is malformed (${why}); it was not written by this version of Headstart.`);
  };
  if (typeof value !== 'object' || value === null) return fail('not an object');
  const v = value as Record<string, unknown>;
  if (v.format !== SNAPSHOT_FORMAT) fail(`format ${String(v.format)}`);
  if (v.task !== 'BINARY' && v.task !== 'MULTICLASS' && v.task !== 'MULTILABEL') fail('task');
  if (!Array.isArray(v.labels) || !v.labels.every((l) => typeof l === 'string')) fail('labels');
  if (!Array.isArray(v.images)) fail('images');
  for (const image of v.images as unknown[]) {
    const i = image as Record<string, unknown>;
    if (
      typeof i?.id !== 'string' ||
      typeof i.sha256 !== 'string' ||
      typeof i.blobKey !== 'string' ||
      (i.split !== 'TRAIN' && i.split !== 'VAL' && i.split !== 'TEST') ||
      !Array.isArray(i.labels)
    ) {
      fail('image entry');
    }
  }
  return value as VersionSnapshot;
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
