// Placeholder entry point for the trainer daemon, so that `npm start` has a
// process to run until the trainer's queue loop lands here. It only proves
// the database is reachable and reports the queue it will work through.
import { RunStatus, createPrismaClient } from "@headstart/db";

const url = process.env.DATABASE_URL;
if (!url) {
  console.error("DATABASE_URL is not set. Start Headstart with `npm start`, which runs Postgres and passes it.");
  process.exit(1);
}
const prisma = createPrismaClient(url);
const POLL_MS = 5_000;

let lastReported: number | undefined;
async function poll(): Promise<void> {
  const queued = await prisma.run.count({ where: { status: RunStatus.QUEUED } });
  if (queued !== lastReported) console.log(`polling for queued runs: ${queued} queued (training is not implemented yet)`);
  lastReported = queued;
}

await poll();
const timer = setInterval(() => {
  poll().catch((error: Error) => console.error(`poll failed: ${error.message}`));
}, POLL_MS);

async function shutdown(): Promise<void> {
  clearInterval(timer);
  await prisma.$disconnect();
  process.exit(0);
}
process.once("SIGINT", () => void shutdown());
process.once("SIGTERM", () => void shutdown());
