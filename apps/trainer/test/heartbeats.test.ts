// Heartbeats go through a pg pool of their own, so a Prisma pool busy with long transactions (a
// run's finishing write, a busy API) cannot hold a beat past the lease timeout; and the database
// retry helpers tell passing failures from real ones and log a streak once.

import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { createTestDatabase, type TestDatabase } from "@headstart/db/testing";
import {
  claimNextRun,
  enqueueRun,
  heartbeat,
  LeaseHeartbeats,
  LeaseLostError,
  parseRunConfig,
  type RunLease,
  requestCancel,
} from "@headstart/runs";
import { createBlobStore } from "@headstart/storage";
import { createSampleVersion, type SampleVersion } from "@headstart/trainer/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FailureStreak, isTransientDatabaseError, retryTransient } from "../src/db-retry.ts";

let database: TestDatabase;
let dataDir: string;
let sample: SampleVersion;
let heartbeats: LeaseHeartbeats;

beforeAll(async () => {
  database = await createTestDatabase();
  dataDir = await mkdtemp(path.join(os.tmpdir(), "headstart-trainer-heartbeats-"));
  sample = await createSampleVersion(database.prisma, createBlobStore(dataDir), { train: 2, val: 1, test: 1 });
  heartbeats = new LeaseHeartbeats({ connectionString: database.url, timeoutMs: 2000 });
});

afterAll(async () => {
  await heartbeats?.close();
  await database?.drop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

async function claimOne(workerId: string): Promise<RunLease> {
  await enqueueRun(database.prisma, { ...sample, config: parseRunConfig({ inputSize: 96, seed: 1 }) });
  const lease = await claimNextRun(database.prisma, workerId);
  if (!lease) throw new Error("no run to claim");
  return lease;
}

async function timed<T>(work: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const started = performance.now();
  const value = await work();
  return { value, ms: performance.now() - started };
}

describe("LeaseHeartbeats", () => {
  it("beats in milliseconds while every Prisma connection is held by a long transaction", async () => {
    const lease = await claimOne("trainer-hb");
    const db = database.prisma;
    // More long transactions than the Prisma pool has connections: everything else through it queues.
    const hold = Array.from({ length: 16 }, () =>
      db.$transaction(async (tx) => tx.$queryRawUnsafe("SELECT 1 AS slept FROM pg_sleep(2)"), {
        timeout: 30_000,
        maxWait: 30_000,
      }),
    );
    // Held as settled results, so a failure among them is reported by the assertion below, not as unhandled.
    const settled = Promise.allSettled(hold);
    try {
      await new Promise((resolve) => setTimeout(resolve, 300));
      const own = await timed(() => heartbeats.beat(lease));
      const throughPrisma = await timed(() => heartbeat(db, lease));
      console.log(
        `heartbeat with the Prisma pool saturated: own pool ${own.ms.toFixed(0)} ms, through Prisma ${throughPrisma.ms.toFixed(0)} ms`,
      );
      expect(own.value).toEqual({ cancelRequested: false });
      expect(own.ms).toBeLessThan(1000);
      // The reason for the separate pool: the same statement through Prisma waited behind the transactions.
      expect(throughPrisma.ms).toBeGreaterThan(own.ms);
    } finally {
      const results = await settled;
      expect(results.filter((r) => r.status === "rejected")).toEqual([]);
    }
  });

  it("reports a cancel, refuses a lost lease, and reconnects after its connection is killed", async () => {
    const lease = await claimOne("trainer-hb-2");
    await requestCancel(database.prisma, lease.runId);
    expect(await heartbeats.beat(lease)).toEqual({ cancelRequested: true });

    // The server ends the pooled connection (a restart, an admin, an idle timeout).
    await database.prisma.$queryRawUnsafe(
      "SELECT pg_terminate_backend(pid) AS ended FROM pg_stat_activity WHERE application_name = 'headstart-heartbeats'",
    );
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await heartbeats.beat(lease)).toEqual({ cancelRequested: true });

    await database.prisma.run.update({ where: { id: lease.runId }, data: { status: "QUEUED", workerId: null } });
    await expect(heartbeats.beat(lease)).rejects.toBeInstanceOf(LeaseLostError);
  });
});

describe("database retries", () => {
  const prismaError = (code: string, message: string) => Object.assign(new Error(message), { code });

  it("retries what a reconnect or a free pool slot fixes, and nothing else", () => {
    expect(isTransientDatabaseError(prismaError("P2028", "Transaction API error: Unable to start a transaction"))).toBe(
      true,
    );
    expect(isTransientDatabaseError(prismaError("P2024", "Timed out fetching a new connection"))).toBe(true);
    expect(isTransientDatabaseError(prismaError("57P01", "terminating connection due to administrator command"))).toBe(
      true,
    );
    expect(isTransientDatabaseError(prismaError("ECONNREFUSED", "connect ECONNREFUSED 127.0.0.1:5432"))).toBe(true);
    expect(isTransientDatabaseError(new Error("Connection terminated unexpectedly"))).toBe(true);
    expect(isTransientDatabaseError(prismaError("P2002", "Unique constraint failed"))).toBe(false);
    expect(
      isTransientDatabaseError(
        new LeaseLostError({ runId: "r", teamId: "t", workerId: "w", attempt: 1, maxAttempts: 3 }),
      ),
    ).toBe(false);
    expect(isTransientDatabaseError("P2028")).toBe(false);
  });

  it("retries with backoff, logging the streak once when it starts and once when it ends", async () => {
    const lines: string[] = [];
    let calls = 0;
    const value = await retryTransient(
      async () => {
        calls += 1;
        if (calls < 4) throw prismaError("P2028", "Unable to start a transaction in the given time.");
        return "written";
      },
      { what: "recording epoch 3", log: (line) => lines.push(line), firstDelayMs: 5 },
    );
    expect(value).toBe("written");
    expect(calls).toBe(4);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(
      /^recording epoch 3 failed \(Unable to start a transaction in the given time\.\); retrying/,
    );
    expect(lines[1]).toMatch(/^recording epoch 3 works again after 3 failed tries over \d+\.\d s$/);

    // A real error is thrown at once, without a retry.
    let tries = 0;
    await expect(
      retryTransient(
        async () => {
          tries += 1;
          throw prismaError("P2002", "Unique constraint failed");
        },
        { what: "x", log: () => undefined },
      ),
    ).rejects.toThrow("Unique constraint failed");
    expect(tries).toBe(1);
  });

  it("a streak is one line however long it lasts", () => {
    const lines: string[] = [];
    const streak = new FailureStreak("run r: heartbeat", (line) => lines.push(line));
    for (let i = 0; i < 50; i++) streak.failed(new Error("Connection terminated"), "retrying");
    expect(lines).toEqual(["run r: heartbeat failed (Connection terminated); retrying"]);
    streak.succeeded();
    streak.succeeded();
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatch(/^run r: heartbeat works again after 50 failed tries/);
  });
});
