// Reading a version and diffing two. Types: version-types.ts.
import { badUserInput, diffVersions, requireVersionRole } from "@headstart/domain";
import { builder } from "../builder.ts";
import { DatasetVersionRef, MAX_DIFF_ITEMS, VersionDiffRef } from "./version-types.ts";

builder.queryFields((t) => ({
  datasetVersion: t.field({
    type: DatasetVersionRef,
    args: { id: t.arg.id({ required: true }) },
    resolve: async (_root, { id }, ctx) => {
      const version = await requireVersionRole(ctx, id, "VIEWER");
      return ctx.prisma.datasetVersion.findUniqueOrThrow({ where: { id: version.id } });
    },
  }),
  datasetVersionDiff: t.field({
    type: VersionDiffRef,
    description: "Images added, removed, relabelled and moved between two versions of one dataset.",
    complexity: (args) => ({ field: 10, multiplier: Math.min(args.limit ?? 100, MAX_DIFF_ITEMS) / 100 }),
    args: {
      fromId: t.arg.id({ required: true }),
      toId: t.arg.id({ required: true }),
      limit: t.arg.int({
        required: false,
        defaultValue: 100,
        description: `Items per list, at most ${MAX_DIFF_ITEMS}.`,
      }),
    },
    resolve: async (_root, { fromId, toId, limit }, ctx) => {
      const from = await requireVersionRole(ctx, fromId, "VIEWER");
      const to = await requireVersionRole(ctx, toId, "VIEWER");
      const max = limit ?? 100;
      if (max < 0 || max > MAX_DIFF_ITEMS)
        throw badUserInput(`Ask for 0 to ${MAX_DIFF_ITEMS} items per list.`, "limit");
      return { diff: await diffVersions(ctx.prisma, from.id, to.id), limit: max };
    },
  }),
}));
