// The trainer's main thread only claims, heartbeats, writes and publishes; the compute of a run
// happens on a worker thread. These tests train real runs and watch that thread from the outside
// (its /healthz event-loop delay, its leases), also with CPU hogs beside it as on a busy machine.

import { type ChildProcess, spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { createTestDatabase, type TestDatabase } from "@headstart/db/testing";
import {
  enqueueRun,
  parseRunConfig,
  type RunEvent,
  RunEventHub,
  type RunStatus,
  requestCancel,
  subscribeRunEvents,
} from "@headstart/runs";
import { createBlobStore, type FsBlobStore } from "@headstart/storage";
import { createSampleVersion, type SampleVersion, startTrainer, type TrainerProcess } from "@headstart/trainer/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DaemonStatus } from "../src/daemon.ts";

let database: TestDatabase;
let dataDir: string;
let blobs: FsBlobStore;
let hub: RunEventHub;
let sample: SampleVersion;
let trainer: TrainerProcess;
const hogs: ChildProcess[] = [];

// 96 px, a few epochs with augmentation and fine-tuning: every kind of compute a run does, in seconds.
// Early stopping (on by default) is off: the tests count epochs.
const base = {
  inputSize: 96,
  batchSize: 8,
  epochs: 3,
  seed: 5,
  augmentation: { variants: 2 },
  earlyStoppingPatience: null,
} as const;
/** What the issue calls responsive: no callback on the main thread waits this long at p99. */
const P99_LIMIT_MS = 200;

beforeAll(async () => {
  database = await createTestDatabase();
  dataDir = await mkdtemp(path.join(os.tmpdir(), "headstart-trainer-responsive-"));
  blobs = createBlobStore(dataDir);
  hub = new RunEventHub({ db: database.prisma, connectionString: database.url });
  await hub.start();
  sample = await createSampleVersion(database.prisma, blobs, { train: 20, val: 8, test: 4 });
  trainer = await startTrainer("trainer-responsive", { databaseUrl: database.url, dataDir });
});

afterAll(async () => {
  stopHogs();
  trainer?.kill("SIGKILL");
  await trainer?.exited;
  await hub?.close();
  await database?.drop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

/** Busy processes, one per `count`, that take whole cores the way a build or a browser would. */
function startHogs(count: number): void {
  for (let i = 0; i < count; i++) {
    hogs.push(spawn(process.execPath, ["-e", "for (;;) {}"], { stdio: "ignore" }));
  }
}

function stopHogs(): void {
  for (const hog of hogs.splice(0)) hog.kill("SIGKILL");
}

async function enqueue(config: Record<string, unknown>): Promise<string> {
  const { id } = await enqueueRun(database.prisma, { ...sample, config: parseRunConfig({ ...base, ...config }) });
  return id;
}

async function nextEvent(events: AsyncIterator<RunEvent>, deadline: number): Promise<RunEvent> {
  const next = await Promise.race([
    events.next(),
    new Promise<null>((resolve) => setTimeout(() => resolve(null), Math.max(0, deadline - Date.now()))),
  ]);
  if (next === null || next.done) throw new Error("no run event arrived in time");
  return next.value;
}

function statusOf(event: RunEvent): RunStatus | null {
  return event.type === "state" ? event.run.status : event.type === "status" ? event.status : null;
}

/**
 * Follows a run to one of `until` while polling /healthz, so the endpoint the main thread serves is
 * exercised during the whole run; returns the slowest health answer seen.
 */
async function followRun(runId: string, until: RunStatus[], timeoutMs = 120_000): Promise<{ slowestHealthMs: number }> {
  const events = subscribeRunEvents(hub, { runId });
  let polling = true;
  let slowestHealthMs = 0;
  const poller = (async () => {
    while (polling) {
      const asked = performance.now();
      await trainer.health();
      slowestHealthMs = Math.max(slowestHealthMs, performance.now() - asked);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  })();
  try {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const status = statusOf(await nextEvent(events, deadline));
      if (status && until.includes(status)) break;
    }
  } finally {
    polling = false;
    await poller;
    await events.return!();
  }
  return { slowestHealthMs: Math.round(slowestHealthMs) };
}

function delayLine(label: string, health: DaemonStatus, slowestHealthMs: number): string {
  const { sinceStart, lastMinute } = health.eventLoopDelayMs!;
  return (
    `${label}: event-loop delay since start p50 ${sinceStart.p50} / p99 ${sinceStart.p99} / max ${sinceStart.max} ms, ` +
    `last minute p99 ${lastMinute.p99} / max ${lastMinute.max} ms; slowest /healthz answer ${slowestHealthMs} ms`
  );
}

describe("trainer main thread under training load", () => {
  it("keeps its event loop responsive while a run trains, fine-tunes and evaluates", async () => {
    const runId = await enqueue({ fineTuneBlocks: 1, fineTuneEpochs: 2, fineTuneLearningRate: 0.0001 });
    const { slowestHealthMs } = await followRun(runId, ["SUCCEEDED", "FAILED"]);
    const run = await database.prisma.run.findUniqueOrThrow({ where: { id: runId }, include: { epochs: true } });
    expect(run.error).toBeNull();
    expect(run).toMatchObject({ status: "SUCCEEDED", attempt: 1 });
    expect(run.epochs).toHaveLength(5);

    const health = await trainer.health();
    console.log(delayLine("idle machine", health, slowestHealthMs));
    // The trainer started just before this test: "since start" is this run plus its start-up.
    expect(health.eventLoopDelayMs!.sinceStart.samples).toBeGreaterThan(100);
    expect(health.eventLoopDelayMs!.sinceStart.p99).toBeLessThan(P99_LIMIT_MS);
    expect(health.eventLoopDelayMs!.lastMinute.p99).toBeLessThan(P99_LIMIT_MS);
  });

  it("with two CPU hogs beside it, heartbeats keep the lease, the loop stays responsive and cancel stops within a batch", async () => {
    startHogs(2);
    try {
      const runId = await enqueue({ seed: 6, epochs: 4 });
      const { slowestHealthMs } = await followRun(runId, ["SUCCEEDED", "FAILED"]);
      const run = await database.prisma.run.findUniqueOrThrow({ where: { id: runId }, include: { epochs: true } });
      // Attempt 1: no requeue, so the 3-s heartbeat timeout of these tests was never missed.
      expect(run.error).toBeNull();
      expect(run).toMatchObject({ status: "SUCCEEDED", attempt: 1 });
      expect(run.epochs).toHaveLength(4);
      expect(trainer.output()).not.toMatch(/lease-lost|lease lost|Reaped run|database write failed/);

      const health = await trainer.health();
      console.log(delayLine("2 CPU hogs", health, slowestHealthMs));
      expect(health.eventLoopDelayMs!.lastMinute.p99).toBeLessThan(P99_LIMIT_MS);

      // Cancel still reaches the worker's training loop within one batch.
      const long = await enqueue({ seed: 8, epochs: 500, batchSize: 4, augmentation: null });
      const events = subscribeRunEvents(hub, { runId: long });
      try {
        const deadline = Date.now() + 60_000;
        while ((await nextEvent(events, deadline)).type !== "epoch");
        const asked = Date.now();
        expect(await requestCancel(database.prisma, long)).toBe("CANCEL_REQUESTED");
        while (statusOf(await nextEvent(events, Date.now() + 10_000)) !== "CANCELLED");
        const stoppedAfterMs = Date.now() - asked;
        console.log(`2 CPU hogs: cancel took effect after ${stoppedAfterMs} ms`);
        // A batch of 4 vectors takes milliseconds; the bound leaves room for the hogs.
        expect(stoppedAfterMs).toBeLessThan(3000);
      } finally {
        await events.return!();
      }
      const cancelled = await database.prisma.run.findUniqueOrThrow({ where: { id: long }, include: { epochs: true } });
      expect(cancelled.status).toBe("CANCELLED");
      expect(cancelled.epochs.length).toBeLessThan(500);
    } finally {
      stopHogs();
    }
  });
});

describe("a trainer with two compute workers", () => {
  it("trains two runs at once, one per worker, each exactly once", async () => {
    // startTrainer passes this process's environment on to the daemon.
    process.env.TRAINER_COMPUTE_WORKERS = "2";
    let pair: TrainerProcess;
    try {
      pair = await startTrainer("trainer-pair", { databaseUrl: database.url, dataDir });
    } finally {
      delete process.env.TRAINER_COMPUTE_WORKERS;
    }
    try {
      expect((await pair.health()).computeWorkers).toEqual({ size: 2, busy: 0 });
      // The single-worker trainer of the tests above would compete for these runs: stop it first.
      trainer.kill("SIGTERM");
      await trainer.exited;
      const ids = [
        await enqueue({ seed: 31, epochs: 6, augmentation: null }),
        await enqueue({ seed: 32, epochs: 6, augmentation: null }),
      ];
      let sawBoth = false;
      for (const id of ids) {
        const events = subscribeRunEvents(hub, { runId: id });
        try {
          const deadline = Date.now() + 120_000;
          for (;;) {
            const health = await pair.health();
            if (health.runIds.length === 2) sawBoth = true;
            const status = statusOf(await nextEvent(events, deadline));
            if (status === "SUCCEEDED" || status === "FAILED") break;
          }
        } finally {
          await events.return!();
        }
      }
      const runs = await database.prisma.run.findMany({ where: { id: { in: ids } } });
      expect(runs.map((r) => [r.status, r.attempt, r.workerId])).toEqual(
        ids.map(() => ["SUCCEEDED", 1, "trainer-pair"]),
      );
      // Both held a lease at the same time: the second started before the first finished.
      const [a, b] = ids.map((id) => runs.find((r) => r.id === id)!);
      expect(b!.startedAt!.getTime()).toBeLessThan(a!.finishedAt!.getTime());
      expect(sawBoth).toBe(true);
      expect(pair.output().match(/compute worker \d: tfjs backend/g)).toHaveLength(2);
    } catch (error) {
      console.log(pair.output());
      throw error;
    } finally {
      pair.kill("SIGKILL");
      await pair.exited;
    }
  });
});
