import { createTestDatabase, type TestDatabase } from "@headstart/db/testing";
import pg from "pg";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { RunEventHub } from "../src/event-hub.ts";
import {
  encodeNotification,
  parseSnapshot,
  RUN_EVENTS_CHANNEL,
  type RunEvent,
  RunEventPayloadTooLargeError,
  visibleInSnapshot,
} from "../src/events.ts";
import { recordEpoch, reportProgress } from "../src/progress.ts";
import { claimNextRun, enqueueRun, finishRun, RunNotFoundError, requestCancel } from "../src/queue.ts";
import { subscribeRunEvents } from "../src/subscribe.ts";
import { createFixture, sleep, smallConfig } from "./fixtures.ts";

let database: TestDatabase;
let hub: RunEventHub;

beforeAll(async () => {
  database = await createTestDatabase();
  hub = new RunEventHub({
    db: database.prisma,
    connectionString: database.url,
    reconnectDelayMs: { min: 50, max: 500 },
  });
  await hub.start();
});
// claimNextRun takes the oldest queued run: leftovers of an earlier test must not be the one claimed.
beforeEach(async () => {
  await database.prisma.run.updateMany({
    where: { status: { in: ["QUEUED", "RUNNING"] } },
    data: { status: "CANCELLED" },
  });
});
afterAll(async () => {
  await hub?.close();
  await database?.drop();
});

/** Pulls `count` events, failing instead of hanging if they do not come. */
async function take(events: AsyncIterator<RunEvent>, count: number, timeoutMs = 10_000): Promise<RunEvent[]> {
  const out: RunEvent[] = [];
  const deadline = Date.now() + timeoutMs;
  while (out.length < count) {
    const next = await Promise.race([events.next(), sleep(Math.max(0, deadline - Date.now())).then(() => null)]);
    if (next === null) throw new Error(`only ${out.length} of ${count} events arrived: ${JSON.stringify(out)}`);
    if (next.done) throw new Error(`subscription ended after ${out.length} events`);
    out.push(next.value);
  }
  return out;
}

/** The next event of `type`, skipping `state` resyncs (which carry no news a consumer could miss). */
async function nextOfType(events: AsyncIterator<RunEvent>, type: RunEvent["type"]): Promise<RunEvent> {
  for (;;) {
    const [event] = await take(events, 1);
    if (event!.type === type) return event!;
    if (event!.type !== "state") throw new Error(`expected a ${type} event, got ${JSON.stringify(event)}`);
  }
}

const metric = (epoch: number) => ({
  epoch,
  phase: "head",
  loss: 1 / epoch,
  acc: 0.5,
  valLoss: 0.9,
  valAcc: 0.6,
  seconds: 0.1,
});

