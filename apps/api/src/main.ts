// `node --import tsx apps/api/src/main.ts`: the API process the start script
// launches. Configuration comes from the environment.

import path from "node:path";
import { fileURLToPath } from "node:url";
import { createPrismaClient } from "@headstart/db";
import { defaultConfig } from "./config.ts";
import { startApiServer } from "./server/index.ts";

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");

function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

const databaseUrl = process.env.DATABASE_URL;
if (!databaseUrl) {
  fail(
    "DATABASE_URL is not set. Start Headstart with `npm start`, which runs Postgres and passes it, or set it yourself.",
  );
}
const port = Number(process.env.API_PORT ?? 4000);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  fail(`API_PORT must be a port number (0-65535); got "${process.env.API_PORT}".`);
}
const host = process.env.API_HOST ?? "127.0.0.1";
const dataDir = path.resolve(process.env.HEADSTART_DATA_DIR ?? path.join(REPO_ROOT, ".data"));
const webOrigins = (process.env.HEADSTART_WEB_ORIGINS ?? "")
  .split(",")
  .map((origin) => origin.trim())
  .filter((origin) => origin.length > 0);

const trustedProxies = (process.env.HEADSTART_TRUSTED_PROXIES ?? "")
  .split(",")
  .map((address) => address.trim())
  .filter((address) => address.length > 0);

const prisma = createPrismaClient(databaseUrl);
const server = await startApiServer({
  prisma,
  databaseUrl,
  port,
  host,
  config: defaultConfig({
    dataDir,
    secureCookies: process.env.HEADSTART_SECURE_COOKIES === "true",
    ...(webOrigins.length > 0 ? { webOrigins } : {}),
    ...(trustedProxies.length > 0 ? { trustedProxies } : {}),
  }),
});
console.log(`Headstart API listening on ${server.url} (WebSocket ${server.wsUrl}); data in ${dataDir}`);

let stopping = false;
async function shutdown(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  console.log(`${signal} received: closing the API.`);
  const forced = setTimeout(() => {
    console.error("The API did not close within 10 s; exiting anyway.");
    process.exit(1);
  }, 10_000);
  forced.unref();
  try {
    await server.close();
    await prisma.$disconnect();
  } finally {
    process.exit(0);
  }
}
process.on("SIGINT", () => void shutdown("SIGINT"));
process.on("SIGTERM", () => void shutdown("SIGTERM"));
