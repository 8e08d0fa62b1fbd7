// `npm run bench` part `api`: request load on the API process and epoch
// fan-out to 1,000 graphql-ws subscribers, against a throwaway stack of its own
// (embedded Postgres + the API as its own process, loopback only; see
// lib/runs-stack.ts). Alone: node --import tsx bench/api.ts
//
// Load: autocannon, 16 connections, a fixed duration per figure after a short
// warm-up: `runs(teamId, first: 10) { id status currentEpoch }` with a bearer
// session, and `{ health { ok } }` with and without one.
//
// Fan-out: 1,000 clients subscribe to one QUEUED run, then this process claims
// it and records epochs through @headstart/runs (claimNextRun, recordEpoch:
// the trainer's own write path, minus the training), one every 250 ms.
// Latency per client and epoch from the NOTIFY as a plain LISTEN connection
// here received it (what remains is the API's fan-out and the socket) and
// from the EpochMetric row's createdAt.
import { availableParallelism, loadavg } from "node:os";
import { createPrismaClient } from "@headstart/db";
import {
  claimNextRun,
  enqueueRun,
  finishRun,
  heartbeat,
  parseRunConfig,
  RUN_EVENTS_CHANNEL,
  recordEpoch,
} from "@headstart/runs";
import autocannon from "autocannon";
import pg from "pg";
import { summarize } from "./lib/latency.ts";
import { type BenchTeam, connectWs, createBenchTeam, nowMs, type WsConnection, watchRun } from "./lib/runs-client.ts";
import { type RunsStack, startRunsStack } from "./lib/runs-stack.ts";

export type Report = (key: string, value: unknown, note?: string) => void;

const CONNECTIONS = 16;
const LOAD_SECONDS = Number(process.env.HEADSTART_BENCH_API_SECONDS ?? 10);
// A cold API process on a loaded machine keeps speeding up (JIT, pools) for several seconds.
const WARM_UP_SECONDS = 5;
const SUBSCRIBERS = Number(process.env.HEADSTART_BENCH_API_SUBSCRIBERS ?? 1000);
const FANOUT_EPOCHS = 20;
const EPOCH_INTERVAL_MS = 250;

const RUNS_QUERY = `query ($teamId: ID!) { runs(teamId: $teamId, first: 10) { edges { node { id status currentEpoch } } } }`;
const HEALTH_QUERY = `{ health { ok } }`;

interface LoadFigures {
  reqPerSec: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
}

async function load(url: string, body: string, headers: Record<string, string>, seconds: number): Promise<LoadFigures> {
  const result = await autocannon({
    url,
    method: "POST",
    connections: CONNECTIONS,
    duration: seconds,
    headers: { "content-type": "application/json", ...headers },
    body,
  });
  return {
    reqPerSec: Math.round(result.requests.average),
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
  };
}

/**
 * One request checked by hand: autocannon counts statuses, and a GraphQL error is still HTTP 200.
 * `check` says what else a right answer holds (a full page, say), so a figure never measures an empty one.
 */
async function checkAnswers(
  url: string,
  body: string,
  headers: Record<string, string>,
  what: string,
  check: (data: unknown) => boolean = () => true,
): Promise<void> {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body,
  });
  const json = (await response.json()) as { data?: unknown; errors?: unknown[] };
  if (!response.ok || json.errors?.length || !json.data || !check(json.data)) {
    throw new Error(`${what} does not answer cleanly (HTTP ${response.status}): ${JSON.stringify(json).slice(0, 400)}`);
  }
}

async function measure(
  report: Report,
  key: string,
  stack: RunsStack,
  body: string,
  headers: Record<string, string>,
  target: string,
  check?: (data: unknown) => boolean,
): Promise<void> {
  await checkAnswers(stack.api.url, body, headers, key, check);
  await load(stack.api.url, body, headers, WARM_UP_SECONDS);
  const figures = await load(stack.api.url, body, headers, LOAD_SECONDS);
  await checkAnswers(stack.api.url, body, headers, key, check);
  if (figures.non2xx > 0 || figures.errors > 0) {
    throw new Error(`${key}: ${figures.non2xx} non-2xx answers and ${figures.errors} errors under load.`);
  }
  report(
    key,
    { req_per_s: figures.reqPerSec, p50_ms: figures.p50, p99_ms: figures.p99 },
    `${CONNECTIONS} connections, ${LOAD_SECONDS} s; ${target}; load ${loadavg()[0].toFixed(2)}`,
  );
}

