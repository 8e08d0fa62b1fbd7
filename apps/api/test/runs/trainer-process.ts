// A real trainer daemon as a child process, started exactly as `npm start`
// starts one, on the test's database and data folder.
import { type ChildProcess, spawn } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";

const TRAINER_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../trainer");

export interface TrainerProcess {
  output(): string;
  stop(): Promise<void>;
}

export async function startTrainer(env: { databaseUrl: string; dataDir: string; id: string }): Promise<TrainerProcess> {
  const child: ChildProcess = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
    cwd: TRAINER_DIR,
    env: {
      ...process.env,
      DATABASE_URL: env.databaseUrl,
      HEADSTART_DATA_DIR: env.dataDir,
      TRAINER_ID: env.id,
      TRAINER_HEALTH_PORT: "0",
      TRAINER_POLL_INTERVAL_MS: "1000",
      TRAINER_PROGRESS_INTERVAL_MS: "100",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let text = "";
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const ready = new Promise<void>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      text += chunk.toString("utf8");
      if (/polling for queued runs/.test(text)) resolve();
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", onData);
    child.once("exit", (code) =>
      reject(new Error(`The trainer exited (code ${code}) before polling. Output:\n${text}`)),
    );
  });
  const timeout = setTimeout(() => child.kill("SIGKILL"), 120_000);
  try {
    await ready;
  } finally {
    clearTimeout(timeout);
  }
  return {
    output: () => text,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill("SIGTERM");
      const forced = setTimeout(() => child.kill("SIGKILL"), 15_000);
      await exited;
      clearTimeout(forced);
    },
  };
}
