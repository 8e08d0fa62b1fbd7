import fs from "node:fs";

/** A process as recorded in the run state: pid plus kernel start time, so a reused pid is never mistaken for it. */
export interface ProcessRef {
  pid: number;
  startTime: string | undefined;
}

/** Field 22 of /proc/<pid>/stat (start time in clock ticks since boot). */
export function startTimeOf(pid: number): string | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    // The command name (field 2) may contain spaces; the fields after it do not.
    return stat.slice(stat.lastIndexOf(")") + 2).split(" ")[19];
  } catch {
    return undefined;
  }
}

export function refOf(pid: number): ProcessRef {
  return { pid, startTime: startTimeOf(pid) };
}

export function isRunning(ref: ProcessRef): boolean {
  try {
    process.kill(ref.pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EPERM") return false;
  }
  const now = startTimeOf(ref.pid);
  return ref.startTime === undefined || now === undefined || now === ref.startTime;
}

/** Signals the whole process group led by `pid`; false if it no longer exists. */
export function signalGroup(pid: number, signal: NodeJS.Signals | 0): boolean {
  try {
    process.kill(-pid, signal);
    return true;
  } catch {
    return false;
  }
}

export function groupExists(pid: number): boolean {
  return signalGroup(pid, 0);
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Waits until `done()` or the deadline; true when `done()` became true. */
export async function waitFor(done: () => boolean, timeoutMs: number, stepMs = 100): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (done()) return true;
    await sleep(stepMs);
  }
  return done();
}
