// `viewer`: the signed-in account, or null for an anonymous caller.

import { builder } from "../builder.ts";
import { UserRef } from "./user-type.ts";

builder.queryField("viewer", (t) =>
  t.field({
    type: UserRef,
    nullable: true,
    description: "The signed-in user, or null when the request carries no valid credential.",
    resolve: (_root, _args, ctx) =>
      ctx.viewer ? ctx.prisma.user.findUnique({ where: { id: ctx.viewer.userId } }) : null,
  }),
);
