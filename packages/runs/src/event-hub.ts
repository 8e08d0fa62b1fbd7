// One LISTEN connection per process fans run notifications out to any number
// of subscribers. Each subscriber first gets the runs' current state read from
// the tables, then live events, with neither a gap nor a stale event between
// the two (see DbSnapshot in events.ts). When the connection drops the hub
// reconnects with backoff and every subscriber is re-sent the current state,
// because notifications sent while nobody listened are gone for good.

import { ListenConnection } from "@headstart/db";
import type { Db } from "./db-types.ts";
import {
  type DbSnapshot,
  decodeNotification,
  type EpochMetricPayload,
  parseSnapshot,
  type ReceivedNotification,
  RUN_EVENTS_CHANNEL,
  type RunEvent,
  type RunNotification,
  type RunProgress,
  type RunState,
  type RunStatus,
  visibleInSnapshot,
} from "./events.ts";
import { RunNotFoundError } from "./queue.ts";

export type RunEventFilter = { runId: string } | { teamId: string };

export interface RunEventHubOptions {
  db: Db;
  /** The LISTEN connection is a plain pg client: Prisma's pool hands connections back after each query. */
  connectionString: string;
  /** How many of a team's most recent runs its subscribers receive as initial state. */
  teamStateLimit?: number;
  /** A subscriber that falls this many events behind is resynchronised from the tables instead. */
  maxPendingEvents?: number;
  reconnectDelayMs?: { min: number; max: number };
  /** Round-trip check on the LISTEN connection, to notice a silently dead socket. */
  pingIntervalMs?: number;
  log?: (message: string) => void;
}

type Listener = (received: ReceivedNotification) => void;

export class RunEventHub {
  private readonly options: Required<Omit<RunEventHubOptions, "log">> & Pick<RunEventHubOptions, "log">;
  private readonly connection: ListenConnection;
  private readonly listeners = new Set<Listener>();
  private readonly subscriptions = new Set<RunSubscription>();
  /** Set while the connection is down after a drop: the next connect resends every subscriber's state. */
  private missedNotifications = false;
  private closed = false;

  constructor(options: RunEventHubOptions) {
    this.options = {
      teamStateLimit: 50,
      maxPendingEvents: 1000,
      reconnectDelayMs: { min: 250, max: 10_000 },
      pingIntervalMs: 30_000,
      ...options,
    };
    this.connection = new ListenConnection({
      connectionString: this.options.connectionString,
      channel: RUN_EVENTS_CHANNEL,
      reconnectDelayMs: this.options.reconnectDelayMs,
      pingIntervalMs: this.options.pingIntervalMs,
      onNotification: (payload) => {
        const received = decodeNotification(payload);
        if (!received) {
          this.options.log?.(`Ignored a malformed run notification: ${payload?.slice(0, 200)}`);
          return;
        }
        for (const listener of this.listeners) listener(received);
      },
      onLost: (error) => {
        this.options.log?.(`Run event connection lost (${error.message}); reconnecting.`);
        this.missedNotifications = true;
        for (const subscription of this.subscriptions) subscription.markStale();
      },
      onConnected: () => {
        if (!this.missedNotifications) return;
        this.missedNotifications = false;
        for (const subscription of this.subscriptions) subscription.resync();
      },
      onReconnectFailed: (error) => this.options.log?.(`Run event reconnect failed (${error.message}); retrying.`),
    });
  }

  get db(): Db {
    return this.options.db;
  }

  /** Connects and LISTENs; resolves once notifications flow. Subscribing starts the hub too. */
  async start(): Promise<void> {
    if (this.closed) throw new Error("This RunEventHub is closed; create a new one.");
    return this.connection.start();
  }

  /**
   * Raw notifications as they arrive, with no initial state: for processes
   * that react to events (a trainer waking on QUEUED, or stopping on cancel).
   * Returns the unsubscribe function.
   */
  onNotification(listener: (event: RunNotification) => void): () => void {
    const wrapped: Listener = (received) => listener(received.event);
    this.listeners.add(wrapped);
    return () => this.listeners.delete(wrapped);
  }

  /**
   * Current state of one run (or of a team's recent runs), then its live
   * events. End it with `return()` (a `for await` loop's `break` does that) or
   * with the abort signal.
   */
  subscribe(filter: RunEventFilter, { signal }: { signal?: AbortSignal } = {}): AsyncIterableIterator<RunEvent> {
    if (this.closed) throw new Error("This RunEventHub is closed; create a new one.");
    const subscription = new RunSubscription(this, filter, this.options.maxPendingEvents);
    this.subscriptions.add(subscription);
    this.listeners.add(subscription.listener);
    subscription.onClose = () => {
      this.subscriptions.delete(subscription);
      this.listeners.delete(subscription.listener);
    };
    if (signal) {
      if (signal.aborted) subscription.close();
      else signal.addEventListener("abort", () => subscription.close(), { once: true });
    }
    this.start().then(
      () => subscription.resync(),
      (error: Error) => subscription.fail(error),
    );
    return subscription;
  }

