import { DatasetSnapshotError, parseDatasetSnapshot, type SnapshotImage } from "@headstart/runs";
import { describe, expect, it } from "vitest";
import { buildSnapshot, diffSnapshots } from "../src/datasets/version-snapshot.ts";

const image = (id: string, split: SnapshotImage["split"], labels: string[]): SnapshotImage => ({
  id,
  sha256: id.repeat(64).slice(0, 64),
  blobKey: id.repeat(64).slice(0, 64),
  split,
  labels,
});

const labels = [
  { name: "dog", position: 1 },
  { name: "cat", position: 0 },
];

describe("buildSnapshot", () => {
  it("orders labels by class position and images by content, then id", () => {
    const snapshot = buildSnapshot("MULTICLASS", labels, [image("b", "VAL", ["dog"]), image("a", "TRAIN", ["cat"])]);
    expect(snapshot.labels).toEqual(["cat", "dog"]);
    expect(snapshot.images.map((i) => i.id)).toEqual(["a", "b"]);
    expect(parseDatasetSnapshot(JSON.parse(JSON.stringify(snapshot)))).toEqual(snapshot);
  });

  it("gives the same images the same order whatever ids their rows got", () => {
    // The same two images uploaded twice: row ids are random, so their id order differs.
    const first = buildSnapshot("MULTICLASS", labels, [
      { ...image("a", "TRAIN", ["cat"]), sha256: "f".repeat(64) },
      { ...image("z", "TRAIN", ["dog"]), sha256: "0".repeat(64) },
    ]);
    const again = buildSnapshot("MULTICLASS", labels, [
      { ...image("q", "TRAIN", ["cat"]), sha256: "f".repeat(64) },
      { ...image("c", "TRAIN", ["dog"]), sha256: "0".repeat(64) },
    ]);
    expect(first.images.map((i) => i.sha256)).toEqual(again.images.map((i) => i.sha256));
    expect(first.images.map((i) => i.labels[0])).toEqual(["dog", "cat"]);
  });

  it("refuses JSON that is not a snapshot", () => {
    expect(() => parseDatasetSnapshot({ format: 2 })).toThrow(/format 2 is not supported/);
    expect(() => parseDatasetSnapshot(null)).toThrow(DatasetSnapshotError);
    expect(() =>
      parseDatasetSnapshot({ format: 1, task: "BINARY", labels: ["a"], images: [{ id: "x", split: "NOPE" }] }),
    ).toThrow(/image entry 0 \(x\) is malformed/);
  });
});

describe("diffSnapshots", () => {
  it("reports added, removed, relabelled and moved images", () => {
    const v1 = buildSnapshot("MULTICLASS", labels, [
      image("a", "TRAIN", ["cat"]),
      image("b", "TRAIN", ["dog"]),
      image("c", "VAL", ["cat"]),
      image("d", "TEST", ["dog"]),
    ]);
    const v2 = buildSnapshot(
      "MULTICLASS",
      [...labels, { name: "bird", position: 2 }],
      [
        image("a", "TRAIN", ["cat"]),
        image("b", "TRAIN", ["cat"]),
        image("c", "TEST", ["dog"]),
        image("e", "TRAIN", ["bird"]),
      ],
    );
    const diff = diffSnapshots(v1, v2);
    expect(diff.added.map((i) => i.id)).toEqual(["e"]);
    expect(diff.removed.map((i) => i.id)).toEqual(["d"]);
    expect(diff.relabelled.map((r) => [r.id, r.from, r.to])).toEqual([
      ["b", ["dog"], ["cat"]],
      ["c", ["cat"], ["dog"]],
    ]);
    expect(diff.moved.map((m) => [m.id, m.from, m.to])).toEqual([["c", "VAL", "TEST"]]);
    expect(diff.labelsAdded).toEqual(["bird"]);
    expect(diff.labelsRemoved).toEqual([]);
  });

  it("finds nothing between identical snapshots, whatever the label order inside an image", () => {
    const v1 = buildSnapshot("MULTILABEL", labels, [image("a", "TRAIN", ["dog", "cat"])]);
    const v2 = buildSnapshot("MULTILABEL", labels, [image("a", "TRAIN", ["cat", "dog"])]);
    expect(diffSnapshots(v1, v2)).toEqual({
      added: [],
      removed: [],
      relabelled: [],
      moved: [],
      labelsAdded: [],
      labelsRemoved: [],
    });
  });
});