/** A dataset version and `count` finished runs in the team, written to the tables: the list has rows to page. */
async function seedRuns(
  stack: RunsStack,
  team: BenchTeam,
  count: number,
): Promise<{ datasetId: string; versionId: string }> {
  const prisma = createPrismaClient(stack.databaseUrl);
  try {
    const dataset = await prisma.dataset.create({
      data: {
        teamId: team.teamId,
        name: "bench api",
        task: "BINARY",
        labels: {
          create: [
            { name: "a", position: 0 },
            { name: "b", position: 1 },
          ],
        },
      },
    });
    const version = await prisma.datasetVersion.create({
      data: { datasetId: dataset.id, number: 1, imageCount: 0, snapshot: { labels: ["a", "b"], images: [] } },
    });
    const config = parseRunConfig({ epochs: 10 });
    for (let i = 0; i < count; i++) {
      const { id } = await enqueueRun(prisma, {
        teamId: team.teamId,
        datasetId: dataset.id,
        versionId: version.id,
        config,
      });
      await prisma.run.update({
        where: { id },
        data: { status: "SUCCEEDED", currentEpoch: 10, finishedAt: new Date() },
      });
    }
    return { datasetId: dataset.id, versionId: version.id };
  } finally {
    await prisma.$disconnect();
  }
}

async function fanOut(
  stack: RunsStack,
  team: BenchTeam,
  seeded: { datasetId: string; versionId: string },
  report: Report,
) {
  const prisma = createPrismaClient(stack.databaseUrl);
  const listener = new pg.Client({ connectionString: stack.databaseUrl });
  const connections: WsConnection[] = [];
  try {
    const { id: runId } = await enqueueRun(prisma, {
      teamId: team.teamId,
      ...seeded,
      config: parseRunConfig({ epochs: FANOUT_EPOCHS }),
      name: "bench fan-out",
    });
    const notifiedAt = new Map<number, number>();
    await listener.connect();
    listener.on("notification", (message) => {
      const at = nowMs();
      if (message.channel !== RUN_EVENTS_CHANNEL || !message.payload) return;
      const { event } = JSON.parse(message.payload) as {
        event: { type: string; runId: string; metric?: { epoch: number } };
      };
      if (event.type === "epoch" && event.runId === runId && event.metric) notifiedAt.set(event.metric.epoch, at);
    });
    await listener.query(`LISTEN ${RUN_EVENTS_CHANNEL}`);

    const received: { epoch: number; at: number }[][] = [];
    const finished: Promise<void>[] = [];
    const connectStarted = nowMs();
    // Waves of 50: a thousand simultaneous upgrades would measure the accept queue, not delivery.
    for (let wave = 0; wave < SUBSCRIBERS; wave += 50) {
      const opened = await Promise.all(
        Array.from({ length: Math.min(50, SUBSCRIBERS - wave) }, () => connectWs(stack.api, team.token)),
      );
      connections.push(...opened);
      await Promise.all(
        opened.map((connection) => {
          const log: { epoch: number; at: number }[] = [];
          received.push(log);
          const watch = watchRun(connection, runId, (update, at) => {
            if (update.kind === "EPOCH" && update.epoch) log.push({ epoch: update.epoch.epoch, at });
          });
          finished.push(watch.finished);
          return watch.subscribed;
        }),
      );
    }
    const connectSeconds = (nowMs() - connectStarted) / 1000;

    const lease = await claimNextRun(prisma, "bench-api-fanout");
    if (!lease || lease.runId !== runId)
      throw new Error("The fan-out run was not the one claimed; is a trainer running on this stack?");
    for (let epoch = 1; epoch <= FANOUT_EPOCHS; epoch++) {
      await new Promise((resolve) => setTimeout(resolve, EPOCH_INTERVAL_MS));
      await recordEpoch(prisma, lease, {
        epoch,
        phase: "head",
        loss: 1 / epoch,
        acc: 0.5 + epoch / (4 * FANOUT_EPOCHS),
        valLoss: 1 / epoch,
        valAcc: 0.5,
        seconds: EPOCH_INTERVAL_MS / 1000,
      });
      await heartbeat(prisma, lease);
    }
    await finishRun(prisma, lease, { status: "SUCCEEDED", metrics: {} });
    await Promise.race([
      Promise.all(finished),
      new Promise((_, reject) =>
        setTimeout(() => reject(new Error("Subscribers did not all finish within 60 s.")), 60_000),
      ),
    ]);

    const { rows } = await stack.sql.query<{ epoch: number; ms: number }>(
      `SELECT epoch, extract(epoch FROM "createdAt") * 1000 AS ms FROM "EpochMetric" WHERE "runId" = $1`,
      [runId],
    );
    const writtenAt = new Map(rows.map((row) => [row.epoch, Number(row.ms)]));
    const fromNotify: number[] = [];
    const fromWrite: number[] = [];
    let complete = 0;
    for (const log of received) {
      if (log.map((e) => e.epoch).join(",") === Array.from({ length: FANOUT_EPOCHS }, (_, i) => i + 1).join(","))
        complete += 1;
      for (const { epoch, at } of log) {
        const notified = notifiedAt.get(epoch);
        if (notified !== undefined) fromNotify.push(at - notified);
        fromWrite.push(at - writtenAt.get(epoch)!);
      }
    }
    // The tail follows the machine's load (two processes' worth of CPU per epoch), so the figure carries it.
    const note = `${SUBSCRIBERS} graphql-ws clients in this process, ${FANOUT_EPOCHS} epochs ${EPOCH_INTERVAL_MS} ms apart; load ${loadavg()[0].toFixed(2)}`;
    report(
      `api_fanout_${SUBSCRIBERS}_subscribers_connect_seconds`,
      Math.round(connectSeconds * 100) / 100,
      "connect + subscribe + state",
    );
    report(
      `api_fanout_${SUBSCRIBERS}_subscribers_ms_from_notify`,
      summarize(fromNotify),
      `${note}; target p99 <= 100 ms`,
    );
    report(
      `api_fanout_${SUBSCRIBERS}_subscribers_ms_from_epoch_write`,
      summarize(fromWrite),
      `${note}; from EpochMetric createdAt`,
    );
    report(
      `api_fanout_${SUBSCRIBERS}_subscribers_complete_in_order`,
      `${complete}/${SUBSCRIBERS}`,
      "every epoch once, in order",
    );
  } finally {
    await Promise.all(connections.map((connection) => connection.dispose()));
    await listener.end().catch(() => undefined);
    await prisma.$disconnect();
  }
}

