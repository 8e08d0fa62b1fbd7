// `health` answers without authentication so that the start script and load
// balancers can probe it.
import type { EventLoopDelay } from "../../server/event-loop-delay.ts";
import { builder } from "../builder.ts";

interface Health {
  db: boolean;
  version: string;
  eventLoopDelayMs: EventLoopDelay;
}

const EventLoopDelayRef = builder.objectRef<EventLoopDelay>("EventLoopDelay").implement({
  description:
    "How late the API process's event loop ran, in milliseconds, over the last measuring window (perf_hooks.monitorEventLoopDelay). A high p99 means work is blocking the thread that serves every request.",
  fields: (t) => ({
    p50: t.exposeFloat("p50"),
    p99: t.exposeFloat("p99"),
    max: t.exposeFloat("max"),
    windowSeconds: t.exposeFloat("windowSeconds", { description: "How many seconds the figures cover." }),
  }),
});

const HealthRef = builder.objectRef<Health>("Health").implement({
  description: "Whether the API and its database answer.",
  fields: (t) => ({
    ok: t.boolean({ description: "True when every dependency answers.", resolve: (health) => health.db }),
    db: t.exposeBoolean("db", { description: "The database answered `SELECT 1`." }),
    version: t.exposeString("version", { description: "The API's package version." }),
    eventLoopDelayMs: t.field({ type: EventLoopDelayRef, resolve: (health) => health.eventLoopDelayMs }),
  }),
});

builder.queryField("health", (t) =>
  t.field({
    type: HealthRef,
    resolve: async (_root, _args, ctx) => {
      let db = false;
      try {
        // The read pool when there is one: a plain pg round trip, without Prisma's query
        // pipeline on this thread (a probe under load should not cost what a real query does).
        if (ctx.readSql) await ctx.readSql({ text: "SELECT 1", values: [] });
        else await ctx.prisma.$queryRaw`SELECT 1`;
        db = true;
      } catch {
        // Reported as db: false; the probe itself must not fail.
      }
      return { db, version: ctx.config.version, eventLoopDelayMs: ctx.eventLoop.current() };
    },
  }),
);
