// Reading one image with its relabel history. Types: image-types.ts.
import { requireImageRole } from "@headstart/domain";
import { builder } from "../builder.ts";
import { IMAGE_INCLUDE, ImageRef } from "./image-types.ts";

builder.queryFields((t) => ({
  image: t.field({
    type: ImageRef,
    args: { id: t.arg.id({ required: true }) },
    resolve: async (_root, { id }, ctx) => {
      const image = await requireImageRole(ctx, id, "VIEWER");
      return ctx.prisma.image.findUniqueOrThrow({ where: { id: image.id }, include: IMAGE_INCLUDE });
    },
  }),
}));
