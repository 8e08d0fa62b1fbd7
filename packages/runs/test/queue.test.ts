import { createTestDatabase, type TestDatabase } from "@headstart/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { latestCheckpoint, recordEpoch, reportProgress } from "../src/progress.ts";
import {
  claimNextRun,
  enqueueRun,
  finishRun,
  heartbeat,
  LeaseLostError,
  RunInputError,
  RunNotFoundError,
  reapExpiredRuns,
  releaseRun,
  requestCancel,
} from "../src/queue.ts";
import { createFixture, type Fixture, sleep, smallConfig } from "./fixtures.ts";

let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database?.drop();
});

async function freshQueue(): Promise<Fixture> {
  // Each test drains what it enqueues, but a failing one must not leak runs into the next.
  await database.prisma.run.updateMany({
    where: { status: { in: ["QUEUED", "RUNNING"] } },
    data: { status: "CANCELLED" },
  });
  return createFixture(database.prisma);
}

describe("run queue", () => {
  it("enqueues, claims the oldest run once, and ends it", async () => {
    const db = database.prisma;
    const fx = await freshQueue();
    const first = await enqueueRun(db, { ...fx, config: smallConfig, name: "first" });
    const second = await enqueueRun(db, { ...fx, config: smallConfig });
    expect((await db.run.findUniqueOrThrow({ where: { id: first.id } })).status).toBe("QUEUED");

    const lease = await claimNextRun(db, "trainer-a");
    expect(lease).toMatchObject({
      runId: first.id,
      teamId: fx.teamId,
      workerId: "trainer-a",
      attempt: 1,
      maxAttempts: 3,
    });
    const running = await db.run.findUniqueOrThrow({ where: { id: first.id } });
    expect(running).toMatchObject({ status: "RUNNING", workerId: "trainer-a", attempt: 1 });
    expect(running.heartbeatAt).toBeInstanceOf(Date);
    expect(running.startedAt).toBeInstanceOf(Date);

    const other = await claimNextRun(db, "trainer-b");
    expect(other?.runId).toBe(second.id);
    expect(await claimNextRun(db, "trainer-c")).toBeNull();

    await finishRun(db, lease!, { status: "SUCCEEDED", metrics: { valAcc: 0.97 } });
    const done = await db.run.findUniqueOrThrow({ where: { id: first.id } });
    expect(done).toMatchObject({ status: "SUCCEEDED", metrics: { valAcc: 0.97 }, heartbeatAt: null });
    expect(done.finishedAt).toBeInstanceOf(Date);
    await finishRun(db, other!, { status: "FAILED", error: "dataset has no training images" });
    expect((await db.run.findUniqueOrThrow({ where: { id: second.id } })).error).toBe("dataset has no training images");
  });

  it("refuses a version that belongs to another dataset, naming the field", async () => {
    const fx = await freshQueue();
    const elsewhere = await createFixture(database.prisma);
    const attempt = enqueueRun(database.prisma, { ...fx, versionId: elsewhere.versionId, config: smallConfig });
    await expect(attempt).rejects.toBeInstanceOf(RunInputError);
    await expect(attempt).rejects.toMatchObject({ field: "versionId" });
    await expect(enqueueRun(database.prisma, { ...fx, config: smallConfig, maxAttempts: 0 })).rejects.toMatchObject({
      field: "maxAttempts",
    });
  });

  it("gives each of many runs to exactly one of several concurrent claimers", async () => {
    const db = database.prisma;
    const fx = await freshQueue();
    const ids = new Set<string>();
    for (let i = 0; i < 12; i++) ids.add((await enqueueRun(db, { ...fx, config: smallConfig })).id);

    const claimed: string[] = [];
    const worker = async (name: string) => {
      for (;;) {
        const lease = await claimNextRun(db, name);
        if (!lease) return;
        claimed.push(lease.runId);
        await finishRun(db, lease, { status: "SUCCEEDED", metrics: null });
      }
    };
    await Promise.all(["w1", "w2", "w3", "w4"].map(worker));
    expect(claimed.length).toBe(12);
    expect(new Set(claimed)).toEqual(ids);
    const attempts = await db.run.findMany({ where: { id: { in: [...ids] } }, select: { attempt: true } });
    expect(attempts.every((r) => r.attempt === 1)).toBe(true);
  });

  it("requeues a run whose trainer stopped heartbeating, fences the old trainer, and fails it after maxAttempts", async () => {
    const db = database.prisma;
    const fx = await freshQueue();
    const { id } = await enqueueRun(db, { ...fx, config: smallConfig, maxAttempts: 2 });
    const first = (await claimNextRun(db, "dies"))!;
    expect(await heartbeat(db, first)).toEqual({ cancelRequested: false });

    expect(await reapExpiredRuns(db, { heartbeatTimeoutMs: 60_000 })).toEqual([]);
    await sleep(300);
    const reaped = await reapExpiredRuns(db, { heartbeatTimeoutMs: 200 });
    expect(reaped).toEqual([
      expect.objectContaining({
        runId: id,
        status: "QUEUED",
        attempt: 1,
        error: expect.stringContaining("Trainer dies stopped responding"),
      }),
    ]);
    // The old trainer wakes up: every write it tries is refused.
    await expect(heartbeat(db, first)).rejects.toBeInstanceOf(LeaseLostError);
    await expect(
      recordEpoch(db, first, { epoch: 1, phase: "head", loss: 1, acc: 0.5, valLoss: null, valAcc: null, seconds: 1 }),
    ).rejects.toBeInstanceOf(LeaseLostError);
    await expect(finishRun(db, first, { status: "SUCCEEDED", metrics: {} })).rejects.toBeInstanceOf(LeaseLostError);
    expect(await db.epochMetric.count({ where: { runId: id } })).toBe(0);

    const second = (await claimNextRun(db, "dies-again"))!;
    expect(second).toMatchObject({ runId: id, attempt: 2 });
    await sleep(300);
    const final = await reapExpiredRuns(db, { heartbeatTimeoutMs: 200 });
    expect(final).toEqual([expect.objectContaining({ runId: id, status: "FAILED", attempt: 2 })]);
    const run = await db.run.findUniqueOrThrow({ where: { id } });
    expect(run.status).toBe("FAILED");
    expect(run.error).toMatch(/attempt 2 of 2; no attempts left/);
    expect(run.workerId).toBeNull();
    expect(await claimNextRun(db, "anyone")).toBeNull();
  });

  it("reaps each expired run once even when several reapers race", async () => {
    const db = database.prisma;
    const fx = await freshQueue();
    for (let i = 0; i < 4; i++) await enqueueRun(db, { ...fx, config: smallConfig });
    for (let i = 0; i < 4; i++) await claimNextRun(db, `t${i}`);
    await sleep(300);
    const results = await Promise.all([1, 2, 3].map(() => reapExpiredRuns(db, { heartbeatTimeoutMs: 200 })));
    expect(results.flat().length).toBe(4);
    expect(await db.run.count({ where: { teamId: fx.teamId, status: "QUEUED", attempt: 1 } })).toBe(4);
  });

  it("cancels a queued run at once and asks a running trainer to stop", async () => {
    const db = database.prisma;
    const fx = await freshQueue();
    const queued = await enqueueRun(db, { ...fx, config: smallConfig });
    const running = await enqueueRun(db, { ...fx, config: smallConfig });
    expect(await requestCancel(db, queued.id)).toBe("CANCELLED");
    const lease = (await claimNextRun(db, "t"))!;
    expect(lease.runId).toBe(running.id);

    expect(await requestCancel(db, running.id)).toBe("CANCEL_REQUESTED");
    expect(await heartbeat(db, lease)).toEqual({ cancelRequested: true });
    expect(
      await reportProgress(db, lease, { stage: "training", phase: "head", epoch: 1, epochs: 2, batch: 3, batches: 8 }),
    ).toEqual({ cancelRequested: true });
    await finishRun(db, lease, { status: "CANCELLED" });

    expect((await db.run.findUniqueOrThrow({ where: { id: queued.id } })).status).toBe("CANCELLED");
    expect((await db.run.findUniqueOrThrow({ where: { id: running.id } })).status).toBe("CANCELLED");
    expect(await requestCancel(db, running.id)).toBe("ALREADY_FINISHED");
    await expect(requestCancel(db, "00000000-0000-4000-8000-000000000000")).rejects.toBeInstanceOf(RunNotFoundError);
  });

  it("a reaped run with a pending cancel ends CANCELLED, not requeued", async () => {
    const db = database.prisma;
    const fx = await freshQueue();
    const { id } = await enqueueRun(db, { ...fx, config: smallConfig });
    await claimNextRun(db, "t");
    await requestCancel(db, id);
    await sleep(300);
    expect(await reapExpiredRuns(db, { heartbeatTimeoutMs: 200 })).toEqual([
      expect.objectContaining({ runId: id, status: "CANCELLED" }),
    ]);
  });

  it("releases a run on graceful shutdown without spending an attempt", async () => {
    const db = database.prisma;
    const fx = await freshQueue();
    const { id } = await enqueueRun(db, { ...fx, config: smallConfig, maxAttempts: 1 });
    const lease = (await claimNextRun(db, "stopping"))!;
    expect(await releaseRun(db, lease)).toBe("QUEUED");
    expect(await db.run.findUniqueOrThrow({ where: { id } })).toMatchObject({
      status: "QUEUED",
      attempt: 0,
      workerId: null,
    });
    const again = (await claimNextRun(db, "next"))!;
    expect(again).toMatchObject({ runId: id, attempt: 1 });
    await requestCancel(db, id);
    expect(await releaseRun(db, again)).toBe("CANCELLED");
    await expect(releaseRun(db, again)).rejects.toBeInstanceOf(LeaseLostError);
  });

  it("stores one EpochMetric per epoch however often it is reported, with the checkpoint", async () => {
    const db = database.prisma;
    const fx = await freshQueue();
    const { id } = await enqueueRun(db, { ...fx, config: smallConfig });
    const lease = (await claimNextRun(db, "t"))!;
    const metric = { epoch: 1, phase: "head", loss: 0.7, acc: 0.6, valLoss: 0.65, valAcc: 0.62, seconds: 1.5 };
    await recordEpoch(db, lease, metric, { blobKey: "a".repeat(64), byteSize: 10, manifest: { epoch: 1 } });
    await recordEpoch(
      db,
      lease,
      { ...metric, loss: 0.69 },
      { blobKey: "b".repeat(64), byteSize: 12, manifest: { epoch: 1 } },
    );
    await recordEpoch(db, lease, { ...metric, epoch: 2, loss: 0.5 });
    const rows = await db.epochMetric.findMany({ where: { runId: id }, orderBy: { epoch: "asc" } });
    expect(rows.map((r) => [r.epoch, r.loss])).toEqual([
      [1, 0.69],
      [2, 0.5],
    ]);
    expect(await latestCheckpoint(db, id)).toEqual({ blobKey: "b".repeat(64), byteSize: 12, manifest: { epoch: 1 } });
    expect((await db.run.findUniqueOrThrow({ where: { id } })).currentEpoch).toBe(2);
    await expect(recordEpoch(db, lease, { ...metric, epoch: 0 })).rejects.toThrow(/start at 1/);
  });

  it("records an epoch's phase and null validation figures, no checkpoint unless given, and says when a cancel was asked for", async () => {
    const db = database.prisma;
    const fx = await freshQueue();
    const { id } = await enqueueRun(db, { ...fx, config: smallConfig });
    const lease = (await claimNextRun(db, "t"))!;
    const metric = {
      epoch: 1,
      phase: "fine-tune",
      loss: 0.25,
      acc: 0.75,
      valLoss: null,
      valAcc: null,
      seconds: 2,
    };
    expect(await recordEpoch(db, lease, metric)).toEqual({ cancelRequested: false });
    const row = await db.epochMetric.findUniqueOrThrow({ where: { runId_epoch: { runId: id, epoch: 1 } } });
    expect(row).toMatchObject({
      phase: "fine-tune",
      loss: 0.25,
      acc: 0.75,
      valLoss: null,
      valAcc: null,
      seconds: 2,
    });
    // No checkpoint given: none recorded.
    expect(await latestCheckpoint(db, id)).toBeNull();
    await requestCancel(db, id);
    expect(await recordEpoch(db, lease, { ...metric, epoch: 2 })).toEqual({ cancelRequested: true });
  });
});
