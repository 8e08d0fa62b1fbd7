// Child processes for the end-to-end stack: started with a readiness line to
// wait for, logs kept for the failure message, and always stopped (SIGTERM,
// then SIGKILL) so no test run leaves a server behind.
import { type ChildProcess, spawn } from "node:child_process";

export interface Managed {
  name: string;
  child: ChildProcess;
  /** The first regexp match on the readiness line. */
  ready: RegExpMatchArray;
  logs(): string;
  stop(): Promise<void>;
}

export interface StartOptions {
  name: string;
  command: string;
  args: string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
  readyPattern: RegExp;
  timeoutMs: number;
}

const MAX_LOG = 200_000;

export function startProcess(options: StartOptions): Promise<Managed> {
  const child = spawn(options.command, options.args, {
    cwd: options.cwd,
    env: options.env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let log = "";
  const append = (chunk: Buffer) => {
    log += chunk.toString();
    if (log.length > MAX_LOG) log = log.slice(-MAX_LOG);
  };
  child.stdout!.on("data", append);
  child.stderr!.on("data", append);

  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill("SIGTERM");
    const killer = setTimeout(() => child.kill("SIGKILL"), 10_000);
    await exited;
    clearTimeout(killer);
  };

  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      void stop().then(() =>
        reject(new Error(`${options.name} did not become ready within ${options.timeoutMs} ms. Its output:\n${log}`)),
      );
    }, options.timeoutMs);
    const onData = () => {
      const match = log.match(options.readyPattern);
      if (!match) return;
      clearTimeout(timer);
      child.stdout!.off("data", onData);
      child.stderr!.off("data", onData);
      resolve({ name: options.name, child, ready: match, logs: () => log, stop });
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", onData);
    child.once("exit", (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`${options.name} exited (${signal ?? code}) before it was ready. Its output:\n${log}`));
    });
  });
}
