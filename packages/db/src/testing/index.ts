// Test helpers for every workspace: each suite gets its own database, cloned
// from the migrated template that vitest-global-setup.ts prepared.
import { randomBytes } from "node:crypto";
import type { PrismaClient } from "../../generated/client/index.js";
import { createDatabase, dropDatabase, withClient, withDatabase } from "../admin.ts";
import { createPrismaClient } from "../client.ts";
import { DatabaseError } from "../errors.ts";
import { ADMIN_URL_ENV, TEMPLATE_ENV, TEST_DB_PREFIX_ENV } from "./test-server.ts";

export interface TestDatabase {
  /** Connection string of this suite's own database. */
  url: string;
  prisma: PrismaClient;
  /** Disconnects `prisma` and drops the database (other connections are ended). */
  drop(): Promise<void>;
}

/** A fresh, fully migrated database of its own (a copy of the run's template). */
export async function createTestDatabase(): Promise<TestDatabase> {
  const adminUrl = process.env[ADMIN_URL_ENV];
  const template = process.env[TEMPLATE_ENV];
  const prefix = process.env[TEST_DB_PREFIX_ENV];
  if (!adminUrl || !template || !prefix) {
    throw new DatabaseError(
      "TEST_SETUP_MISSING",
      `createTestDatabase() needs the test server started by @headstart/db's vitest global setup (${ADMIN_URL_ENV} is unset). Add to this workspace's vitest.config.ts: test: { globalSetup: ["@headstart/db/vitest-global-setup"] } (see packages/db/README.md).`,
    );
  }
  const name = `${prefix}${randomBytes(6).toString("hex")}`;
  await withClient(adminUrl, (client) => createDatabase(client, name, template));
  const url = withDatabase(adminUrl, name);
  const prisma = createPrismaClient(url);
  let dropped = false;
  return {
    url,
    prisma,
    async drop() {
      if (dropped) return;
      dropped = true;
      await prisma.$disconnect();
      await withClient(adminUrl, (client) => dropDatabase(client, name));
    },
  };
}
