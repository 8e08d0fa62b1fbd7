// A trainer restarted under its own TRAINER_ID (npm start's supervisor after kill -9) takes back the
// run its previous process held at start-up, instead of waiting for the reaper's 30-s heartbeat
// timeout; and it leaves alone a run that another live process under the same id still heartbeats.

import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { createTestDatabase, type TestDatabase } from "@headstart/db/testing";
import {
  claimNextRun,
  enqueueRun,
  heartbeat,
  parseRunConfig,
  RunEventHub,
  reclaimRunsOfRestartedWorker,
  requestCancel,
  subscribeRunEvents,
} from "@headstart/runs";
import { createBlobStore } from "@headstart/storage";
import { createSampleVersion, type SampleVersion, startTrainer, type TrainerProcess } from "@headstart/trainer/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

let database: TestDatabase;
let dataDir: string;
let hub: RunEventHub;
let sample: SampleVersion;
const trainers: TrainerProcess[] = [];

const base = { inputSize: 96, batchSize: 4, seed: 31, augmentation: null, earlyStoppingPatience: null } as const;

beforeAll(async () => {
  database = await createTestDatabase();
  dataDir = await mkdtemp(path.join(os.tmpdir(), "headstart-trainer-restart-"));
  hub = new RunEventHub({ db: database.prisma, connectionString: database.url });
  await hub.start();
  sample = await createSampleVersion(database.prisma, createBlobStore(dataDir), { train: 20, val: 8, test: 4 });
});

afterAll(async () => {
  for (const trainer of trainers) trainer.kill("SIGKILL");
  await Promise.all(trainers.map((t) => t.exited));
  await hub?.close();
  await database?.drop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

async function enqueue(config: Record<string, unknown>): Promise<string> {
  const { id } = await enqueueRun(database.prisma, { ...sample, config: parseRunConfig({ ...base, ...config }) });
  return id;
}

describe("a trainer restarted under the same TRAINER_ID", () => {
  it("only takes back runs whose heartbeat is older than the given age", async () => {
    const db = database.prisma;
    const runId = await enqueue({ epochs: 1 });
    const lease = (await claimNextRun(db, "trainer-q"))!;
    expect(lease.runId).toBe(runId);
    expect(await reclaimRunsOfRestartedWorker(db, "trainer-q", { staleAfterMs: 2000 })).toEqual([]);
    await db.$executeRawUnsafe(
      `UPDATE "Run" SET "heartbeatAt" = now() - interval '3 seconds' WHERE id = $1::uuid`,
      runId,
    );
    // Another id's runs are never touched.
    expect(await reclaimRunsOfRestartedWorker(db, "trainer-other", { staleAfterMs: 2000 })).toEqual([]);
    const [taken] = await reclaimRunsOfRestartedWorker(db, "trainer-q", { staleAfterMs: 2000 });
    expect(taken).toMatchObject({ runId, status: "QUEUED", attempt: 1 });
    expect(taken!.error).toMatch(/Trainer trainer-q stopped \(it restarted\) during attempt 1 of 3; requeued/);
    await requestCancel(db, runId);
  });

  it("leaves a run alone that another live process with the same id keeps heartbeating", async () => {
    const db = database.prisma;
    const runId = await enqueue({ epochs: 1 });
    const lease = (await claimNextRun(db, "trainer-dup"))!;
    // The other "process": beats every 200 ms, well inside the trainer's 500-ms interval.
    const beats = setInterval(() => void heartbeat(db, lease).catch(() => undefined), 200);
    try {
      // A 10-s lease, so the reaper cannot take the run either while the test looks.
      const trainer = await startTrainer("trainer-dup", {
        databaseUrl: database.url,
        dataDir,
        heartbeatTimeoutMs: 10_000,
      });
      trainers.push(trainer);
      await trainer.waitForOutput(/another live process uses the same TRAINER_ID/, 30_000);
      expect(await db.run.findUniqueOrThrow({ where: { id: runId } })).toMatchObject({
        status: "RUNNING",
        workerId: "trainer-dup",
        attempt: 1,
      });
      await trainer.stop();
    } finally {
      clearInterval(beats);
    }
    await requestCancel(db, runId);
  });

  it("after kill -9, takes back its run at start-up and resumes it well within the 30-s heartbeat timeout", async () => {
    const db = database.prisma;
    // Production lease timing (5-s beats, 30-s timeout): the reaper cannot be what brings the run back.
    const env = { databaseUrl: database.url, dataDir, timing: "daemon-defaults" } as const;
    const victim = await startTrainer("trainer-r", env);
    trainers.push(victim);
    const runId = await enqueue({ epochs: 25 });
    const events = subscribeRunEvents(hub, { runId });
    try {
      for (;;) {
        const { value } = await events.next();
        if (value?.type === "epoch" && value.metric.epoch >= 3) break;
      }
    } finally {
      await events.return!();
    }
    const killedAt = Date.now();
    victim.kill("SIGKILL");
    expect((await victim.exited).signal).toBe("SIGKILL");
    const before = await db.epochMetric.findMany({ where: { runId }, orderBy: { epoch: "asc" } });
    expect(before.length).toBeLessThan(25);

    const restarted = await startTrainer("trainer-r", env);
    trainers.push(restarted);
    const startedAfterMs = Date.now() - killedAt;
    await restarted.waitForOutput(new RegExp(`run ${runId}: taken back from this trainer's previous process`), 30_000);
    const resumed = await restarted.waitForOutput(
      new RegExp(`run ${runId}: resuming after epoch (\\d+) \\(attempt 2\\)`),
      30_000,
    );
    const resumedAfterMs = Date.now() - killedAt;
    console.info(
      `kill -9 → restarted trainer polling after ${(startedAfterMs / 1000).toFixed(1)} s, ` +
        `run resumed after ${(resumedAfterMs / 1000).toFixed(1)} s`,
    );
    expect(resumedAfterMs).toBeLessThan(30_000);
    expect(Number(resumed[1])).toBeGreaterThanOrEqual(before.length - 1);

    await restarted.waitForOutput(new RegExp(`run ${runId}: SUCCEEDED;`), 180_000);
    const run = await db.run.findUniqueOrThrow({ where: { id: runId } });
    expect(run).toMatchObject({ status: "SUCCEEDED", attempt: 2, workerId: "trainer-r", error: null });
    const after = await db.epochMetric.findMany({ where: { runId }, orderBy: { epoch: "asc" } });
    expect(after.map((m) => m.epoch)).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
    // The epochs the killed process checkpointed were kept, not trained again.
    const kept = before.filter((m) => m.epoch <= Number(resumed[1]));
    expect(after.filter((m) => m.epoch <= Number(resumed[1])).map((m) => m.id)).toEqual(kept.map((m) => m.id));
  });
});
