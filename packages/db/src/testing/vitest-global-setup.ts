// Vitest globalSetup shared by every workspace: ONE Postgres server per
// `vitest run`, a migrated template database on it, and, through env vars,
// everything createTestDatabase() in the test workers needs to clone it.
import { randomBytes } from "node:crypto";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { createDatabase, dropDatabase, withClient, withDatabase } from "../admin.ts";
import { migrateDatabase } from "../migrate.ts";
import { PostgresCluster } from "../postgres/cluster.ts";
import { freePort } from "../postgres/ports.ts";
import {
  ADMIN_URL_ENV,
  sweepAbandonedTestServers,
  TEMPLATE_ENV,
  TEST_DB_PREFIX_ENV,
  writeOwner,
} from "./test-server.ts";

export default async function setup(): Promise<() => Promise<void>> {
  const runId = `${Date.now().toString(36)}_${randomBytes(3).toString("hex")}`;
  const template = `hs_template_${runId}`;
  const testPrefix = `hs_test_${runId}_`;
  const quiet = () => {};

  let cluster: PostgresCluster | undefined;
  let tempDir: string | undefined;
  let adminUrl: string;
  const external = process.env.DATABASE_URL;
  if (external) {
    // An external server (CI's PostgreSQL 15, say): our databases live next
    // to whatever is there, all named after this run so teardown finds them.
    adminUrl = external;
  } else {
    await sweepAbandonedTestServers();
    tempDir = await fs.mkdtemp(path.join(os.tmpdir(), "headstart-test-pg-"));
    // mkdtemp makes the folder 0700; as root the server runs as `postgres`,
    // which must be able to traverse it.
    await fs.chmod(tempDir, 0o755);
    await writeOwner(tempDir);
    cluster = await PostgresCluster.open({
      dataDir: path.join(tempDir, "pg"),
      port: await freePort(),
      fallbackPorts: 5,
      durable: false,
      detached: false,
      log: quiet,
    });
    await cluster.start();
    adminUrl = cluster.url("postgres");
  }

  const stop = async () => {
    await cluster?.stop();
    if (tempDir) await fs.rm(tempDir, { recursive: true, force: true });
  };
  try {
    await withClient(adminUrl, (client) => createDatabase(client, template));
    await migrateDatabase(withDatabase(adminUrl, template));
  } catch (error) {
    await withClient(adminUrl, (client) => dropDatabase(client, template)).catch(() => undefined);
    await stop();
    throw error;
  }

  process.env[ADMIN_URL_ENV] = adminUrl;
  process.env[TEMPLATE_ENV] = template;
  process.env[TEST_DB_PREFIX_ENV] = testPrefix;

  return async () => {
    // Suites should drop their own databases; this catches the ones that
    // failed before they could.
    await withClient(adminUrl, async (client) => {
      const { rows } = await client.query<{ datname: string }>(
        "SELECT datname FROM pg_database WHERE starts_with(datname, $1)",
        [testPrefix],
      );
      for (const row of rows) await dropDatabase(client, row.datname);
      await dropDatabase(client, template);
    }).catch((error) => {
      if (!cluster) throw error;
    });
    await stop();
  };
}
