import { describe, expect, it } from "vitest";
import type { EpochPoint } from "@/lib/chart-data.ts";
import { applyRunUpdate, describeProgress, isFinal, type LiveRun } from "@/lib/run-live.ts";

const epoch = (n: number): EpochPoint => ({
  epoch: n,
  phase: "head",
  loss: 1 / n,
  acc: 0.5,
  valLoss: 1 / n,
  valAcc: 0.6,
});
const queued: LiveRun = {
  status: "QUEUED",
  currentEpoch: 0,
  epochs: [],
  progress: null,
  error: null,
  attempt: 0,
  cancelRequested: false,
};

describe("applyRunUpdate", () => {
  it("replays a late subscriber: STATE first, then epochs as they finish", () => {
    let s = applyRunUpdate(queued, {
      kind: "STATE",
      status: "RUNNING",
      currentEpoch: 2,
      epochs: [epoch(1), epoch(2)],
      progress: { stage: "TRAINING", epoch: 3 },
    });
    s = applyRunUpdate(s, { kind: "EPOCH", epoch: epoch(3) });
    s = applyRunUpdate(s, { kind: "EPOCH", epoch: epoch(3) }); // delivered twice after a resync
    expect(s.epochs.map((e) => e.epoch)).toEqual([1, 2, 3]);
    expect(s.currentEpoch).toBe(3);
    expect(s.status).toBe("RUNNING");
  });

  it("keeps a finished run finished when a STATE read before the end arrives after it", () => {
    let s = applyRunUpdate(queued, { kind: "STATE", status: "RUNNING", epochs: [epoch(1)], currentEpoch: 1 });
    s = applyRunUpdate(s, { kind: "EPOCH", epoch: epoch(2) });
    s = applyRunUpdate(s, { kind: "STATUS", status: "SUCCEEDED" });
    // The page's query, refetched while those events were in flight, answers from before them.
    s = applyRunUpdate(s, { kind: "STATE", status: "RUNNING", epochs: [epoch(1)], currentEpoch: 1 });
    expect(s.status).toBe("SUCCEEDED");
    expect(s.epochs.map((e) => e.epoch)).toEqual([1, 2]);
  });

  it("keeps an epoch that arrived before a resync STATE that did not have it yet", () => {
    let s = applyRunUpdate({ ...queued, status: "RUNNING" }, { kind: "EPOCH", epoch: epoch(1) });
    s = applyRunUpdate(s, { kind: "STATE", status: "RUNNING", epochs: [], currentEpoch: 0 });
    expect(s.epochs).toHaveLength(1);
  });

  it("shows progress while running and drops it once the run is final", () => {
    let s = applyRunUpdate(queued, { kind: "PROGRESS", progress: { stage: "EMBEDDING", done: 10, total: 40 } });
    expect(s.status).toBe("RUNNING");
    expect(s.progress?.done).toBe(10);
    s = applyRunUpdate(s, { kind: "STATUS", status: "SUCCEEDED" });
    expect(s.progress).toBeNull();
    s = applyRunUpdate(s, { kind: "PROGRESS", progress: { stage: "SAVING" } });
    expect(s.progress).toBeNull();
    expect(isFinal(s.status)).toBe(true);
  });

  it("carries the failure reason and the attempt count", () => {
    const s = applyRunUpdate(queued, { kind: "STATUS", status: "FAILED", error: "Out of memory", attempt: 3 });
    expect(s).toMatchObject({ status: "FAILED", error: "Out of memory", attempt: 3 });
  });
});

describe("describeProgress", () => {
  it("says what the trainer is doing in words", () => {
    expect(describeProgress(null, "QUEUED").text).toBe("Waiting for a trainer…");
    expect(describeProgress({ stage: "EMBEDDING", done: 12, total: 48, cached: 4, pass: "images" }, "RUNNING")).toEqual(
      {
        text: "Embedding images: 12 of 48 (4 from the cache)",
        done: 12,
        total: 48,
      },
    );
    expect(
      describeProgress({ stage: "TRAINING", epoch: 2, epochs: 10, batch: 3, batches: 8, phase: "head" }, "RUNNING")
        .text,
    ).toBe("Training the head, epoch 2 of 10, batch 3 of 8");
  });
});
