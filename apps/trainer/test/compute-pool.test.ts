// The compute pool on its own: real worker threads with their own tfjs. The test plays the main
// thread's side of an attempt (the handlers the daemon answers with Postgres and blobs) so it can
// stop a worker at a known point, as an out-of-memory kill would.

import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseRunConfig, type SnapshotImage } from "@headstart/runs";
import { afterAll, describe, expect, it } from "vitest";
import { type AttemptHandlers, ComputePool } from "../src/compute/pool.ts";
import type { AttemptInput } from "../src/compute/protocol.ts";

const lines: string[] = [];
const onnxCacheDir = mkdtempSync(path.join(os.tmpdir(), "headstart-compute-pool-onnx-"));
const pool = new ComputePool({ size: 1, log: (line) => lines.push(line), onnxCacheDir });

afterAll(async () => {
  await pool.close();
  rmSync(onnxCacheDir, { recursive: true, force: true });
});

function image(i: number, label: string): SnapshotImage {
  const sha256 = i.toString(16).padStart(64, "0");
  return { id: `image-${i}`, sha256, blobKey: sha256, split: i % 4 === 3 ? "VAL" : "TRAIN", labels: [label] };
}

const input: AttemptInput = {
  runId: "run-1",
  attempt: 1,
  config: parseRunConfig({ inputSize: 96, seed: 1, epochs: 2, augmentation: null, earlyStoppingPatience: null }),
  labels: ["boot", "sneaker"],
  classMode: "binary",
  images: Array.from({ length: 8 }, (_, i) => image(i, i % 2 === 0 ? "boot" : "sneaker")),
  test: [],
};

describe("ComputePool", () => {
  it("starts workers that report their tfjs backend once each", async () => {
    await pool.start();
    expect(pool.backend?.backend).toBeTruthy();
    expect(lines.filter((line) => /^compute worker 1: tfjs backend /.test(line))).toHaveLength(1);
    expect(pool.busy).toBe(0);
  });

  it("fails the attempt of a worker that dies mid-run with the reason, and replaces the worker", async () => {
    const worker = (await pool.acquire())!;
    let asked: () => void = () => undefined;
    const imagesAsked = new Promise<void>((resolve) => {
      asked = resolve;
    });
    const requested: string[][] = [];
    const handlers: AttemptHandlers = {
      // The main thread is slow to answer: the worker waits here when it is stopped.
      readImages: (keys) => {
        requested.push(keys);
        asked();
        return new Promise(() => undefined);
      },
      embeddingsGet: async () => new Map(),
      embeddingsPut: async () => undefined,
      checkpointRead: async () => null,
      checkpointSave: async () => undefined,
      resetEpochs: async () => undefined,
      progress: () => undefined,
      finishing: () => undefined,
    };
    const attempt = worker.run(input, handlers);
    await imagesAsked;
    expect(pool.busy).toBe(1);
    // The reads of one batch arrive as one request.
    expect(requested).toHaveLength(1);
    expect([...requested[0]!].sort()).toEqual(input.images.map((i) => i.blobKey).sort());

    await worker.terminate();
    await expect(attempt).rejects.toThrow(/the compute worker stopped in the middle of the run \(exit code 1\)/);
    pool.release(worker);
    const replacement = (await pool.acquire())!;
    expect(replacement).not.toBe(worker);
    expect(replacement.alive).toBe(true);
    expect(lines).toContain("compute worker 1 stopped; starting a new one");
    pool.release(replacement);
  });

  it("lends a spare worker beside a run's own on a machine with a free core, never into the pool", async () => {
    // The pool's workers train tfjs on one thread here (WASM or CPU), so a second core trains a second child.
    expect(pool.backend?.backend === "cpu" || pool.backend?.threads === 1).toBe(true);
    const own = (await pool.acquire())!;
    const roomy = new ComputePool({ size: 1, log: () => undefined, onnxCacheDir, cores: 1 });
    // A one-core machine has no core for it (and a pool that never started has no backend to judge by).
    expect(await roomy.spare()).toBeNull();
    const spare = await withCores(pool, 2).spare();
    expect(spare).not.toBeNull();
    expect(spare!.worker).not.toBe(own);
    expect(spare!.worker.alive).toBe(true);
    expect(spare!.worker.backend?.backend).toBe(pool.backend?.backend);
    await spare!.retire();
    expect(spare!.worker.alive).toBe(false);
    // Retired, it is not replaced and never handed to a queued run: the pool's one worker is still `own`.
    pool.release(own);
    const next = (await pool.acquire())!;
    expect(next).toBe(own);
    expect(lines.some((line) => /compute worker 2 stopped/.test(line))).toBe(false);
    pool.release(next);
  });
});

/** The same pool as if the machine had `cores` cores (the test box may have any number). */
function withCores(of: ComputePool, cores: number): ComputePool {
  (of as unknown as { options: { cores?: number } }).options.cores = cores;
  return of;
}
