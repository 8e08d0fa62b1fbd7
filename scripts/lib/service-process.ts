import { type ChildProcess, spawn } from "node:child_process";
import { forEachLine, type Logger, logger } from "./log.ts";
import { groupExists, signalGroup, waitFor } from "./process-info.ts";
import type { ServiceSpec } from "./services.ts";

export interface ExitInfo {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** One service, in its own process group so that stopping it reaches every process it started. */
export class ServiceProcess {
  readonly name: string;
  readonly exited: Promise<ExitInfo>;
  private readonly child: ChildProcess;

  constructor(spec: ServiceSpec, baseEnv: NodeJS.ProcessEnv) {
    this.name = spec.name;
    const log: Logger = logger(spec.name);
    this.child = spawn(spec.command, spec.args, {
      cwd: spec.cwd,
      env: { ...baseEnv, ...spec.env },
      detached: true,
      stdio: ["ignore", "pipe", "pipe"],
    });
    forEachLine(this.child.stdout, log);
    forEachLine(this.child.stderr, log);
    this.exited = new Promise((resolve) => {
      this.child.once("error", (error) => {
        log(`could not start: ${error.message}`);
        resolve({ code: 127, signal: null });
      });
      this.child.once("exit", (code, signal) => resolve({ code, signal }));
    });
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  /** SIGTERM to the group, SIGKILL to what is left after `graceMs`. */
  async stop(graceMs: number): Promise<void> {
    const pid = this.child.pid;
    if (pid === undefined) return;
    signalGroup(pid, "SIGTERM");
    const leaderGone = this.child.exitCode !== null || this.child.signalCode !== null;
    if (!leaderGone) await Promise.race([this.exited, new Promise((resolve) => setTimeout(resolve, graceMs))]);
    // The leader may be gone while processes it started linger in the group.
    if (!(await waitFor(() => !groupExists(pid), 1_000))) {
      signalGroup(pid, "SIGKILL");
      await waitFor(() => !groupExists(pid), 2_000);
    }
  }

  /** SIGKILL to the whole group at once (second Ctrl-C). */
  kill(): void {
    if (this.child.pid !== undefined) signalGroup(this.child.pid, "SIGKILL");
  }
}
