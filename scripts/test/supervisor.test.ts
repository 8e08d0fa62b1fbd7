// The supervisor over real child processes (a tiny stand-in service), with a
// policy scaled down to fractions of a second so the test takes seconds.
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { isRunning, refOf, waitFor } from "../lib/process-info.ts";
import type { RestartPolicy } from "../lib/restart-policy.ts";
import { ServiceProcess } from "../lib/service-process.ts";
import { type Instance, Supervisor, type Unit } from "../lib/supervisor.ts";

const CHILD = fileURLToPath(new URL("./fixtures/child-service.mjs", import.meta.url));
// The children say here when their SIGTERM handler is installed: a stop before that would test
// Node's start-up, not the supervisor.
const READY_DIR = mkdtempSync(path.join(os.tmpdir(), "supervisor-ready-"));
const POLICY: RestartPolicy = {
  initialDelayMs: 200,
  maxDelayMs: 800,
  stableAfterMs: 10_000,
  maxCrashes: 5,
  windowMs: 60_000,
};

interface Launch {
  at: number;
  pid: number | undefined;
  exitedAt?: number;
}

/** A unit running the stand-in child; records when each instance started and exited. */
function childUnit(
  name: string,
  env: Record<string, string>,
  options: Partial<Pick<Unit, "essential" | "layer">> = {},
): Unit & { launches: Launch[] } {
  const launches: Launch[] = [];
  return {
    name,
    layer: options.layer ?? "service",
    essential: options.essential ?? false,
    launches,
    async launch(): Promise<Instance> {
      const service = new ServiceProcess(
        {
          name,
          command: process.execPath,
          args: [CHILD],
          cwd: os.tmpdir(),
          env: { CHILD_NAME: name, CHILD_READY_DIR: READY_DIR, ...env },
        },
        process.env,
      );
      const launch: Launch = { at: Date.now(), pid: service.pid };
      launches.push(launch);
      void service.exited.then(() => (launch.exitedAt = Date.now()));
      let exited = false;
      void service.exited.then(() => (exited = true));
      await waitFor(() => exited || existsSync(path.join(READY_DIR, String(service.pid))), 10_000, 10);
      return service;
    },
  };
}

let supervisor: Supervisor | undefined;
const lines: string[] = [];
afterAll(() => rmSync(READY_DIR, { recursive: true, force: true }));
afterEach(async () => {
  await supervisor?.stopAll();
  supervisor = undefined;
  lines.length = 0;
});

function makeSupervisor(onEssentialGiveUp: (reason: string) => void = () => {}, stopGraceMs = 5_000): Supervisor {
  supervisor = new Supervisor({ log: (line) => lines.push(line), policy: POLICY, stopGraceMs, onEssentialGiveUp });
  return supervisor;
}

describe("Supervisor", () => {
  it("restarts a crashing service with doubling delays, then gives up and leaves the others running", async () => {
    const reasons: string[] = [];
    const sup = makeSupervisor((reason) => reasons.push(reason));
    const crasher = childUnit("crasher", { CHILD_LIFE_MS: "150", CHILD_EXIT_CODE: "3" });
    const steady = childUnit("steady", {});
    await sup.add(steady);
    await sup.add(crasher);

    expect(await waitFor(() => sup.status().find((s) => s.name === "crasher")?.gaveUp !== undefined, 20_000)).toBe(
      true,
    );
    // Five lives: the first start and four restarts; the fifth crash is the crash loop.
    expect(crasher.launches).toHaveLength(5);
    const gaps = crasher.launches.slice(1).map((launch, i) => launch.at - crasher.launches[i]!.exitedAt!);
    const expected = [200, 400, 800, 800];
    gaps.forEach((gap, i) => expect(gap).toBeGreaterThanOrEqual(expected[i]! - 20));
    expect(lines.filter((line) => /crasher exited unexpectedly \(exit code 3\)/.test(line))).toHaveLength(5);
    expect(lines).toContainEqual(expect.stringMatching(/restarting it in 0\.2 s \(crash 1 of 5 allowed within 60 s\)/));
    expect(lines).toContainEqual(expect.stringMatching(/restarting it in 0\.8 s/));
    expect(lines).toContainEqual(
      expect.stringMatching(/crasher .* giving up on it: 5 crashes within 60 s \(the limit is 5\)/),
    );
    // Not essential: nothing else stops.
    expect(reasons).toEqual([]);
    const steadyPid = sup.status().find((s) => s.name === "steady")!.pid!;
    expect(isRunning(refOf(steadyPid))).toBe(true);
    expect(steady.launches).toHaveLength(1);
  });

  it("asks to stop everything when an essential unit crash-loops", async () => {
    const reasons: string[] = [];
    const sup = makeSupervisor((reason) => reasons.push(reason));
    await sup.add(childUnit("api", { CHILD_LIFE_MS: "50", CHILD_EXIT_CODE: "1" }, { essential: true }));
    expect(await waitFor(() => reasons.length > 0, 20_000)).toBe(true);
    expect(reasons).toEqual(["api keeps crashing (5 crashes within 60 s (the limit is 5))"]);
  });

  it("restarts a service killed with SIGKILL and says so with the signal", async () => {
    const sup = makeSupervisor();
    const unit = childUnit("victim", {});
    await sup.add(unit);
    const first = unit.launches[0]!.pid!;
    process.kill(first, "SIGKILL");
    expect(await waitFor(() => unit.launches.length === 2 && sup.status()[0]!.pid !== undefined, 10_000)).toBe(true);
    expect(lines).toContainEqual(
      expect.stringMatching(/victim exited unexpectedly \(signal SIGKILL\) after .*; restarting it in 0\.2 s/),
    );
    expect(lines).toContainEqual(expect.stringMatching(/victim restarted \(pid \d+, restart 1\)/));
    expect(sup.status()[0]).toMatchObject({ restarts: 1, gaveUp: undefined });
    expect(sup.status()[0]!.pid).not.toBe(first);
  });

  it("stops services first and the database last, and restarts nothing while stopping", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "supervisor-test-"));
    try {
      const stopLog = path.join(dir, "stops.log");
      const sup = makeSupervisor();
      const db = childUnit("db", { CHILD_STOP_LOG: stopLog }, { layer: "database", essential: true });
      await sup.add(db);
      await sup.add(childUnit("api", { CHILD_STOP_LOG: stopLog }));
      await sup.add(childUnit("trainer", { CHILD_STOP_LOG: stopLog }));
      await sup.stopAll();
      const stops = readFileSync(stopLog, "utf8")
        .trim()
        .split("\n")
        .map((line) => line.split(" "));
      expect(stops.map(([name]) => name).sort()).toEqual(["api", "db", "trainer"]);
      const at = Object.fromEntries(stops.map(([name, , ms]) => [name, Number(ms)]));
      expect(at.db).toBeGreaterThan(Math.max(at.api!, at.trainer!));
      expect(sup.status().every((unit) => unit.restarts === 0)).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("kills a service that ignores SIGTERM at once on killServices (the second Ctrl-C)", async () => {
    // A 30 s grace: only the kill can end the stop in the time allowed.
    const sup = makeSupervisor(() => {}, 30_000);
    const hung = childUnit("hung", { CHILD_IGNORE_TERM: "1" });
    await sup.add(hung);
    const started = Date.now();
    const stopped = sup.stopAll();
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(isRunning(refOf(hung.launches[0]!.pid!))).toBe(true);
    sup.killServices();
    await stopped;
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(await waitFor(() => !isRunning(refOf(hung.launches[0]!.pid!)), 2_000)).toBe(true);
  });
});
