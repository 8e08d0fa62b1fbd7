// The chaos cases of issue 11, each against a running ChaosStack: break one
// thing for real, then check the outcome a user would care about, and report
// what was measured. Every wait is bounded; a case never throws for a failed
// check, it returns the problems it found.
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import {
  closeSync,
  existsSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  statfsSync,
  statSync,
  writeSync,
} from "node:fs";
import os from "node:os";
import path from "node:path";
import { sleep, waitFor } from "../lib/process-info.ts";
import {
  apiAnswers,
  createRun,
  duplicates,
  type Follower,
  followRun,
  recordedEpochs,
  runRow,
  type Team,
  uploadSample,
  waitForFinal,
} from "./client.ts";
import type { ChaosStack } from "./stack.ts";

export interface CaseContext {
  stack: ChaosStack;
  team: Team;
  versionId: string;
  log: (line: string) => void;
}

export interface CaseResult {
  id: number;
  name: string;
  status: "pass" | "fail" | "skip";
  seconds: number;
  measured: Record<string, unknown>;
  problems: string[];
}

export interface ChaosCase {
  id: number;
  name: string;
  /** Bound on the whole case; past it the case fails as timed out. */
  timeoutMs: number;
  /** Sets `measured.skipped` (why) when the case cannot run here. */
  run(ctx: CaseContext, measured: Record<string, unknown>, problem: (text: string) => void): Promise<void>;
}

const seconds = (ms: number) => Math.round(ms / 100) / 10;
const range = (n: number) => Array.from({ length: n }, (_, i) => i + 1);
const same = (a: number[], b: number[]) => a.length === b.length && a.every((x, i) => x === b[i]);

/** The npm start service name (trainer, trainer-2 …) behind a run's workerId (`<host>-<service>`). */
function serviceOfWorker(workerId: string): string {
  const match = /(trainer(?:-\d+)?)$/.exec(workerId);
  if (!match) throw new Error(`workerId ${workerId} does not name an npm start trainer slot.`);
  return match[1]!;
}

/** Calls `probe` every `stepMs` until it returns a value (returned) or `timeoutMs` passes (undefined). */
async function pollFor<T>(
  probe: () => Promise<T | undefined>,
  timeoutMs: number,
  stepMs: number,
): Promise<T | undefined> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    await sleep(stepMs);
  }
  return undefined;
}

/** Waits until the run has recorded at least `epochs` epochs while RUNNING; the epochs then, or undefined. */
async function waitForEpochs(ctx: CaseContext, runId: string, epochs: number, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const recorded = await recordedEpochs(ctx.stack, runId).catch(() => []);
    if (recorded.length >= epochs) return recorded;
    await sleep(100);
  }
  return undefined;
}

async function settleFollowers(followers: Follower[], timeoutMs: number): Promise<void> {
  await Promise.race([Promise.all(followers.map((f) => f.done)), sleep(timeoutMs)]);
  await Promise.all(followers.map((f) => f.dispose()));
}

function checkFollowers(
  followers: Follower[],
  expected: number[],
  measured: Record<string, unknown>,
  problem: (t: string) => void,
) {
  const missing = followers.map((f) => expected.filter((epoch) => !f.seen.has(epoch)));
  const dups = followers.map((f) => duplicates(f.epochEvents));
  measured.subscribers = followers.length;
  measured.subscribersMissingEpochs = missing.filter((m) => m.length > 0).length;
  measured.duplicateEpochEvents = dups.reduce((sum, d) => sum + d.length, 0);
  measured.subscriberErrors = followers.filter((f) => f.error).length;
  const incomplete = missing.findIndex((m) => m.length > 0);
  if (incomplete >= 0)
    problem(
      `${measured.subscribersMissingEpochs} of ${followers.length} subscribers missed epochs (subscriber ${incomplete}: ${missing[incomplete]!.join(", ")})`,
    );
  const dupIndex = dups.findIndex((d) => d.length > 0);
  if (dupIndex >= 0) problem(`subscriber ${dupIndex} got epoch(s) ${dups[dupIndex]!.join(", ")} twice as EPOCH events`);
  const errored = followers.find((f) => f.error);
  if (errored) problem(`a subscription ended with an error: ${errored.error}`);
}