  /** Reads the state of the runs a filter covers, with the snapshot the read saw. */
  async readState(filter: RunEventFilter): Promise<{ snapshot: DbSnapshot; runs: RunState[] }> {
    return this.options.db.$transaction(
      async (tx) => {
        // First statement of a REPEATABLE READ transaction: this is the snapshot every read below uses.
        const [row] = await tx.$queryRaw<{ snapshot: string }[]>`SELECT pg_current_snapshot()::text AS snapshot`;
        const runs = await tx.run.findMany({
          where: "runId" in filter ? { id: filter.runId } : { teamId: filter.teamId },
          orderBy: { createdAt: "desc" },
          take: "runId" in filter ? 1 : this.options.teamStateLimit,
          select: {
            id: true,
            teamId: true,
            status: true,
            attempt: true,
            maxAttempts: true,
            cancelRequested: true,
            currentEpoch: true,
            progress: true,
            error: true,
            epochs: {
              orderBy: { epoch: "asc" },
              select: { epoch: true, phase: true, loss: true, acc: true, valLoss: true, valAcc: true, seconds: true },
            },
          },
        });
        if ("runId" in filter && runs.length === 0) throw new RunNotFoundError(filter.runId);
        return {
          snapshot: parseSnapshot(row!.snapshot),
          runs: runs.reverse().map(
            (run): RunState => ({
              runId: run.id,
              teamId: run.teamId,
              status: run.status as RunStatus,
              attempt: run.attempt,
              maxAttempts: run.maxAttempts,
              cancelRequested: run.cancelRequested,
              currentEpoch: run.currentEpoch,
              progress: (run.progress as RunProgress | null) ?? null,
              error: run.error,
              epochs: run.epochs as EpochMetricPayload[],
            }),
          ),
        };
      },
      { isolationLevel: "RepeatableRead" },
    );
  }

  /** Stops listening and ends every subscription. */
  async close(): Promise<void> {
    this.closed = true;
    for (const subscription of [...this.subscriptions]) subscription.close();
    await this.connection.close();
  }
}

function matches(filter: RunEventFilter, event: RunNotification): boolean {
  return "runId" in filter ? event.runId === filter.runId : event.teamId === filter.teamId;
}

class RunSubscription implements AsyncIterableIterator<RunEvent> {
  onClose: () => void = () => undefined;
  private readonly pending: RunEvent[] = [];
  /** Notifications received while a state read is in flight, judged against its snapshot afterwards. */
  private buffered: ReceivedNotification[] | null = [];
  /**
   * The snapshot of the last state read. A notification can reach the LISTEN socket after that read
   * returned (it travels on another connection, and a busy machine delays it), so every later
   * notification is judged against it too: one whose transaction the read already saw is stale.
   */
  private snapshot: DbSnapshot | null = null;
  private waiter: { resolve: (r: IteratorResult<RunEvent>) => void; reject: (e: Error) => void } | null = null;
  private failure: Error | null = null;
  private done = false;
  private syncGeneration = 0;

  constructor(
    private readonly hub: RunEventHub,
    private readonly filter: RunEventFilter,
    private readonly maxPending: number,
  ) {}

  readonly listener = (received: ReceivedNotification): void => {
    if (this.done || !matches(this.filter, received.event)) return;
    if (this.buffered) this.buffered.push(received);
    else if (!this.snapshot || !visibleInSnapshot(received.xid, this.snapshot)) this.push(received.event);
  };

  /** Events may have been missed: hold new ones until the next state read. */
  markStale(): void {
    this.buffered ??= [];
  }

  resync(): void {
    if (this.done) return;
    this.markStale();
    const generation = ++this.syncGeneration;
    this.hub.readState(this.filter).then(
      ({ snapshot, runs }) => {
        if (this.done || generation !== this.syncGeneration) return;
        const held = this.buffered ?? [];
        this.buffered = null;
        this.snapshot = snapshot;
        // Anything queued before this read is superseded by the state it returns.
        this.pending.length = 0;
        for (const run of runs) this.pending.push({ type: "state", run });
        for (const received of held) {
          if (!visibleInSnapshot(received.xid, snapshot)) this.push(received.event);
        }
        this.flush();
      },
      (error: Error) => this.fail(error),
    );
  }

  private push(event: RunEvent): void {
    if (event.type === "progress") {
      // Progress supersedes progress: a slow consumer gets the latest, not a backlog.
      const stale = this.pending.findIndex((e) => e.type === "progress" && e.runId === event.runId);
      if (stale >= 0) this.pending.splice(stale, 1);
    }
    this.pending.push(event);
    if (this.pending.length > this.maxPending) {
      this.resync();
      return;
    }
    this.flush();
  }

  private flush(): void {
    if (!this.waiter) return;
    const next = this.pending.shift();
    if (next) {
      const { resolve } = this.waiter;
      this.waiter = null;
      resolve({ value: next, done: false });
    }
  }

  fail(error: Error): void {
    if (this.done) return;
    this.failure = error;
    if (this.waiter) {
      const { reject } = this.waiter;
      this.waiter = null;
      this.close();
      reject(error);
    }
  }

  close(): void {
    if (this.done) return;
    this.done = true;
    this.pending.length = 0;
    this.onClose();
    if (this.waiter) {
      const { resolve } = this.waiter;
      this.waiter = null;
      resolve({ value: undefined, done: true });
    }
  }

  next(): Promise<IteratorResult<RunEvent>> {
    const value = this.pending.shift();
    if (value) return Promise.resolve({ value, done: false });
    if (this.failure) {
      const error = this.failure;
      this.failure = null;
      this.close();
      return Promise.reject(error);
    }
    if (this.done) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve, reject) => {
      this.waiter = { resolve, reject };
    });
  }

  return(): Promise<IteratorResult<RunEvent>> {
    this.close();
    return Promise.resolve({ value: undefined, done: true });
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<RunEvent> {
    return this;
  }
}
