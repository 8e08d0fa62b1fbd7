// Boots the real Headstart stack for the browser tests: a fresh database
// cloned from the test template, the API, the trainer (when the workspace
// has one) and the production build of the web app, each on a free port.
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createTestDatabase, type TestDatabase } from "@headstart/db/testing";
import { type Managed, startProcess } from "./processes.ts";

export const WEB_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export const REPO_ROOT = path.resolve(WEB_DIR, "../..");

export interface Stack {
  webUrl: string;
  apiUrl: string;
  db: TestDatabase;
  dataDir: string;
  processes: Managed[];
  /** Output of every process, for a failing test's message. */
  logs(): string;
  stop(): Promise<void>;
}

export interface StackOptions {
  /** Start a trainer daemon too (needed once runs are started). */
  trainer?: boolean;
}

export async function startStack(options: StackOptions = {}): Promise<Stack> {
  const db = await createTestDatabase();
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), "headstart-web-e2e-"));
  const processes: Managed[] = [];
  const env = {
    ...process.env,
    DATABASE_URL: db.url,
    HEADSTART_DATA_DIR: dataDir,
    NEXT_TELEMETRY_DISABLED: "1",
  };
  const stop = async () => {
    await Promise.allSettled(processes.reverse().map((p) => p.stop()));
    await db.drop();
    await fs.rm(dataDir, { recursive: true, force: true });
  };
  try {
    const api = await startProcess({
      name: "api",
      command: process.execPath,
      args: ["--import", "tsx", "apps/api/src/main.ts"],
      cwd: REPO_ROOT,
      env: { ...env, API_PORT: "0", API_HOST: "127.0.0.1" },
      readyPattern: /listening on (http:\/\/[^/\s]+)\/graphql/,
      timeoutMs: 60_000,
    });
    processes.push(api);
    const apiUrl = api.ready[1];

    if (options.trainer) {
      processes.push(
        await startProcess({
          name: "trainer",
          command: process.execPath,
          args: ["--import", "tsx", "apps/trainer/src/main.ts"],
          cwd: REPO_ROOT,
          env: { ...env, HEADSTART_API_URL: apiUrl },
          readyPattern: /polling for queued runs/,
          timeoutMs: 90_000,
        }),
      );
    }

    const web = await startProcess({
      name: "web",
      command: process.execPath,
      args: ["--import", "tsx", "server/main.ts"],
      cwd: WEB_DIR,
      env: { ...env, WEB_PORT: "0", WEB_HOST: "127.0.0.1", HEADSTART_API_URL: apiUrl },
      readyPattern: /ready on (http:\/\/\S+)/,
      timeoutMs: 60_000,
    });
    processes.push(web);
    return {
      webUrl: web.ready[1],
      apiUrl,
      db,
      dataDir,
      processes,
      logs: () => processes.map((p) => `----- ${p.name} -----\n${p.logs()}`).join("\n"),
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
