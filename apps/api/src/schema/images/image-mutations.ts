// Per-image edits: relabel (with an audit row), move to a split, exclude.
// Types and inputs: image-types.ts.
import { moveImage, relabelImage, requireImageRole, requireViewer, setImageExcluded } from "@headstart/domain";
import { builder } from "../builder.ts";
import { IMAGE_INCLUDE, ImageRef, MoveImageInput, RelabelImageInput, SetImageExcludedInput } from "./image-types.ts";

builder.mutationFields((t) => ({
  relabelImage: t.field({
    type: ImageRef,
    description: "Replaces the labels and records who changed them from what to what. Needs EDITOR.",
    authScopes: { authenticated: true },
    args: { input: t.arg({ type: RelabelImageInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const image = await requireImageRole(ctx, input.imageId, "EDITOR");
      await relabelImage(ctx.prisma, {
        imageId: image.id,
        labels: input.labels,
        actorId: requireViewer(ctx).userId,
        reason: input.reason,
      });
      return ctx.prisma.image.findUniqueOrThrow({ where: { id: image.id }, include: IMAGE_INCLUDE });
    },
  }),
  moveImage: t.field({
    type: ImageRef,
    description: "Moves the image to another split. Frozen versions keep the split they recorded. Needs EDITOR.",
    authScopes: { authenticated: true },
    args: { input: t.arg({ type: MoveImageInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const image = await requireImageRole(ctx, input.imageId, "EDITOR");
      await moveImage(ctx.prisma, image.id, input.split);
      return ctx.prisma.image.findUniqueOrThrow({ where: { id: image.id }, include: IMAGE_INCLUDE });
    },
  }),
  setImageExcluded: t.field({
    type: ImageRef,
    description: "Leaves the image out of (or puts it back into) the next version; the file stays. Needs EDITOR.",
    authScopes: { authenticated: true },
    args: { input: t.arg({ type: SetImageExcludedInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const image = await requireImageRole(ctx, input.imageId, "EDITOR");
      await setImageExcluded(ctx.prisma, image.id, input.excluded);
      return ctx.prisma.image.findUniqueOrThrow({ where: { id: image.id }, include: IMAGE_INCLUDE });
    },
  }),
}));