describe("run events", () => {
  it("sends the current state first, then every live event in order", async () => {
    const db = database.prisma;
    const fx = await createFixture(db);
    const { id } = await enqueueRun(db, { ...fx, config: smallConfig });
    const events = subscribeRunEvents(hub, { runId: id });
    const [state] = await take(events, 1);
    expect(state).toMatchObject({ type: "state", run: { runId: id, status: "QUEUED", attempt: 0, epochs: [] } });

    const lease = (await claimNextRun(db, "t"))!;
    await reportProgress(db, lease, { stage: "embedding", pass: "images", done: 10, total: 20 });
    await recordEpoch(db, lease, metric(1));
    await recordEpoch(db, lease, metric(2));
    await finishRun(db, lease, { status: "SUCCEEDED", metrics: { valAcc: 0.6 } });

    const live = await take(events, 5);
    expect(live.map((e) => e.type)).toEqual(["status", "progress", "epoch", "epoch", "status"]);
    expect(live[0]).toMatchObject({ status: "RUNNING", attempt: 1, teamId: fx.teamId });
    expect(live[1]).toMatchObject({ progress: { stage: "embedding", pass: "images", done: 10, total: 20 } });
    expect(live[2]).toMatchObject({ metric: metric(1) });
    expect(live[4]).toMatchObject({ status: "SUCCEEDED" });
    await events.return!();
  });

  it("drops a notification that reaches the hub after the state read already included it", async () => {
    const db = database.prisma;
    const fx = await createFixture(db);
    const { id } = await enqueueRun(db, { ...fx, config: smallConfig });
    // The transaction id of a change committed before the subscriber reads state. On a busy machine its
    // NOTIFY can reach the LISTEN socket after that read (the CI saw [status QUEUED, status RUNNING, ...]).
    const [{ xid }] = await db.$queryRaw<{ xid: string }[]>`SELECT pg_current_xact_id()::text AS xid`;
    const events = subscribeRunEvents(hub, { runId: id });
    const [state] = await take(events, 1);
    expect(state).toMatchObject({ type: "state", run: { status: "QUEUED" } });

    const late = encodeNotification({
      type: "status",
      runId: id,
      teamId: fx.teamId,
      status: "QUEUED",
      attempt: 0,
      cancelRequested: false,
      error: null,
    });
    await db.$executeRaw`SELECT pg_notify(${RUN_EVENTS_CHANNEL}, json_build_object('xid', ${xid}::text, 'event', ${late}::json)::text)`;
    await claimNextRun(db, "t");
    const [next] = await take(events, 1);
    expect(next).toMatchObject({ type: "status", status: "RUNNING", attempt: 1 });
    await events.return!();
  });

  it("gives a late subscriber the epochs so far, then only newer events", async () => {
    const db = database.prisma;
    const fx = await createFixture(db);
    const { id } = await enqueueRun(db, { ...fx, config: smallConfig });
    const lease = (await claimNextRun(db, "t"))!;
    await recordEpoch(db, lease, metric(1));
    await reportProgress(db, lease, { stage: "training", phase: "head", epoch: 2, epochs: 3, batch: 4, batches: 8 });

    const events = subscribeRunEvents(hub, { runId: id });
    const [state] = await take(events, 1);
    expect(state).toMatchObject({
      type: "state",
      run: { status: "RUNNING", currentEpoch: 1, progress: { stage: "training", batch: 4 }, epochs: [metric(1)] },
    });
    await recordEpoch(db, lease, metric(2));
    const [next] = await take(events, 1);
    expect(next).toMatchObject({ type: "epoch", metric: { epoch: 2 } });
    await events.return!();
  });

  it("never replays an event the initial state already contains, under concurrent writes", async () => {
    const db = database.prisma;
    const fx = await createFixture(db);
    const { id } = await enqueueRun(db, { ...fx, config: smallConfig });
    const lease = (await claimNextRun(db, "t"))!;
    // Epochs land while subscribers are reading state: each must see every epoch exactly once.
    const writer = (async () => {
      for (let epoch = 1; epoch <= 30; epoch++) await recordEpoch(db, lease, metric(epoch));
    })();
    const subscribers = await Promise.all(
      Array.from({ length: 6 }, async (_, i) => {
        await sleep(i * 15);
        const events = subscribeRunEvents(hub, { runId: id });
        const seen: number[] = [];
        while (seen.length < 30 || seen[seen.length - 1] !== 30) {
          const [event] = await take(events, 1);
          if (event.type === "state") seen.push(...event.run.epochs.map((e) => e.epoch));
          if (event.type === "epoch") seen.push(event.metric.epoch);
        }
        await events.return!();
        return seen;
      }),
    );
    await writer;
    for (const seen of subscribers) expect(seen).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
  });

  it("filters a team's subscription to that team's runs", async () => {
    const db = database.prisma;
    const mine = await createFixture(db);
    const theirs = await createFixture(db);
    const existing = await enqueueRun(db, { ...mine, config: smallConfig });
    const events = subscribeRunEvents(hub, { teamId: mine.teamId });
    const [state] = await take(events, 1);
    expect(state).toMatchObject({ type: "state", run: { runId: existing.id } });

    await enqueueRun(db, { ...theirs, config: smallConfig });
    const added = await enqueueRun(db, { ...mine, config: smallConfig });
    await requestCancel(db, added.id);
    const live = await take(events, 2);
    expect(live).toEqual([
      expect.objectContaining({ type: "status", runId: added.id, status: "QUEUED" }),
      expect.objectContaining({ type: "status", runId: added.id, status: "CANCELLED" }),
    ]);
    await events.return!();
  });

  it("keeps only the latest progress for a consumer that falls behind", async () => {
    const db = database.prisma;
    const fx = await createFixture(db);
    const { id } = await enqueueRun(db, { ...fx, config: smallConfig });
    const lease = (await claimNextRun(db, "t"))!;
    const events = subscribeRunEvents(hub, { runId: id });
    await take(events, 1);
    for (let batch = 1; batch <= 20; batch++) {
      await reportProgress(db, lease, { stage: "training", phase: "head", epoch: 1, epochs: 1, batch, batches: 20 });
    }
    await recordEpoch(db, lease, metric(1));
    await sleep(300);
    const backlog = await take(events, 2);
    expect(backlog).toEqual([
      expect.objectContaining({ type: "progress", progress: expect.objectContaining({ batch: 20 }) }),
      expect.objectContaining({ type: "epoch" }),
    ]);
    await events.return!();
  });

  it("resends the current state after the LISTEN connection drops, then carries on", async () => {
    const db = database.prisma;
    const fx = await createFixture(db);
    const { id } = await enqueueRun(db, { ...fx, config: smallConfig });
    const lease = (await claimNextRun(db, "t"))!;
    // A hub that waits before reconnecting, so the epoch below is surely written while nobody listens.
    let noticeLoss: () => void = () => undefined;
    const lost = new Promise<void>((resolve) => (noticeLoss = resolve));
    const slowHub = new RunEventHub({
      db,
      connectionString: database.url,
      reconnectDelayMs: { min: 800, max: 800 },
      log: (message) => {
        if (message.includes("connection lost")) noticeLoss();
      },
    });
    const events = subscribeRunEvents(slowHub, { runId: id });
    try {
      await take(events, 1);
      const admin = new pg.Client({ connectionString: database.url });
      await admin.connect();
      try {
        const killed = await admin.query(
          `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
            WHERE query = 'LISTEN headstart_run_events' AND datname = current_database() AND pid <> pg_backend_pid()`,
        );
        expect(killed.rows.length).toBeGreaterThanOrEqual(1);
      } finally {
        await admin.end();
      }
      await lost;
      await recordEpoch(db, lease, metric(1));
      const [resent] = await take(events, 1);
      expect(resent).toMatchObject({ type: "state", run: { runId: id, epochs: [metric(1)] } });
      await recordEpoch(db, lease, metric(2));
      expect(await nextOfType(events, "epoch")).toMatchObject({ metric: { epoch: 2 } });
    } finally {
      await events.return!();
      await slowHub.close();
    }
    // The shared hub lost its connection too and must have recovered by itself. A `state` replaces
    // what a subscriber knew, so an extra one (from the hub's own resync) is allowed here.
    const fresh = subscribeRunEvents(hub, { runId: id });
    const [state] = await take(fresh, 1);
    expect(state).toMatchObject({ type: "state", run: { currentEpoch: 2 } });
    await recordEpoch(db, lease, metric(3));
    expect(await nextOfType(fresh, "epoch")).toMatchObject({ metric: { epoch: 3 } });
    await fresh.return!();
  });

  it("ends the iterator with RunNotFoundError for an unknown run, and on abort", async () => {
    const missing = subscribeRunEvents(hub, { runId: "00000000-0000-4000-8000-000000000000" });
    await expect(missing.next()).rejects.toBeInstanceOf(RunNotFoundError);

    const fx = await createFixture(database.prisma);
    const { id } = await enqueueRun(database.prisma, { ...fx, config: smallConfig });
    const controller = new AbortController();
    const events = subscribeRunEvents(hub, { runId: id }, { signal: controller.signal });
    await take(events, 1);
    const pending = events.next();
    controller.abort();
    expect(await pending).toEqual({ value: undefined, done: true });
  });

  it("wakes raw listeners (trainers) on every notification", async () => {
    const fx = await createFixture(database.prisma);
    const seen: string[] = [];
    const stop = hub.onNotification((event) => {
      if (event.teamId === fx.teamId) seen.push(event.type);
    });
    await enqueueRun(database.prisma, { ...fx, config: smallConfig });
    for (let i = 0; i < 50 && seen.length === 0; i++) await sleep(20);
    stop();
    expect(seen).toEqual(["status"]);
  });
});

describe("event encoding", () => {
  it("rejects payloads over the NOTIFY budget", () => {
    const huge = {
      type: "progress",
      runId: "r",
      teamId: "t",
      progress: { stage: "loading", done: 1, total: 1, pad: "x".repeat(8000) },
    };
    expect(() => encodeNotification(huge as never)).toThrow(RunEventPayloadTooLargeError);
  });

  it("applies Postgres' snapshot visibility rule", () => {
    const snapshot = parseSnapshot("100:105:101,103");
    expect(visibleInSnapshot(99n, snapshot)).toBe(true);
    expect(visibleInSnapshot(100n, snapshot)).toBe(true);
    expect(visibleInSnapshot(101n, snapshot)).toBe(false);
    expect(visibleInSnapshot(104n, snapshot)).toBe(true);
    expect(visibleInSnapshot(105n, snapshot)).toBe(false);
    expect(parseSnapshot("7:7:").inProgress.size).toBe(0);
  });
});