/** (2) kill -9 of the trainer that holds a run, mid-run. */
export const trainerKill: ChaosCase = {
  id: 2,
  name: "trainer kill -9 mid-epoch",
  timeoutMs: 240_000,
  async run(ctx, measured, problem) {
    const { stack } = ctx;
    const epochs = 25;
    // Early stopping off: the case counts one EpochMetric per epoch up to `epochs`.
    const runId = await createRun(ctx.team, ctx.versionId, "chaos-trainer-kill", {
      epochs,
      seed: 31,
      earlyStoppingPatience: null,
    });
    const before = await waitForEpochs(ctx, runId, 2, 120_000);
    if (!before) return problem("the run did not record 2 epochs within 120 s");
    const row = await runRow(stack, runId);
    if (row.status !== "RUNNING" || !row.workerId) return problem(`the run was ${row.status} before the kill`);
    const service = serviceOfWorker(row.workerId);
    const mark = stack.lines.length;
    const killedAt = Date.now();
    process.kill(stack.pidOf(service), "SIGKILL");
    measured.killedDuring = row.progress;
    measured.epochsBeforeKill = (await recordedEpochs(stack, runId)).length;
    const restarted = await stack.waitForLine(new RegExp(`\\[start\\]\\s+${service} restarted`), 60_000, mark);
    measured.supervisorRestartSeconds = restarted ? seconds(restarted.at - killedAt) : null;
    if (!restarted) problem(`npm start did not restart ${service} within 60 s`);
    if (!stack.has(new RegExp(`${service} exited unexpectedly \\(signal SIGKILL\\)`)))
      problem(`npm start did not log ${service}'s exit with SIGKILL`);
    const resumePattern = new RegExp(`run ${runId}: resuming after epoch (\\d+) \\(attempt 2\\)`);
    const resumed = await stack.waitForLine(resumePattern, 90_000, mark);
    const resumeSeconds = resumed ? seconds(resumed.at - killedAt) : null;
    measured.resumeSeconds = resumeSeconds;
    measured.resumedAfterEpoch = resumed ? Number(resumePattern.exec(resumed.text)![1]) : null;
    if (!resumed) problem("no trainer resumed the run (attempt 2) within 90 s of the kill");
    else if (resumeSeconds! > 30)
      problem(
        `the run resumed ${resumeSeconds} s after the kill, over the 30 s bound: a restarted trainer waits for the reaper (heartbeat timeout 30 s + its interval) instead of taking back the run its own TRAINER_ID held`,
      );
    const [final] = await waitForFinal(stack, [runId], 120_000);
    measured.status = final!.status;
    measured.attempt = final!.attempt;
    if (final!.status !== "SUCCEEDED") problem(`the run ended ${final!.status}: ${final!.error ?? "no error"}`);
    const recorded = await recordedEpochs(stack, runId);
    measured.epochMetrics = recorded.length;
    if (!same(recorded, range(epochs)))
      problem(`EpochMetric rows are not exactly one per epoch 1..${epochs}: ${recorded.join(",")}`);
  },
};

/** (4) three trainers, twenty queued runs: each executed exactly once. */
export const queueOfTwenty: ChaosCase = {
  id: 4,
  name: "3 trainers, 20 queued runs",
  timeoutMs: 600_000,
  async run(ctx, measured, problem) {
    const { stack } = ctx;
    const mark = stack.lines.length;
    const started = Date.now();
    const ids: string[] = [];
    for (let i = 0; i < 20; i++)
      ids.push(await createRun(ctx.team, ctx.versionId, `chaos-queue-${i}`, { epochs: 2, seed: 100 + i }));
    const finals = await waitForFinal(stack, ids, 540_000);
    measured.seconds = seconds(Date.now() - started);
    const byStatus: Record<string, number> = {};
    for (const row of finals) byStatus[row.status] = (byStatus[row.status] ?? 0) + 1;
    measured.statuses = byStatus;
    const perTrainer: Record<string, number> = {};
    for (const row of finals)
      if (row.workerId)
        perTrainer[serviceOfWorker(row.workerId)] = (perTrainer[serviceOfWorker(row.workerId)] ?? 0) + 1;
    measured.runsPerTrainer = perTrainer;
    const notOnce: string[] = [];
    for (const row of finals) {
      const starts = stack.matching(new RegExp(`run ${row.id}: attempt \\d+ of \\d+ started`), mark);
      const epochs = await recordedEpochs(stack, row.id);
      if (row.status !== "SUCCEEDED" || row.attempt !== 1 || starts.length !== 1 || !same(epochs, [1, 2]))
        notOnce.push(
          `${row.id}: ${row.status}, attempt ${row.attempt}, ${starts.length} starts, epochs [${epochs.join(",")}]`,
        );
    }
    measured.executedExactlyOnce = finals.length - notOnce.length;
    if (notOnce.length > 0)
      problem(`${notOnce.length} of 20 runs not executed exactly once: ${notOnce.slice(0, 3).join("; ")}`);
  },
};

