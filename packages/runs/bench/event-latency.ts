// Epoch-event delivery latency from the trainer's write (recordEpoch: upsert +
// NOTIFY in one transaction) to 100 subscribers, on one API process (one hub)
// and spread over four (four hubs, 25 subscribers each, as with replicas).
// Prints one line per figure, then one JSON summary line.
//   node --import tsx packages/runs/bench/event-latency.ts
// Uses DATABASE_URL when set, otherwise a throwaway embedded Postgres.
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { createPrismaClient, migrateDatabase, startDatabase } from "@headstart/db";
import { parseRunConfig } from "../src/config.ts";
import { RunEventHub } from "../src/event-hub.ts";
import { recordEpoch } from "../src/progress.ts";
import { claimNextRun, enqueueRun, finishRun } from "../src/queue.ts";
import type { RunEvent } from "../src/events.ts";

const EPOCHS = 50;
const SUBSCRIBERS = 100;

const dataDir = process.env.DATABASE_URL ? null : await mkdtemp(path.join(os.tmpdir(), "headstart-bench-pg-"));
if (dataDir) await import("node:fs/promises").then((fs) => fs.chmod(dataDir, 0o755));
const database = await startDatabase(dataDir ? { dataDir: path.join(dataDir, "pg") } : {});
const summary: Record<string, number> = {};
try {
  await migrateDatabase(database.url);
  const db = createPrismaClient(database.url);
  const team = await db.team.create({ data: { name: "Bench", slug: `bench-${Date.now()}` } });
  const dataset = await db.dataset.create({ data: { teamId: team.id, name: "bench", task: "BINARY" } });
  const version = await db.datasetVersion.create({
    data: { datasetId: dataset.id, number: 1, imageCount: 0, snapshot: { format: 1, task: "BINARY", labels: ["a", "b"], images: [] } },
  });

  for (const hubs of [1, 4]) {
    const { id: runId } = await enqueueRun(db, { teamId: team.id, datasetId: dataset.id, versionId: version.id, config: parseRunConfig({}) });
    const lease = (await claimNextRun(db, "bench"))!;
    const hubList = await Promise.all(
      Array.from({ length: hubs }, async () => {
        const hub = new RunEventHub({ db: createPrismaClient(database.url), connectionString: database.url });
        await hub.start();
        return hub;
      }),
    );
    const sentAt = new Map<number, number>();
    const latencies: number[] = [];
    let pending = 0;
    let allDelivered: () => void = () => undefined;
    const consumers = Array.from({ length: SUBSCRIBERS }, async (_, i) => {
      const events = hubList[i % hubs]!.subscribe({ runId });
      let ready = false;
      for await (const event of events as AsyncIterable<RunEvent>) {
        if (event.type === "state" && !ready) {
          ready = true;
          pending -= 1;
          if (pending === 0) allDelivered();
        }
        if (event.type === "epoch") {
          latencies.push(performance.now() - sentAt.get(event.metric.epoch)!);
          if (--pending === 0) allDelivered();
          if (event.metric.epoch === EPOCHS) break;
        }
      }
    });
    const round = () => new Promise<void>((resolve) => (allDelivered = resolve));
    pending = SUBSCRIBERS;
    await round();
    for (let epoch = 1; epoch <= EPOCHS; epoch++) {
      pending = SUBSCRIBERS;
      const delivered = round();
      sentAt.set(epoch, performance.now());
      await recordEpoch(db, lease, { epoch, phase: "head", loss: 1 / epoch, acc: 0.5, valLoss: 0.5, valAcc: 0.5, seconds: 0.1 });
      await delivered;
    }
    await Promise.all(consumers);
    await finishRun(db, lease, { status: "SUCCEEDED", metrics: {} });
    for (const hub of hubList) {
      await hub.close();
      await hub.db.$disconnect();
    }
    latencies.sort((a, b) => a - b);
    const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))]!;
    const key = `epoch_event_latency_${SUBSCRIBERS}_subscribers_${hubs}_hub${hubs > 1 ? "s" : ""}_ms`;
    summary[`${key}_p50`] = at(0.5);
    summary[`${key}_p99`] = at(0.99);
    console.log(`${key}: p50 ${at(0.5).toFixed(2)}  p99 ${at(0.99).toFixed(2)}  (${latencies.length} deliveries, write to receipt)`);
  }
  await db.$disconnect();
} finally {
  await database.stop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
}
console.log(JSON.stringify(summary));
