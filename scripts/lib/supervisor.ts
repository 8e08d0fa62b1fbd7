// Keeps `npm start`'s processes running: one that exits on its own is started
// again after a backoff (decideRestart), and given up on after a crash loop.
// A give-up of an essential unit (Postgres, the API) stops everything; of
// another (a trainer, the web studio) leaves the rest running. Stopping goes
// services first (they hold database connections), the database last.
import type { Logger } from "./log.ts";
import {
  DEFAULT_RESTART_POLICY,
  decideRestart,
  formatSeconds,
  type Life,
  type RestartPolicy,
} from "./restart-policy.ts";

export interface ExitInfo {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** One started process of a unit. */
export interface Instance {
  pid: number | undefined;
  exited: Promise<ExitInfo>;
  /** Graceful stop, forced after `graceMs`. */
  stop(graceMs: number): Promise<void>;
  /** Immediate kill (second Ctrl-C). */
  kill(): void;
}

export interface Unit {
  name: string;
  /** The database layer stops after every service. */
  layer: "database" | "service";
  /** Giving up on an essential unit stops everything; on another, the rest keeps running. */
  essential: boolean;
  /** Starts a new instance; rejects when it cannot start (counted as a crash). */
  launch(): Promise<Instance>;
}

export interface SupervisorOptions {
  log: Logger;
  policy?: RestartPolicy;
  stopGraceMs: number;
  /** After each (re)start: `npm start` records the pid for the next start's stale-state cleanup. */
  onStarted?: (name: string, pid: number | undefined) => void;
  /** An essential unit was given up on: the caller stops everything with this reason. */
  onEssentialGiveUp: (reason: string) => void;
}

export const describeExit = ({ code, signal }: ExitInfo): string =>
  signal ? `signal ${signal}` : `exit code ${code ?? "unknown"}`;

interface Entry {
  unit: Unit;
  instance: Instance | undefined;
  startedAt: number;
  lives: Life[];
  restarts: number;
  timer: NodeJS.Timeout | undefined;
  launching: Promise<unknown> | undefined;
  gaveUp: string | undefined;
}

export interface UnitStatus {
  name: string;
  pid: number | undefined;
  restarts: number;
  /** Why the supervisor gave up on it, if it did. */
  gaveUp: string | undefined;
}

export class Supervisor {
  private readonly entries = new Map<string, Entry>();
  private readonly policy: RestartPolicy;
  private stopping: Promise<void> | undefined;

  constructor(private readonly options: SupervisorOptions) {
    this.policy = options.policy ?? DEFAULT_RESTART_POLICY;
  }

  /** Supervises `unit`, starting it now unless an already running `instance` is handed over. */
  async add(unit: Unit, instance?: Instance): Promise<void> {
    if (this.entries.has(unit.name)) throw new Error(`A unit named ${unit.name} is already supervised.`);
    const entry: Entry = {
      unit,
      instance: undefined,
      startedAt: Date.now(),
      lives: [],
      restarts: 0,
      timer: undefined,
      launching: undefined,
      gaveUp: undefined,
    };
    this.entries.set(unit.name, entry);
    const launching = instance ? Promise.resolve(instance) : unit.launch();
    entry.launching = launching;
    try {
      this.adopt(entry, await launching);
    } finally {
      entry.launching = undefined;
    }
  }

  status(): UnitStatus[] {
    return [...this.entries.values()].map((entry) => ({
      name: entry.unit.name,
      pid: entry.instance?.pid,
      restarts: entry.restarts,
      gaveUp: entry.gaveUp,
    }));
  }

  /** No more restarts; services stopped together, then the database. Safe to call twice. */
  stopAll(): Promise<void> {
    this.stopping ??= (async () => {
      for (const entry of this.entries.values()) {
        clearTimeout(entry.timer);
        entry.timer = undefined;
      }
      // A start in flight finishes first (bounded by its own timeout), so its process is not orphaned.
      await Promise.allSettled([...this.entries.values()].map((entry) => entry.launching));
      const stopLayer = (layer: Unit["layer"]) =>
        Promise.all(
          [...this.entries.values()]
            .filter((entry) => entry.unit.layer === layer && entry.instance)
            .map((entry) => entry.instance!.stop(this.options.stopGraceMs)),
        );
      await stopLayer("service");
      await stopLayer("database");
    })();
    return this.stopping;
  }

  /** SIGKILL to every service at once (the database still gets its own, quick, shutdown). */
  killServices(): void {
    for (const entry of this.entries.values()) if (entry.unit.layer === "service") entry.instance?.kill();
  }

  private adopt(entry: Entry, instance: Instance): void {
    entry.instance = instance;
    this.options.onStarted?.(entry.unit.name, instance.pid);
    void instance.exited.then((info) => this.onExit(entry, instance, info));
  }

  private onExit(entry: Entry, instance: Instance, info: ExitInfo): void {
    if (this.stopping || entry.instance !== instance) return;
    entry.instance = undefined;
    this.crashed(entry, `exited unexpectedly (${describeExit(info)})`);
  }

  private crashed(entry: Entry, what: string): void {
    const { log } = this.options;
    const name = entry.unit.name;
    const now = Date.now();
    entry.lives.push({ startedAt: entry.startedAt, exitedAt: now });
    const uptime = formatSeconds(Math.round((now - entry.startedAt) / 100) * 100);
    const decision = decideRestart(entry.lives, this.policy);
    if (decision.action === "give-up") {
      entry.gaveUp = decision.reason;
      log(`${name} ${what} after ${uptime}; giving up on it: ${decision.reason}. Its last log lines above say why.`);
      if (entry.unit.essential) this.options.onEssentialGiveUp(`${name} keeps crashing (${decision.reason})`);
      else log(`the other services keep running without ${name}; restart npm start once the cause is fixed`);
      return;
    }
    log(
      `${name} ${what} after ${uptime}; restarting it in ${formatSeconds(decision.delayMs)} (crash ${decision.crashesInWindow} of ${this.policy.maxCrashes} allowed within ${formatSeconds(this.policy.windowMs)})`,
    );
    entry.timer = setTimeout(() => void this.relaunch(entry), decision.delayMs);
  }

  private async relaunch(entry: Entry): Promise<void> {
    entry.timer = undefined;
    if (this.stopping) return;
    entry.startedAt = Date.now();
    const launching = entry.unit.launch();
    entry.launching = launching;
    let instance: Instance;
    try {
      instance = await launching;
    } catch (error) {
      entry.launching = undefined;
      if (!this.stopping) this.crashed(entry, `could not start (${(error as Error).message})`);
      return;
    }
    entry.launching = undefined;
    entry.restarts += 1;
    if (this.stopping) {
      // stopAll waited for this start and stops what is adopted here.
      entry.instance = instance;
      return;
    }
    this.options.log(`${entry.unit.name} restarted (pid ${instance.pid ?? "unknown"}, restart ${entry.restarts})`);
    this.adopt(entry, instance);
  }
}