/** (5) the API killed while 50 graphql-ws subscribers follow a run. */
export const apiKill: ChaosCase = {
  id: 5,
  name: "API kill -9 under 50 subscribers",
  timeoutMs: 300_000,
  async run(ctx, measured, problem) {
    const { stack } = ctx;
    const epochs = 60;
    const runId = await createRun(ctx.team, ctx.versionId, "chaos-api-kill", { epochs, seed: 51 });
    const followers = Array.from({ length: 50 }, () => followRun(stack, ctx.team.token, runId));
    try {
      if (!(await waitFor(() => followers.every((f) => f.connects >= 1), 60_000)))
        return problem("not all 50 subscribers connected within 60 s");
      if (!(await waitForEpochs(ctx, runId, 2, 120_000)))
        return problem("the run did not record 2 epochs within 120 s");
      const mark = stack.lines.length;
      const killedAt = Date.now();
      process.kill(stack.pidOf("api"), "SIGKILL");
      measured.epochsBeforeKill = (await recordedEpochs(stack, runId)).length;
      const restarted = await stack.waitForLine(/\[start\]\s+api restarted/, 60_000, mark);
      if (!restarted) problem("npm start did not restart the API within 60 s");
      measured.supervisorRestartSeconds = restarted ? seconds(restarted.at - killedAt) : null;
      const back = await pollFor(async () => ((await apiAnswers(stack)) ? Date.now() : undefined), 90_000, 200);
      measured.apiBackSeconds = back ? seconds(back - killedAt) : null;
      if (!back) problem("the API did not answer within 90 s of the kill");
      const reconnected = await waitFor(() => followers.every((f) => f.connects >= 2), 60_000);
      const reconnectTimes = followers
        .map((f) => f.firstMessageAfter(killedAt))
        .filter((t): t is number => t !== undefined)
        .map((t) => t - killedAt)
        .sort((a, b) => a - b);
      measured.reconnectedSubscribers = followers.filter((f) => f.connects >= 2).length;
      measured.firstUpdateAfterKillSeconds = reconnectTimes.length
        ? { p50: seconds(reconnectTimes[Math.floor(reconnectTimes.length / 2)]!), max: seconds(reconnectTimes.at(-1)!) }
        : null;
      if (!reconnected) problem(`only ${measured.reconnectedSubscribers} of 50 subscribers reconnected within 60 s`);
      const [final] = await waitForFinal(stack, [runId], 180_000);
      measured.status = final!.status;
      if (final!.status !== "SUCCEEDED") problem(`the run ended ${final!.status}: ${final!.error ?? "no error"}`);
      await settleFollowers(followers, 30_000);
      checkFollowers(followers, range(epochs), measured, problem);
    } finally {
      await Promise.all(followers.map((f) => f.dispose()));
    }
  },
};