export async function apiBenchmarks(report: Report): Promise<void> {
  // The machine is shared: these figures move with whatever else runs, which the load average shows.
  report(
    "api_load_average_1m_at_start",
    loadavg()[0],
    `${availableParallelism()} cores; wall-clock figures scale with whatever else runs`,
  );
  const stack = await startRunsStack((line) => console.log(line));
  try {
    const team = await createBenchTeam(stack.api);
    const seeded = await seedRuns(stack, team, 12);
    const bearer = { authorization: `Bearer ${team.token}` };
    await measure(
      report,
      "api_runs_first10_bearer",
      stack,
      JSON.stringify({ query: RUNS_QUERY, variables: { teamId: team.teamId } }),
      bearer,
      "target >= 1,000 req/s, p99 <= 50 ms",
      (data) => (data as { runs: { edges: unknown[] } }).runs.edges.length === 10,
    );
    await measure(
      report,
      "api_health_bearer",
      stack,
      JSON.stringify({ query: HEALTH_QUERY }),
      bearer,
      "health with a token",
    );
    await measure(
      report,
      "api_health_anonymous",
      stack,
      JSON.stringify({ query: HEALTH_QUERY }),
      {},
      "health without one",
    );
    await fanOut(stack, team, seeded, report);
  } finally {
    await stack.close();
  }
  report("api_load_average_1m_at_end", loadavg()[0]);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const summary: Record<string, unknown> = {};
  await apiBenchmarks((key, value, note = "") => {
    summary[key] = value;
    console.log(
      `${key}: ${typeof value === "number" ? value.toFixed(3) : JSON.stringify(value)}${note ? `  (${note})` : ""}`,
    );
  });
  console.log(JSON.stringify(summary));
}
