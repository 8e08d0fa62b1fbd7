// Boots the real API (HTTP + graphql-ws) on a free port against a fresh,
// migrated database of its own. One per test file: `const api = await startTestApi()`
// in beforeAll, `await api.close()` in afterAll.

import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { createTestDatabase, type TestDatabase } from "@headstart/db/testing";
import { MIN_SCRYPT_COST } from "@headstart/domain";
import { type ApiConfig, defaultConfig } from "../../src/config.ts";
import { type ApiServer, startApiServer } from "../../src/server/index.ts";
import type { Logger } from "../../src/server/logger.ts";
import { GraphQLClient } from "./http-client.ts";

export interface LoggedError {
  message: string;
  error: unknown;
}

export interface TestApi {
  db: TestDatabase;
  server: ApiServer;
  config: ApiConfig;
  /** e.g. http://127.0.0.1:PORT/graphql */
  url: string;
  wsUrl: string;
  /** An anonymous client; `.as(credential)` for others. */
  http: GraphQLClient;
  /** Errors the server logged (masked internal errors land here, not on stdout). */
  loggedErrors: LoggedError[];
  close(): Promise<void>;
}

export async function startTestApi(overrides: Partial<Omit<ApiConfig, "dataDir">> = {}): Promise<TestApi> {
  const db = await createTestDatabase();
  const dataDir = await mkdtemp(path.join(os.tmpdir(), "headstart-api-test-"));
  const loggedErrors: LoggedError[] = [];
  const logger: Logger = {
    info: () => {},
    error: (message, error) => loggedErrors.push({ message, error }),
  };
  // Test accounts need no brute-force resistance; the default cost would make
  // each sign-up take hundreds of milliseconds on a two-core machine.
  const config = defaultConfig({ dataDir, scryptCost: MIN_SCRYPT_COST, ...overrides });
  let server: ApiServer;
  try {
    server = await startApiServer({ prisma: db.prisma, databaseUrl: db.url, config, port: 0, logger });
  } catch (error) {
    await db.drop();
    await rm(dataDir, { recursive: true, force: true });
    throw error;
  }
  return {
    db,
    server,
    config,
    url: server.url,
    wsUrl: server.wsUrl,
    http: new GraphQLClient(server.url),
    loggedErrors,
    async close() {
      await server.close();
      await db.drop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