/** (3) Postgres stopped for 10 s mid-run, then started again. */
export const databaseOutage: ChaosCase = {
  id: 3,
  name: "Postgres stopped 10 s mid-run",
  timeoutMs: 360_000,
  async run(ctx, measured, problem) {
    const { stack } = ctx;
    const epochs = 60;
    const runId = await createRun(ctx.team, ctx.versionId, "chaos-db-outage", { epochs, seed: 61 });
    const followers = Array.from({ length: 5 }, () => followRun(stack, ctx.team.token, runId));
    try {
      if (!(await waitFor(() => followers.every((f) => f.connects >= 1), 60_000)))
        return problem("the subscribers did not connect within 60 s");
      if (!(await waitForEpochs(ctx, runId, 2, 120_000)))
        return problem("the run did not record 2 epochs within 120 s");
      const mark = stack.lines.length;
      measured.epochsBeforeStop = (await recordedEpochs(stack, runId)).length;
      await stack.stopDatabase();
      const stoppedAt = Date.now();
      await sleep(10_000);
      await stack.startDatabaseAgain();
      const upAt = Date.now();
      measured.databaseDownSeconds = seconds(upAt - stoppedAt);
      let back: number | undefined;
      while (Date.now() < upAt + 60_000) {
        if (await apiAnswers(stack)) {
          back = Date.now();
          break;
        }
        await sleep(200);
      }
      measured.apiAnswersAfterDatabaseSeconds = back ? seconds(back - upAt) : null;
      if (!back) problem("the API did not answer with the database within 60 s of its restart");
      else if (back - upAt > 10_000)
        problem(`the API answered ${seconds(back - upAt)} s after the database, over the 10 s bound`);
      const [final] = await waitForFinal(stack, [runId], 240_000);
      measured.status = final!.status;
      measured.attempt = final!.attempt;
      if (final!.status !== "SUCCEEDED") problem(`the run ended ${final!.status}: ${final!.error ?? "no error"}`);
      const recorded = await recordedEpochs(stack, runId);
      if (!same(recorded, range(epochs)))
        problem(`EpochMetric rows are not exactly 1..${epochs}: ${recorded.join(",")}`);
      measured.failedWriteLines = stack.matching(/database write failed/i, mark).length;
      await settleFollowers(followers, 30_000);
      checkFollowers(followers, range(epochs), measured, problem);
    } finally {
      await Promise.all(followers.map((f) => f.dispose()));
    }
  },
};

function sha256File(file: string): string {
  return createHash("sha256").update(readFileSync(file)).digest("hex");
}

function blobFiles(root: string): string[] {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.name === ".tmp") continue;
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else files.push(full);
    }
  };
  if (existsSync(root)) walk(root);
  return files;
}

