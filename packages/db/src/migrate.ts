import { spawn } from "node:child_process";
import fs from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import pg from "pg";
import { DatabaseError } from "./errors.ts";
import { MIGRATIONS_DIR, REPO_ROOT } from "./paths.ts";

// The CLI prints one of these once `migrate deploy` has committed its work.
const SUCCESS = /All migrations have been successfully applied|No pending migrations to apply/;
const DEPLOY_TIMEOUT_MS = 180_000;

function prismaCli(): string {
  const require = createRequire(import.meta.url);
  const pkg = require.resolve("prisma/package.json");
  return path.join(path.dirname(pkg), "build", "index.js");
}

/** Names of the migration folders in prisma/migrations, oldest first. */
export async function migrationNames(): Promise<string[]> {
  const entries = await fs.readdir(MIGRATIONS_DIR, { withFileTypes: true });
  const names: string[] = [];
  for (const entry of entries) {
    if (
      entry.isDirectory() &&
      (await fs.stat(path.join(MIGRATIONS_DIR, entry.name, "migration.sql")).catch(() => null))
    ) {
      names.push(entry.name);
    }
  }
  return names.sort();
}

/** Migrations that `_prisma_migrations` does not record as cleanly finished. */
export async function pendingMigrations(url: string): Promise<string[]> {
  const expected = await migrationNames();
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const table = await client.query("SELECT to_regclass('_prisma_migrations') IS NOT NULL AS present");
    if (!table.rows[0]?.present) return expected;
    const { rows } = await client.query<{ migration_name: string }>(
      "SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL",
    );
    const applied = new Set(rows.map((row) => row.migration_name));
    return expected.filter((name) => !applied.has(name));
  } finally {
    await client.end();
  }
}

/**
 * `prisma migrate deploy` against `url`, through prisma.config.ts (wasm
 * schema engine + pg adapter). Prisma 6.19's CLI keeps the process alive for
 * 10–60 s after it has finished (open timers in the adapter path), so we do
 * not wait for it to exit: once it prints its success line, and
 * `_prisma_migrations` shows every migration folder finished, it is stopped.
 */
export async function migrateDatabase(url: string, log: (line: string) => void = () => {}): Promise<void> {
  const child = spawn(process.execPath, [prismaCli(), "migrate", "deploy"], {
    cwd: REPO_ROOT,
    env: { ...process.env, DATABASE_URL: url, PRISMA_HIDE_UPDATE_MESSAGE: "1", CHECKPOINT_DISABLE: "1" },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  let output = "";
  const kill = () => {
    try {
      if (child.pid !== undefined && child.exitCode === null) process.kill(-child.pid, "SIGKILL");
    } catch {
      // Already exited.
    }
  };

  const outcome = await new Promise<{ printedSuccess: boolean; code: number | null; error?: Error }>((resolve) => {
    let printedSuccess = false;
    const timer = setTimeout(
      () => resolve({ printedSuccess, code: null, error: new Error(`no result within ${DEPLOY_TIMEOUT_MS / 1000} s`) }),
      DEPLOY_TIMEOUT_MS,
    );
    const onData = (chunk: Buffer) => {
      const text = chunk.toString("utf8");
      output += text;
      for (const line of text.split("\n")) if (line.trim()) log(line);
      if (!printedSuccess && SUCCESS.test(output)) {
        printedSuccess = true;
        clearTimeout(timer);
        resolve({ printedSuccess, code: null });
      }
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    child.once("error", (error) => {
      clearTimeout(timer);
      resolve({ printedSuccess, code: null, error });
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      resolve({ printedSuccess, code });
    });
  });

  try {
    if (!outcome.printedSuccess && (outcome.code !== 0 || outcome.error)) {
      throw new DatabaseError(
        "MIGRATION_FAILED",
        `prisma migrate deploy failed (${outcome.error?.message ?? `exit code ${outcome.code}`}). Fix the cause below and start again; the database keeps whatever migrations completed.\n${output.trim()}`,
        { cause: outcome.error },
      );
    }
    const pending = await pendingMigrations(url);
    if (pending.length > 0) {
      throw new DatabaseError(
        "MIGRATION_FAILED",
        `prisma migrate deploy reported success but _prisma_migrations does not show ${pending.join(", ")} as applied. Inspect that table (a failed migration must be resolved with \`prisma migrate resolve\`).\n${output.trim()}`,
      );
    }
  } finally {
    kill();
  }
}
