// The setup the AUTO run's model tests and the run-config test share: a database of their own, a data
// folder with its blob store, the sample version, and a real trainer daemon that trains runs on them
// (killed at the end if still running). For the AUTO tests it also trains member/child runs to their
// end and then claims an AUTO parent as the trainer holding it would, so the test alone holds it.
// Registers its own beforeAll/afterAll; call it once at the top of a test file.

import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { createTestDatabase, type TestDatabase } from "@headstart/db/testing";
import { claimNextRun, enqueueRun, parseRunConfig, type RunConfig, type RunLease } from "@headstart/runs";
import { createBlobStore, type FsBlobStore } from "@headstart/storage";
import { createSampleVersion, type SampleVersion, startTrainer, type TrainerProcess } from "@headstart/trainer/testing";
import { afterAll, beforeAll, expect } from "vitest";

export interface TrainerFixtureOptions {
  /** Prefix of the temporary data folder's name. */
  dataDirPrefix: string;
  /** Images per split per label of the sample version. */
  sample: { train: number; val: number; test: number };
}

type FinishedRun = Awaited<ReturnType<TestDatabase["prisma"]["run"]["findUniqueOrThrow"]>>;

export interface TrainerFixture {
  readonly database: TestDatabase;
  readonly prisma: TestDatabase["prisma"];
  readonly dataDir: string;
  readonly blobs: FsBlobStore;
  readonly sample: SampleVersion;
  /** A real daemon (production lease timing) on this database and data folder. */
  startTrainer(id: string): Promise<TrainerProcess>;
  /** Kills the daemon, if one runs, and waits until it is gone. */
  stopTrainer(): Promise<void>;
  /**
   * Enqueues these runs of the sample version, has a daemon train them until each has ended
   * (SUCCEEDED, FAILED or CANCELLED) and stops it, so the runs a test claims next are its alone.
   * Returns the runs as they ended, in the order given.
   */
  trainRuns(
    trainerId: string,
    runs: Array<{ config: RunConfig; name: string }>,
    timeoutMs: number,
  ): Promise<FinishedRun[]>;
  /** Enqueues an AUTO parent run and claims it, as the trainer holding an AUTO run would. */
  claimAutoParent(workerId: string): Promise<{ parentId: string; lease: RunLease }>;
}

export function useTrainerFixture(options: TrainerFixtureOptions): TrainerFixture {
  let database: TestDatabase | undefined;
  let dataDir: string | undefined;
  let blobs: FsBlobStore | undefined;
  let sample: SampleVersion | undefined;
  let trainer: TrainerProcess | null = null;

  const ready = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`the trainer fixture's ${what} is set up in beforeAll`);
    return value;
  };

  beforeAll(async () => {
    database = await createTestDatabase();
    dataDir = await mkdtemp(path.join(os.tmpdir(), options.dataDirPrefix));
    blobs = createBlobStore(dataDir);
    sample = await createSampleVersion(database.prisma, blobs, options.sample);
  });

  afterAll(async () => {
    trainer?.kill("SIGKILL");
    await trainer?.exited;
    await database?.drop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  const fixture: TrainerFixture = {
    get database() {
      return ready(database, "database");
    },
    get prisma() {
      return ready(database, "database").prisma;
    },
    get dataDir() {
      return ready(dataDir, "data folder");
    },
    get blobs() {
      return ready(blobs, "blob store");
    },
    get sample() {
      return ready(sample, "sample version");
    },
    async startTrainer(id) {
      trainer = await startTrainer(id, {
        databaseUrl: fixture.database.url,
        dataDir: fixture.dataDir,
        timing: "daemon-defaults",
      });
      return trainer;
    },
    async stopTrainer() {
      const running = trainer;
      if (!running) return;
      running.kill("SIGKILL");
      await running.exited;
      trainer = null;
    },
    async trainRuns(trainerId, runs, timeoutMs) {
      const { prisma } = fixture;
      const ids: string[] = [];
      for (const { config, name } of runs) ids.push((await enqueueRun(prisma, { ...fixture.sample, config, name })).id);
      const daemon = await fixture.startTrainer(trainerId);
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const ended = await prisma.run.findMany({ where: { id: { in: ids } } });
        if (ended.every((run) => ["SUCCEEDED", "FAILED", "CANCELLED"].includes(run.status))) {
          await fixture.stopTrainer();
          return ids.map((id) => ended.find((run) => run.id === id)!);
        }
        if (Date.now() > deadline) throw new Error(`the runs did not finish\n${daemon.output().slice(-3000)}`);
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
    },
    async claimAutoParent(workerId) {
      const { prisma } = fixture;
      const config = parseRunConfig({ strategy: "AUTO", auto: { budgetSeconds: 60 }, seed: 3 });
      const { id: parentId } = await enqueueRun(prisma, { ...fixture.sample, config, name: "parent" });
      const lease = await claimNextRun(prisma, workerId);
      expect(lease?.runId).toBe(parentId);
      return { parentId, lease: lease! };
    },
  };
  return fixture;
}