/** (6) the blob store's disk fills up while the model is written. */
export const diskFull: ChaosCase = {
  id: 6,
  name: "blob disk full during the model write",
  timeoutMs: 300_000,
  async run(ctx, measured, problem) {
    const { stack } = ctx;
    if (stack.tmpfsUnavailable) {
      measured.skipped = `no small filesystem for the data folder: ${stack.tmpfsUnavailable}`;
      return;
    }
    const blobRoot = path.join(stack.dataDir, "blobs");
    const filler = path.join(stack.dataDir, "chaos-filler");
    const epochs = 3;
    const runId = await createRun(ctx.team, ctx.versionId, "chaos-disk-full", {
      epochs,
      seed: 71,
      earlyStoppingPatience: null,
    });
    /** Appends to the filler until `leave` bytes are left on the data folder's disk. */
    const fillLeaving = (leave: number) => {
      const { bavail, bsize } = statfsSync(stack.dataDir);
      let toWrite = Math.max(0, bavail * bsize - leave);
      const fd = openSync(filler, "a");
      const chunk = Buffer.alloc(8 * 1024 * 1024);
      try {
        while (toWrite > 0) toWrite -= writeSync(fd, chunk, 0, Math.min(chunk.length, toWrite));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== "ENOSPC") throw error;
      } finally {
        closeSync(fd);
      }
    };
    try {
      // The disk must be full once training is over (the checkpoints are written, the model is not
      // yet), and evaluation can take only a second or two: too short to write a gigabyte in. So the
      // bulk goes in after the first epoch, leaving room for the remaining checkpoints, and the last
      // few megabytes once the last epoch's EpochMetric row (recorded with its checkpoint, right
      // before evaluation) is there.
      const firstEpoch = await pollFor(
        async () => ((await recordedEpochs(stack, runId)).length >= 1 ? true : undefined),
        180_000,
        50,
      );
      if (!firstEpoch) return problem("the run did not record its first epoch within 180 s");
      const [checkpoint] = await stack.query<{ byteSize: number }>(
        `SELECT "byteSize" FROM "ModelArtifact" WHERE "runId" = $1::uuid AND kind = 'CHECKPOINT'`,
        [runId],
      );
      fillLeaving(Math.max(16 * 1024 * 1024, 4 * (checkpoint?.byteSize ?? 0)));
      const atEvaluation = await pollFor(
        async () => {
          const row = await runRow(stack, runId);
          if (row.progress?.stage === "evaluating" || row.progress?.stage === "saving") return row.progress.stage;
          if (row.status === "RUNNING" && (await recordedEpochs(stack, runId)).length >= epochs)
            return "last epoch recorded";
          // Finished before we saw it evaluate: nothing to fill in time for.
          if (row.status !== "RUNNING" && row.status !== "QUEUED") return "missed";
          return undefined;
        },
        180_000,
        20,
      );
      if (!atEvaluation || atEvaluation === "missed")
        return problem("the run was not seen in its evaluation stage, so the disk was not filled in time");
      fillLeaving(64 * 1024);
      const after = statfsSync(stack.dataDir);
      measured.filledAtStage = atEvaluation;
      measured.bytesLeft = after.bavail * after.bsize;
      const [final] = await waitForFinal(stack, [runId], 240_000);
      measured.status = final!.status;
      measured.attempt = final!.attempt;
      measured.error = final!.error;
      if (final!.status !== "FAILED") problem(`the run ended ${final!.status}, not FAILED`);
      if (!/ENOSPC|no space|disk (is )?full/i.test(final!.error ?? ""))
        problem(`the run's error does not say the disk is full: ${final!.error ?? "none"}`);
      const parts = existsSync(path.join(blobRoot, ".tmp")) ? readdirSync(path.join(blobRoot, ".tmp")) : [];
      measured.tempFilesLeft = parts.length;
      if (parts.length > 0) problem(`${parts.length} half-written temp file(s) left in blobs/.tmp`);
      const corrupt = blobFiles(blobRoot).filter((file) => sha256File(file) !== path.basename(file));
      measured.blobsNotMatchingTheirHash = corrupt.length;
      if (corrupt.length > 0)
        problem(
          `${corrupt.length} blob(s) whose content does not match their key (half-written): ${corrupt
            .slice(0, 3)
            .map((file) => `${path.relative(blobRoot, file)} (${statSync(file).size} bytes)`)
            .join(", ")}`,
        );
      const keys = await stack.query<{ blobKey: string; kind: string }>(
        `SELECT "blobKey", kind::text FROM "ModelArtifact" WHERE "runId" = $1::uuid`,
        [runId],
      );
      const dangling = keys.filter(
        (row) => !existsSync(path.join(blobRoot, row.blobKey.slice(0, 2), row.blobKey.slice(2, 4), row.blobKey)),
      );
      measured.artifactRows = keys.map((row) => row.kind);
      measured.rowsPointingAtMissingBlobs = dangling.length;
      if (dangling.length > 0)
        problem(
          `${dangling.length} ModelArtifact row(s) point at a missing blob (${dangling.map((d) => d.kind).join(", ")})`,
        );
    } finally {
      rmSync(filler, { force: true });
    }
  },
};

/** Every number-like value in a health document whose key mentions the event loop. */
function loopDelayFigures(value: unknown, prefix = ""): Record<string, number> {
  const found: Record<string, number> = {};
  if (value && typeof value === "object") {
    for (const [key, inner] of Object.entries(value)) {
      const name = prefix ? `${prefix}.${key}` : key;
      if (typeof inner === "number" && /loop|delay|lag/i.test(name)) found[name] = inner;
      else Object.assign(found, loopDelayFigures(inner, name));
    }
  }
  return found;
}

