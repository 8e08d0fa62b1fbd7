// Epoch-event delivery to 100 graphql-ws subscribers of one run. Every client
// subscribes (and has the QUEUED state) before a trainer exists, so each must
// receive every epoch live, in order. Latency is measured per client and
// epoch from two reference points:
//   - the trainer's EpochMetric write (its createdAt, stamped inside the
//     transaction that also sends the NOTIFY, so just before the commit);
//   - the NOTIFY as a plain LISTEN connection in this process received it,
//     i.e. right after the commit: what remains is the API's fan-out.
import { RUN_EVENTS_CHANNEL } from "@headstart/runs";
import pg from "pg";
import { summarize } from "./lib/latency.ts";
import {
  type BenchTeam,
  connectWs,
  createRun,
  nowMs,
  type UploadedSample,
  type WsConnection,
  watchRun,
} from "./lib/runs-client.ts";
import type { RunsStack, TrainerHandle } from "./lib/runs-stack.ts";
import type { Report } from "./runs-training.ts";

const SUBSCRIBERS = 100;
const EPOCHS = 10;
const RUN_TIMEOUT_MS = 30 * 60_000;

interface ClientLog {
  first: string | null;
  epochs: { epoch: number; at: number }[];
  finalStatus: string | null;
}

export async function benchEpochFanOut(
  stack: RunsStack,
  team: BenchTeam,
  sample: UploadedSample,
  baseConfig: Record<string, unknown>,
  report: Report,
): Promise<void> {
  // Same data, backbone and seed as the training runs: the embeddings are cached, so the run is
  // mostly head epochs and the events come at a realistic but brisk pace.
  const runId = await createRun(team, sample.versionId, "bench fan-out", {
    ...baseConfig,
    epochs: EPOCHS,
    headUnits: 32,
  });

  const notifiedAt = new Map<number, number>();
  const listener = new pg.Client({ connectionString: stack.databaseUrl });
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

  const connections: WsConnection[] = [];
  let trainer: TrainerHandle | null = null;
  try {
    const connectStarted = nowMs();
    const logs: ClientLog[] = [];
    const finished: Promise<void>[] = [];
    // Connect in small waves: 100 simultaneous upgrades on two cores measure the accept queue, not delivery.
    for (let wave = 0; wave < SUBSCRIBERS; wave += 10) {
      const opened = await Promise.all(
        Array.from({ length: Math.min(10, SUBSCRIBERS - wave) }, () => connectWs(stack.api, team.token)),
      );
      connections.push(...opened);
      await Promise.all(
        opened.map((connection) => {
          const log: ClientLog = { first: null, epochs: [], finalStatus: null };
          logs.push(log);
          const watch = watchRun(connection, runId, (update, at) => {
            log.first ??= `${update.kind}:${update.status}`;
            if (update.kind === "EPOCH" && update.epoch) log.epochs.push({ epoch: update.epoch.epoch, at });
            if (
              update.kind === "STATUS" &&
              update.status &&
              ["SUCCEEDED", "FAILED", "CANCELLED"].includes(update.status)
            )
              log.finalStatus = update.status;
          });
          finished.push(watch.finished);
          return watch.subscribed;
        }),
      );
    }
    const connectSeconds = (nowMs() - connectStarted) / 1000;
    const notQueued = logs.filter((log) => log.first !== "STATE:QUEUED").length;
    if (notQueued > 0)
      throw new Error(
        `${notQueued} subscribers did not start from the QUEUED state; the fan-out figure would miss live epochs.`,
      );

    trainer = await stack.startTrainer("bench-fanout-trainer");
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        Promise.all(finished),
        new Promise<never>((_, reject) => {
          timer = setTimeout(
            () => reject(new Error(`The fan-out run did not finish within ${RUN_TIMEOUT_MS / 60_000} min.`)),
            RUN_TIMEOUT_MS,
          );
        }),
      ]);
    } finally {
      clearTimeout(timer);
    }

    const { rows } = await stack.sql.query<{ epoch: number; ms: number }>(
      `SELECT epoch, extract(epoch FROM "createdAt") * 1000 AS ms FROM "EpochMetric" WHERE "runId" = $1 ORDER BY epoch`,
      [runId],
    );
    const writtenAt = new Map(rows.map((row) => [row.epoch, Number(row.ms)]));
    const expected = rows.map((row) => row.epoch);
    if (expected.length === 0)
      throw new Error(`The fan-out run stored no epochs. Trainer output:\n${trainer.output().slice(-4000)}`);

    const fromWrite: number[] = [];
    const fromNotify: number[] = [];
    let complete = 0;
    for (const log of logs) {
      const order = log.epochs.map((e) => e.epoch);
      if (log.finalStatus === "SUCCEEDED" && order.join(",") === expected.join(",")) complete += 1;
      for (const { epoch, at } of log.epochs) {
        fromWrite.push(at - writtenAt.get(epoch)!);
        const notified = notifiedAt.get(epoch);
        if (notified !== undefined) fromNotify.push(at - notified);
      }
    }
    const note = `${SUBSCRIBERS} graphql-ws clients in one process, ${expected.length} epochs`;
    report(
      "runs_epoch_fanout_100_subscribers_connect_seconds",
      Math.round(connectSeconds * 100) / 100,
      "connect + subscribe + initial state for all",
    );
    report(
      "runs_epoch_fanout_100_subscribers_ms_from_epoch_write",
      summarize(fromWrite),
      `${note}; from the EpochMetric createdAt`,
    );
    report(
      "runs_epoch_fanout_100_subscribers_ms_from_notify",
      summarize(fromNotify),
      `${note}; from NOTIFY receipt on a LISTEN connection`,
    );
    report(
      "runs_epoch_fanout_100_subscribers_complete_in_order",
      `${complete}/${SUBSCRIBERS}`,
      `clients that got epochs ${expected[0]}..${expected.at(-1)} once each, in order, then SUCCEEDED`,
    );
  } finally {
    await Promise.all(connections.map((connection) => connection.dispose()));
    await listener.end();
    await trainer?.stop();
  }
}
