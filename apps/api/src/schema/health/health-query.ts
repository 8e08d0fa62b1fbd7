// `health` answers without authentication so that the start script and load
// balancers can probe it.
import { builder } from "../builder.ts";

interface Health {
  db: boolean;
  version: string;
}

const HealthRef = builder.objectRef<Health>("Health").implement({
  description: "Whether the API and its database answer.",
  fields: (t) => ({
    ok: t.boolean({ description: "True when every dependency answers.", resolve: (health) => health.db }),
    db: t.exposeBoolean("db", { description: "The database answered `SELECT 1`." }),
    version: t.exposeString("version", { description: "The API's package version." }),
  }),
});

builder.queryField("health", (t) =>
  t.field({
    type: HealthRef,
    resolve: async (_root, _args, ctx) => {
      let db = false;
      try {
        await ctx.prisma.$queryRaw`SELECT 1`;
        db = true;
      } catch {
        // Reported as db: false; the probe itself must not fail.
      }
      return { db, version: ctx.config.version };
    },
  }),
);
