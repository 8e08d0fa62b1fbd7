// The progress throttle against a real database: within a stage the latest snapshot wins, but no
// stage is dropped for the next one, however fast the stages pass. A head that trained within the
// throttle interval used to show no "training" at all on a busy machine (daemon.test saw that once).
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { createTestDatabase, type TestDatabase } from "@headstart/db/testing";
import {
  claimNextRun,
  type Db,
  enqueueRun,
  type LeaseHeartbeats,
  parseRunConfig,
  type RunEvent,
  RunEventHub,
  type RunLease,
  subscribeRunEvents,
} from "@headstart/runs";
import { createBlobStore } from "@headstart/storage";
import { createSampleVersion } from "@headstart/trainer/testing";
import { afterAll, beforeAll, expect, it } from "vitest";
import { RunSession } from "../src/run-session.ts";

let database: TestDatabase;
let dataDir: string;
let hub: RunEventHub;
let lease: RunLease;

beforeAll(async () => {
  database = await createTestDatabase();
  dataDir = await mkdtemp(path.join(os.tmpdir(), "headstart-progress-test-"));
  hub = new RunEventHub({ db: database.prisma, connectionString: database.url });
  await hub.start();
  const sample = await createSampleVersion(database.prisma, createBlobStore(dataDir), { train: 2, val: 2, test: 0 });
  await enqueueRun(database.prisma, { ...sample, config: parseRunConfig({ inputSize: 96, epochs: 1 }) });
  const claimed = await claimNextRun(database.prisma as unknown as Db, "trainer-progress");
  if (!claimed) throw new Error("the queued run was not claimed");
  lease = claimed;
});

afterAll(async () => {
  await hub?.close();
  await database?.drop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

it("writes the latest snapshot of every stage, in order, even when stages pass within one interval", async () => {
  const events = subscribeRunEvents(hub, { runId: lease.runId });
  // The subscription starts with the run's current state: once that arrived, live events are heard.
  const initial = await events.next();
  expect(initial.done ? null : initial.value.type).toBe("state");
  const session = new RunSession({
    db: database.prisma as unknown as Db,
    heartbeats: {} as LeaseHeartbeats, // start() is not called: no heartbeats here
    hub,
    lease,
    heartbeatIntervalMs: 60_000,
    progressIntervalMs: 60_000,
    log: () => undefined,
  });
  // Consumed as they come: the hub hands a slow consumer only the latest progress of a run.
  const seen: RunEvent[] = [];
  const collecting = (async () => {
    while (seen.length < 4) {
      const next = await Promise.race([
        events.next(),
        new Promise<null>((resolve) => setTimeout(() => resolve(null), 10_000)),
      ]);
      if (next === null || next.done) return;
      if (next.value.type === "progress") seen.push(next.value);
    }
  })();
  session.progress({ stage: "embedding", pass: "images", done: 1, total: 4 });
  session.progress({ stage: "embedding", pass: "images", done: 4, total: 4 });
  for (let batch = 1; batch <= 3; batch++)
    session.progress({ stage: "training", phase: "head", epoch: 1, epochs: 1, batch, batches: 3 });
  session.progress({ stage: "evaluating", step: "validation", done: 2, total: 2 });
  await session.flushProgress();
  await collecting;
  await events.return!();
  await session.stop();

  const progress = seen.flatMap((event) => (event.type === "progress" ? [event.progress] : []));
  // The first embedding snapshot goes out at once (nothing was written yet); then the throttle holds,
  // and each later stage's last snapshot follows in order without waiting the 60 s interval.
  expect(progress).toEqual([
    { stage: "embedding", pass: "images", done: 1, total: 4 },
    { stage: "embedding", pass: "images", done: 4, total: 4 },
    { stage: "training", phase: "head", epoch: 1, epochs: 1, batch: 3, batches: 3 },
    { stage: "evaluating", step: "validation", done: 2, total: 2 },
  ]);
  const row = await database.prisma.run.findUniqueOrThrow({ where: { id: lease.runId } });
  expect(row.progress).toEqual({ stage: "evaluating", step: "validation", done: 2, total: 2 });
});
