// Live run updates over graphql-ws. Events come from @headstart/runs' LISTEN
// hub (trainer -> Postgres NOTIFY -> every API process), so any number of API
// replicas serve them. Every subscription first receives the current state.

import { requireRunRole, requireTeamRole, requireUuid, requireViewer } from "@headstart/domain";
import { type EpochMetricPayload, isTerminal, type RunEvent, type RunProgress, type RunStatus } from "@headstart/runs";
import type { EventOnlyFields } from "../../server/shared-subscription-execution.ts";
import { builder } from "../builder.ts";
import { EpochMetricRef, RunProgressRef, RunRef, RunStatusEnum } from "./run-types.ts";

const RunUpdateKindEnum = builder.enumType("RunUpdateKind", {
  values: {
    STATE: { description: "The run as it stands: sent first, and again after the server had to resynchronise." },
    STATUS: { description: "The status, attempt or cancel flag changed." },
    EPOCH: { description: "An epoch finished; `epoch` holds its metrics." },
    PROGRESS: { description: "Progress inside the current stage (images embedded, batch i of n)." },
  } as const,
});

function kindOf(event: RunEvent): "STATE" | "STATUS" | "EPOCH" | "PROGRESS" {
  return event.type === "state"
    ? "STATE"
    : event.type === "status"
      ? "STATUS"
      : event.type === "epoch"
        ? "EPOCH"
        : "PROGRESS";
}

function runIdOf(event: RunEvent): string {
  return event.type === "state" ? event.run.runId : event.runId;
}

function statusOf(event: RunEvent): RunStatus | null {
  return event.type === "state" ? event.run.status : event.type === "status" ? event.status : null;
}

const RunUpdateRef = builder.objectRef<RunEvent>("RunUpdate").implement({
  description: "One change to a run. Fields that do not apply to the kind are null.",
  fields: (t) => ({
    kind: t.field({ type: RunUpdateKindEnum, resolve: kindOf }),
    runId: t.id({ resolve: runIdOf }),
    status: t.field({ type: RunStatusEnum, nullable: true, description: "STATE and STATUS.", resolve: statusOf }),
    attempt: t.int({
      nullable: true,
      resolve: (e) => (e.type === "state" ? e.run.attempt : e.type === "status" ? e.attempt : null),
    }),
    cancelRequested: t.boolean({
      nullable: true,
      resolve: (e) => (e.type === "state" ? e.run.cancelRequested : e.type === "status" ? e.cancelRequested : null),
    }),
    error: t.string({
      nullable: true,
      resolve: (e) => (e.type === "state" ? e.run.error : e.type === "status" ? e.error : null),
    }),
    currentEpoch: t.int({
      nullable: true,
      description: "STATE: the last finished epoch.",
      resolve: (e) => (e.type === "state" ? e.run.currentEpoch : null),
    }),
    epochs: t.field({
      type: [EpochMetricRef],
      nullable: true,
      description: "STATE: every epoch finished so far, in order.",
      resolve: (e): EpochMetricPayload[] | null => (e.type === "state" ? e.run.epochs : null),
    }),
    epoch: t.field({
      type: EpochMetricRef,
      nullable: true,
      description: "EPOCH: the epoch that just finished.",
      resolve: (e): EpochMetricPayload | null => (e.type === "epoch" ? e.metric : null),
    }),
    progress: t.field({
      type: RunProgressRef,
      nullable: true,
      description: "STATE (while running) and PROGRESS.",
      resolve: (e): RunProgress | null =>
        e.type === "state" ? e.run.progress : e.type === "progress" ? e.progress : null,
    }),
    run: t.field({
      type: RunRef,
      nullable: true,
      description: "The whole run read now (one query per update: select it only when needed).",
      resolve: (e, _args, ctx) => ctx.prisma.run.findUnique({ where: { id: runIdOf(e) } }),
    }),
  }),
});

/**
 * Fields whose resolvers read only the event they are given: no database, no
 * viewer, no context. An operation that selects nothing else is executed once
 * per event and the result sent to every subscriber with the same selection
 * (server/shared-subscription-execution.ts); one that selects anything else,
 * such as `RunUpdate.run` (a query with the subscriber's context), is executed
 * per subscriber. List a field here only if that holds for its resolver.
 */
export const RUN_EVENT_ONLY_FIELDS: EventOnlyFields = {
  Subscription: new Set(["runUpdated", "teamRunsUpdated"]),
  RunUpdate: new Set([
    "kind",
    "runId",
    "status",
    "attempt",
    "cancelRequested",
    "error",
    "currentEpoch",
    "epochs",
    "epoch",
    "progress",
  ]),
  EpochMetric: new Set(["epoch", "phase", "loss", "acc", "valLoss", "valAcc", "seconds"]),
  RunProgress: new Set([
    "stage",
    "done",
    "total",
    "cached",
    "pass",
    "phase",
    "step",
    "epoch",
    "epochs",
    "batch",
    "batches",
  ]),
};

/**
 * Forwards `return()` straight to the hub's iterator (an async generator
 * would only see it at its next yield, keeping a finished subscription alive
 * until the run's next event) and, for one run, ends after its final status.
 */
function endingWithRun(
  source: AsyncIterableIterator<RunEvent>,
  endOnTerminal: boolean,
): AsyncIterableIterator<RunEvent> {
  let ended = false;
  const iterator: AsyncIterableIterator<RunEvent> = {
    async next() {
      if (ended) return { done: true, value: undefined };
      const result = await source.next();
      if (result.done) return result;
      const status = statusOf(result.value);
      if (endOnTerminal && status && isTerminal(status)) {
        ended = true;
        await source.return?.();
      }
      return result;
    },
    async return() {
      ended = true;
      await source.return?.();
      return { done: true, value: undefined };
    },
    [Symbol.asyncIterator]: () => iterator,
  };
  return iterator;
}

builder.subscriptionType({});

builder.subscriptionFields((t) => ({
  runUpdated: t.field({
    type: RunUpdateRef,
    description:
      "The run's current state, then every status change, finished epoch and progress step, in order. Completes after the run's final status (SUCCEEDED, FAILED or CANCELLED).",
    args: { runId: t.arg.id({ required: true }) },
    subscribe: async (_root, { runId }, ctx) => {
      const run = await requireRunRole(ctx, runId, "VIEWER");
      // Ends with NOT_FOUND if the subscriber leaves the team meanwhile.
      return ctx.access.guards.guard(
        requireViewer(ctx).userId,
        run.teamId,
        endingWithRun(ctx.runs.subscribe({ runId: run.id }), true),
      );
    },
    resolve: (event) => event,
  }),
  teamRunsUpdated: t.field({
    type: RunUpdateRef,
    description: "The state of the team's 50 most recent runs, then every update to any of the team's runs.",
    args: { teamId: t.arg.id({ required: true }) },
    subscribe: async (_root, { teamId }, ctx) => {
      const id = requireUuid(teamId, "team");
      await requireTeamRole(ctx, id, "VIEWER");
      return ctx.access.guards.guard(
        requireViewer(ctx).userId,
        id,
        endingWithRun(ctx.runs.subscribe({ teamId: id }), false),
      );
    },
    resolve: (event) => event,
  }),
}));
