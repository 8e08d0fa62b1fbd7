import fs from "node:fs";
import path from "node:path";
import type { Logger } from "./log.ts";
import { groupExists, isRunning, type ProcessRef, refOf, signalGroup, waitFor } from "./process-info.ts";

// What `npm start` has running, on disk, so that a start after `kill -9` of
// the previous one (which could not clean up) can stop what it left behind:
// children and Postgres run in their own process groups and survive it.
interface RunState {
  orchestrator: ProcessRef;
  postgres?: ProcessRef;
  services: Record<string, ProcessRef>;
}

export class RunStateFile {
  private state: RunState;
  // Only a file this process wrote is its to remove: a start refused because
  // another is running must leave that one's file alone.
  private written = false;

  constructor(readonly file: string) {
    this.state = { orchestrator: refOf(process.pid), services: {} };
  }

  static at(dataRoot: string): RunStateFile {
    return new RunStateFile(path.join(dataRoot, "run", "start.json"));
  }

  /**
   * Stops whatever a previous, dead `npm start` left running. A live one is
   * a conflict the user must resolve: we never stop someone else's session.
   */
  async recover(log: Logger): Promise<void> {
    let previous: RunState;
    try {
      previous = JSON.parse(fs.readFileSync(this.file, "utf8")) as RunState;
    } catch {
      return; // No file (clean stop last time) or unreadable: nothing to recover.
    }
    if (previous.orchestrator.pid !== process.pid && isRunning(previous.orchestrator)) {
      throw new Error(
        `Headstart is already running (npm start, pid ${previous.orchestrator.pid}). Stop it with Ctrl-C in its terminal or \`kill ${previous.orchestrator.pid}\`, then start again.`,
      );
    }
    for (const [name, ref] of Object.entries(previous.services)) {
      if (!isRunning(ref)) continue;
      log(`stopping ${name} (pid ${ref.pid}) left running by a previous start that did not shut down`);
      signalGroup(ref.pid, "SIGTERM");
      if (!(await waitFor(() => !groupExists(ref.pid), 5_000))) signalGroup(ref.pid, "SIGKILL");
    }
    if (previous.postgres && isRunning(previous.postgres)) {
      const pg = previous.postgres;
      log(`stopping Postgres (pid ${pg.pid}) left running by a previous start that did not shut down`);
      signalGroup(pg.pid, "SIGINT");
      if (!(await waitFor(() => !isRunning(pg), 15_000))) signalGroup(pg.pid, "SIGKILL");
      await waitFor(() => !groupExists(pg.pid), 5_000);
    }
    fs.rmSync(this.file, { force: true });
  }

  setPostgres(pid: number | undefined): void {
    this.state.postgres = pid === undefined ? undefined : refOf(pid);
    this.write();
  }

  setService(name: string, pid: number): void {
    this.state.services[name] = refOf(pid);
    this.write();
  }

  write(): void {
    fs.mkdirSync(path.dirname(this.file), { recursive: true });
    const temp = `${this.file}.${process.pid}`;
    fs.writeFileSync(temp, JSON.stringify(this.state, null, 2));
    fs.renameSync(temp, this.file);
    this.written = true;
  }

  remove(): void {
    if (this.written) fs.rmSync(this.file, { force: true });
  }
}
