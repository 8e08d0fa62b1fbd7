import { type Db, type LeaseHeartbeats, LeaseLostError, type RunEventHub, type RunLease } from "@headstart/runs";
import { describe, expect, it } from "vitest";
import { RunSession, RunStoppedError } from "../src/run-session.ts";

const lease: RunLease = { runId: "run-1", teamId: "team-1", workerId: "trainer-a", attempt: 1, maxAttempts: 3 };

// Only the stop logic is exercised: nothing here reaches the database or the hub (start() is not called).
function session(log: string[]): RunSession {
  return new RunSession({
    db: {} as Db,
    heartbeats: {} as LeaseHeartbeats,
    hub: {} as RunEventHub,
    lease,
    heartbeatIntervalMs: 60_000,
    progressIntervalMs: 60_000,
    log: (line) => log.push(line),
  });
}

describe("RunSession stop reasons", () => {
  it("stops the run when a heartbeat finds the lease gone", () => {
    const log: string[] = [];
    const s = session(log);
    s.handleWriteError(new LeaseLostError(lease));
    expect(s.signal.aborted).toBe(true);
    expect(s.reason).toBe("lease-lost");
    expect(s.signal.reason).toBeInstanceOf(RunStoppedError);
    expect(log).toEqual(["run run-1: stopping (lease-lost)"]);
  });

  it("ignores a heartbeat refused while the outcome is being written, but still honours a cancel", () => {
    const log: string[] = [];
    const s = session(log);
    s.beginSettling();
    // The run has just left RUNNING because this trainer finished it: not a lost lease.
    s.handleWriteError(new LeaseLostError(lease));
    expect(s.signal.aborted).toBe(false);
    expect(s.reason).toBeNull();
    expect(log).toEqual([]);
    s.abort("cancelled");
    expect(s.reason).toBe("cancelled");
    expect(s.signal.aborted).toBe(true);
  });

  it("ignores a stop that arrives after the attempt ended (a late heartbeat answer)", async () => {
    const log: string[] = [];
    const s = session(log);
    await s.stop();
    // The compute worker already runs the next run: this must not abort it.
    s.abort("cancelled");
    s.handleWriteError(new LeaseLostError(lease));
    expect(s.signal.aborted).toBe(false);
    expect(s.reason).toBeNull();
    expect(log).toEqual([]);
  });
});
