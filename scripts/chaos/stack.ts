// The stack the chaos cases break: `npm start` itself (scripts/start.ts, so its
// supervisor is what restarts what a case kills) with --no-web and N trainers,
// on free loopback ports, its data folder in a temp dir (on a small tmpfs when
// we may mount one, so a case can fill the disk for real). Postgres is started
// here rather than by npm start (npm start gets DATABASE_URL), so a case can
// keep it stopped for a chosen time: npm start would restart its own at once.
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { migrateDatabase, type RunningDatabase, startDatabase } from "@headstart/db";
import pg from "pg";
import { isRunning, type ProcessRef, signalGroup, sleep, waitFor } from "../lib/process-info.ts";

const REPO_ROOT = fileURLToPath(new URL("../..", import.meta.url));
const READY_TIMEOUT_MS = 240_000;
const STOP_TIMEOUT_MS = 60_000;

export interface StackOptions {
  trainers: number;
  /** Size of the tmpfs for the data folder (blobs); 0 = a plain folder. */
  tmpfsMegabytes?: number;
  log?: (line: string) => void;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** A free port p with p+1 … p+count-1 free as well (the trainers' health ports). */
async function freePortRun(count: number): Promise<number> {
  for (let tries = 0; tries < 50; tries++) {
    const base = await freePort();
    if (base + count > 65535) continue;
    let ok = true;
    for (let i = 1; i < count && ok; i++) {
      ok = await new Promise<boolean>((resolve) => {
        const server = createServer();
        server.once("error", () => resolve(false));
        server.listen(base + i, "127.0.0.1", () => server.close(() => resolve(true)));
      });
    }
    if (ok) return base;
  }
  throw new Error(`Found no ${count} consecutive free ports on 127.0.0.1 in 50 tries.`);
}

/** Mounts a tmpfs of `megabytes` on `dir`; the reason it could not, or undefined when mounted. */
function mountTmpfs(dir: string, megabytes: number): string | undefined {
  if (process.getuid?.() !== 0) return "not root, so no tmpfs can be mounted";
  try {
    execFileSync("mount", ["-t", "tmpfs", "-o", `size=${megabytes}m,mode=0755`, "tmpfs", dir], { stdio: "pipe" });
    return undefined;
  } catch (error) {
    return `mount -t tmpfs failed: ${String((error as { stderr?: Buffer }).stderr ?? (error as Error).message).trim()}`;
  }
}

interface StartState {
  postgres?: ProcessRef;
  services: Record<string, ProcessRef>;
}

export class ChaosStack {
  readonly lines: string[] = [];
  /** When each line of `lines` arrived (epoch ms). */
  readonly lineTimes: number[] = [];
  private exitedAt: number | undefined;
  private constructor(
    readonly tempDir: string,
    readonly dataDir: string,
    /** Why the data folder is not a tmpfs, when it is not. */
    readonly tmpfsUnavailable: string | undefined,
    private database: RunningDatabase,
    readonly databaseUrl: string,
    readonly apiUrl: string,
    readonly trainerHealthPorts: number[],
    private readonly child: ChildProcess,
    readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>,
    private readonly log: (line: string) => void,
  ) {
    void exited.then(() => (this.exitedAt = Date.now()));
  }

  get wsUrl(): string {
    return this.apiUrl.replace(/^http/, "ws");
  }

  get origin(): string {
    return new URL(this.apiUrl).origin;
  }

  static async start(options: StackOptions): Promise<ChaosStack> {
    const log = options.log ?? (() => {});
    const tempDir = mkdtempSync(path.join(os.tmpdir(), "headstart-chaos-"));
    // mkdtemp makes it 0700; as root the server runs as `postgres`, which must traverse it.
    chmodSync(tempDir, 0o755);
    const dataDir = path.join(tempDir, "data");
    mkdirSync(dataDir);
    const tmpfsUnavailable = options.tmpfsMegabytes ? mountTmpfs(dataDir, options.tmpfsMegabytes) : "not asked for";
    let database: RunningDatabase | undefined;
    try {
      database = await startDatabase({ dataDir: path.join(tempDir, "pg"), port: await freePort() });
      await migrateDatabase(database.url);
      const apiPort = await freePort();
      const healthBase = await freePortRun(options.trainers);
      const child = spawn(
        process.execPath,
        ["--import", "tsx", "scripts/start.ts", "--no-web", "--trainers", String(options.trainers)],
        {
          cwd: REPO_ROOT,
          env: {
            ...process.env,
            DATABASE_URL: database.url,
            HEADSTART_DATA_DIR: dataDir,
            API_PORT: String(apiPort),
            TRAINER_HEALTH_PORT: String(healthBase),
            NO_COLOR: "1",
          },
          stdio: ["ignore", "pipe", "pipe"],
        },
      );
      const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
        child.once("exit", (code, signal) => resolve({ code, signal })),
      );
      const stack = new ChaosStack(
        tempDir,
        dataDir,
        tmpfsUnavailable,
        database,
        database.url,
        `http://127.0.0.1:${apiPort}/graphql`,
        Array.from({ length: options.trainers }, (_, i) => healthBase + i),
        child,
        exited,
        log,
      );
      let pending = "";
      const onData = (chunk: Buffer) => {
        pending += chunk.toString("utf8");
        const parts = pending.split("\n");
        pending = parts.pop() ?? "";
        for (const line of parts) {
          stack.lines.push(`${((Date.now() - started) / 1000).toFixed(1).padStart(6)} ${line}`);
          stack.lineTimes.push(Date.now());
          if (process.env.CHAOS_VERBOSE) log(`  | ${line}`);
        }
      };
      const started = Date.now();
      child.stdout!.on("data", onData);
      child.stderr!.on("data", onData);
      const up = await waitFor(
        () => stack.has(/Headstart is up after/) || stack.exitedAt !== undefined,
        READY_TIMEOUT_MS,
        200,
      );
      if (!up || stack.exitedAt !== undefined) {
        const tail = stack.lines.slice(-40).join("\n");
        await stack.close();
        throw new Error(`npm start did not come up within ${READY_TIMEOUT_MS / 1000} s. Its last lines:\n${tail}`);
      }
      log(
        `stack: npm start --no-web --trainers ${options.trainers} (API ${stack.apiUrl}, Postgres ${new URL(database.url).host}, data ${dataDir}${tmpfsUnavailable ? "" : ` on a ${options.tmpfsMegabytes} MB tmpfs`}) up after ${((Date.now() - started) / 1000).toFixed(1)} s`,
      );
      return stack;
    } catch (error) {
      await database?.stop().catch(() => undefined);
      if (!tmpfsUnavailable) spawnSyncQuiet("umount", ["-l", dataDir]);
      rmSync(tempDir, { recursive: true, force: true });
      throw error;
    }
  }

  has(pattern: RegExp): boolean {
    return this.lines.some((line) => pattern.test(line));
  }

  /** Lines of npm start's output from index `from` on that match. */
  matching(pattern: RegExp, from = 0): string[] {
    return this.lines.slice(from).filter((line) => pattern.test(line));
  }

  /** The first line (from index `from`) matching and when it arrived, or undefined after `timeoutMs`. */
  async waitForLine(pattern: RegExp, timeoutMs: number, from = 0): Promise<{ text: string; at: number } | undefined> {
    const find = () => {
      for (let i = from; i < this.lines.length; i++) if (pattern.test(this.lines[i]!)) return i;
      return -1;
    };
    await waitFor(() => find() >= 0, timeoutMs, 100);
    const index = find();
    return index >= 0 ? { text: this.lines[index]!, at: this.lineTimes[index]! } : undefined;
  }

  /** What npm start's run-state file says is running (its pids change as it restarts things). */
  running(): StartState {
    return JSON.parse(readFileSync(path.join(this.dataDir, "run", "start.json"), "utf8")) as StartState;
  }

  pidOf(service: string): number {
    const ref = this.running().services[service];
    if (!ref) throw new Error(`npm start's run state names no service "${service}".`);
    return ref.pid;
  }

  /** One short-lived connection per query: survives the case that stops Postgres. */
  async query<T extends pg.QueryResultRow = pg.QueryResultRow>(text: string, values: unknown[] = []): Promise<T[]> {
    const client = new pg.Client({ connectionString: this.databaseUrl, connectionTimeoutMillis: 5_000 });
    await client.connect();
    try {
      return (await client.query<T>(text, values)).rows;
    } finally {
      await client.end();
    }
  }

  /** Fast shutdown of Postgres, as `pg_ctl stop -m fast` would. */
  async stopDatabase(): Promise<void> {
    await this.database.stop();
  }

  /** Postgres again on the same folder and port (so DATABASE_URL stays valid). */
  async startDatabaseAgain(): Promise<void> {
    const port = Number(new URL(this.databaseUrl).port);
    this.database = await startDatabase({ dataDir: this.database.dataDir, port });
  }

  /**
   * Ctrl-C to npm start and waits for it (bounded), then makes sure nothing it started is left
   * (SIGKILL to any process group still alive), stops Postgres, unmounts and removes the temp
   * folder. Returns how npm start ended and what had to be killed. Safe to call twice.
   */
  private closing:
    | Promise<{ exit: { code: number | null; signal: NodeJS.Signals | null }; leftovers: string[] }>
    | undefined;
  close(): Promise<{ exit: { code: number | null; signal: NodeJS.Signals | null }; leftovers: string[] }> {
    this.closing ??= (async () => {
      let state: StartState | undefined;
      try {
        state = this.running();
      } catch {
        state = undefined;
      }
      if (this.exitedAt === undefined) this.child.kill("SIGINT");
      const stopped = await Promise.race([this.exited.then(() => true), sleep(STOP_TIMEOUT_MS).then(() => false)]);
      if (!stopped) {
        this.log(`npm start did not stop within ${STOP_TIMEOUT_MS / 1000} s of SIGINT; killing it`);
        this.child.kill("SIGKILL");
        await this.exited;
      }
      const leftovers: string[] = [];
      for (const [name, ref] of Object.entries(state?.services ?? {})) {
        if (!isRunning(ref)) continue;
        leftovers.push(`${name} (pid ${ref.pid})`);
        signalGroup(ref.pid, "SIGKILL");
      }
      await this.database.stop().catch((error: Error) => this.log(`Postgres did not stop: ${error.message}`));
      if (!this.tmpfsUnavailable) spawnSyncQuiet("umount", ["-l", this.dataDir]);
      rmSync(this.tempDir, { recursive: true, force: true });
      return { exit: await this.exited, leftovers };
    })();
    return this.closing;
  }
}

function spawnSyncQuiet(command: string, args: string[]): void {
  try {
    execFileSync(command, args, { stdio: "pipe" });
  } catch {
    // Best effort on the way out: the caller reports what matters (leftover processes).
  }
}
