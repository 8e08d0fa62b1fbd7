// Reading a dataset (`dataset`); listing is a field of Team. Types: dataset-types.ts.
import { requireDatasetRole } from "@headstart/domain";
import { builder } from "../builder.ts";
import { DatasetRef } from "./dataset-types.ts";

builder.queryFields((t) => ({
  dataset: t.field({
    type: DatasetRef,
    description: "A dataset of a team the caller belongs to.",
    args: { id: t.arg.id({ required: true }) },
    resolve: async (_root, { id }, ctx) => {
      await requireDatasetRole(ctx, id, "VIEWER");
      return ctx.prisma.dataset.findUniqueOrThrow({ where: { id: id.toLowerCase() } });
    },
  }),
}));