/** (1) twice as many busy processes as cores while a fine-tuning run trains. */
export const cpuHogs: ChaosCase = {
  id: 1,
  name: "CPU hogs (2x cores) during a fine-tuning run",
  timeoutMs: 900_000,
  async run(ctx, measured, problem) {
    const { stack } = ctx;
    const full = process.env.CHAOS_FULL === "1";
    // The shared 40-image version trains in seconds, far inside the 30 s heartbeat window; the full case
    // trains on the whole sample (500 + 100 images at 224 px), long enough for a blocked event loop to
    // cost the lease.
    const versionId = full ? (await uploadSample(stack, ctx.team, { train: 250, val: 50 })).versionId : ctx.versionId;
    const count = 2 * os.availableParallelism();
    const hogs = Array.from({ length: count }, () =>
      // Each hog ends itself after 10 minutes too, should this process die before it kills them.
      spawn(process.execPath, ["-e", "const end = Date.now() + 600000; while (Date.now() < end) {}"], {
        stdio: "ignore",
      }),
    );
    measured.hogs = count;
    const mark = stack.lines.length;
    const health: Record<string, number>[] = [];
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        for (const port of stack.trainerHealthPorts) {
          try {
            const response = await fetch(`http://127.0.0.1:${port}/healthz`, { signal: AbortSignal.timeout(5_000) });
            const figures = loopDelayFigures(await response.json());
            if (Object.keys(figures).length > 0) health.push(figures);
          } catch {
            // A health endpoint slow under the hogs is itself visible in the figures that do come back.
          }
        }
        await sleep(2_000);
      }
    })();
    try {
      const runId = await createRun(ctx.team, versionId, "chaos-cpu-hogs", {
        epochs: 3,
        seed: 11,
        batchSize: 8,
        fineTuneBlocks: 2,
        fineTuneEpochs: 2,
        fineTuneLearningRate: 0.0001,
        ...(full ? { inputSize: 224 } : {}),
      });
      measured.inputSize = full ? 224 : 96;
      const started = Date.now();
      const [final] = await waitForFinal(stack, [runId], 840_000);
      measured.seconds = seconds(Date.now() - started);
      measured.status = final!.status;
      measured.attempt = final!.attempt;
      const leaseLosses = stack.matching(
        new RegExp(`run ${runId}: (lease lost|LOST)|Reaped run ${runId}`),
        mark,
      ).length;
      const failedWrites = stack.matching(/database write failed/i, mark).length;
      measured.leaseLosses = leaseLosses;
      measured.failedWrites = failedWrites;
      if (final!.status !== "SUCCEEDED") problem(`the run ended ${final!.status}: ${final!.error ?? "no error"}`);
      if (final!.attempt !== 1) problem(`the run needed ${final!.attempt} attempts (${final!.error ?? ""})`);
      if (leaseLosses > 0) problem(`${leaseLosses} lease loss line(s) for the run`);
      if (failedWrites > 0) problem(`${failedWrites} "database write failed" line(s)`);
    } finally {
      sampling = false;
      for (const hog of hogs) hog.kill("SIGKILL");
      await sampler;
    }
    if (health.length === 0) {
      measured.eventLoopDelay = "not reported: the trainers' /healthz has no event-loop figure yet";
      problem("the trainers' /healthz reports no event-loop delay (issue 11 asks for its p99)");
    } else {
      const maxima: Record<string, number> = {};
      for (const sample of health)
        for (const [key, value] of Object.entries(sample)) maxima[key] = Math.max(maxima[key] ?? 0, value);
      measured.eventLoopDelayMax = maxima;
    }
  },
};

export const ALL_CASES: ChaosCase[] = [trainerKill, queueOfTwenty, apiKill, databaseOutage, diskFull, cpuHogs];

/** Runs one case under its time bound; never throws. */
export async function runCase(chaosCase: ChaosCase, ctx: CaseContext): Promise<CaseResult> {
  const measured: Record<string, unknown> = {};
  const problems: string[] = [];
  const started = Date.now();
  let timer: NodeJS.Timeout | undefined;
  let outcome: "done" | "timeout" = "done";
  try {
    outcome = await Promise.race([
      chaosCase.run(ctx, measured, (text) => problems.push(text)).then(() => "done" as const),
      new Promise<"timeout">((resolve) => (timer = setTimeout(() => resolve("timeout"), chaosCase.timeoutMs))),
    ]);
  } catch (error) {
    problems.push(`the case itself failed: ${(error as Error).message}`);
  } finally {
    clearTimeout(timer);
  }
  if (outcome === "timeout") problems.push(`timed out after ${chaosCase.timeoutMs / 1000} s`);
  return {
    id: chaosCase.id,
    name: chaosCase.name,
    status: "skipped" in measured && problems.length === 0 ? "skip" : problems.length > 0 ? "fail" : "pass",
    seconds: seconds(Date.now() - started),
    measured,
    problems,
  };
}
