// Images over GraphQL: listing a dataset's images, reading one with its
// relabel history, and the per-image edits (relabel, move, exclude). Bytes
// travel over plain HTTP (see src/http/upload.ts and src/http/images.ts).
import type { LabelChange, Prisma } from "@headstart/db";
import { UserRef } from "../auth/user-type.ts";
import { builder } from "../builder.ts";
import { DatasetRef, SplitEnum } from "../datasets/dataset-types.ts";
import { connectionComplexity, resolveKeysetConnection } from "../pagination.ts";

/** Every image query loads the labels with it, so a page of images is two queries, not one per image. */
export const IMAGE_INCLUDE = { labels: { select: { label: { select: { name: true, position: true } } } } } as const;

export type ImageRow = Prisma.ImageGetPayload<{ include: typeof IMAGE_INCLUDE }>;

export const ImageRef = builder.objectRef<ImageRow>("Image").implement({
  fields: (t) => ({
    id: t.exposeID("id"),
    sha256: t.exposeString("sha256", { description: "Hex SHA-256 of the file: an image is stored once per dataset." }),
    width: t.exposeInt("width"),
    height: t.exposeInt("height"),
    byteSize: t.exposeInt("byteSize"),
    mime: t.exposeString("mime", { description: "Detected from the content, never from the file name." }),
    originalName: t.exposeString("originalName", { nullable: true }),
    split: t.field({ type: SplitEnum, resolve: (image) => image.split }),
    excluded: t.exposeBoolean("excluded", { description: "Kept, but left out of new versions." }),
    labels: t.stringList({
      description: "Label names in class order.",
      resolve: (image) =>
        [...image.labels].sort((a, b) => a.label.position - b.label.position).map((l) => l.label.name),
    }),
    createdAt: t.expose("createdAt", { type: "DateTime" }),
    url: t.string({
      description: "The original file, served with the same access rules as GraphQL (relative to the API origin).",
      resolve: (image) => `/images/${image.id}`,
    }),
    thumbnailUrl: t.string({
      description: "A small WebP preview (at most 256 px on the longer side).",
      resolve: (image) => `/thumbnails/${image.id}`,
    }),
    dataset: t.field({
      type: DatasetRef,
      resolve: (image, _args, ctx) => ctx.prisma.dataset.findUniqueOrThrow({ where: { id: image.datasetId } }),
    }),
    labelChanges: t.connection(
      {
        type: LabelChangeRef,
        description: "The relabel history (audit trail), oldest first.",
        complexity: connectionComplexity,
        resolve: (image, args, ctx) =>
          resolveKeysetConnection(args, (page) =>
            ctx.prisma.labelChange.findMany({
              where: { imageId: image.id, ...page.where },
              orderBy: page.orderBy,
              take: page.take,
            }),
          ),
      },
      { name: "LabelChangeConnection" },
      { name: "LabelChangeEdge" },
    ),
  }),
});

const LabelChangeRef = builder.objectRef<LabelChange>("LabelChange").implement({
  description: "One relabel: who, when, from which labels to which.",
  fields: (t) => ({
    id: t.exposeID("id"),
    from: t.exposeStringList("from"),
    to: t.exposeStringList("to"),
    reason: t.exposeString("reason", { nullable: true }),
    createdAt: t.expose("createdAt", { type: "DateTime" }),
    user: t.field({
      type: UserRef,
      nullable: true,
      description: "Null when the account was deleted since.",
      resolve: (change, _args, ctx) =>
        change.userId ? ctx.prisma.user.findUnique({ where: { id: change.userId } }) : null,
    }),
  }),
});

const ImageFilter = builder.inputType("ImageFilter", {
  fields: (t) => ({
    split: t.field({ type: SplitEnum, required: false }),
    label: t.string({ required: false, description: "Only images carrying this label." }),
    excluded: t.boolean({ required: false, description: "Default: both." }),
  }),
});

builder.objectField(DatasetRef, "images", (t) =>
  t.connection(
    {
      type: ImageRef,
      description: "Images in upload order.",
      complexity: connectionComplexity,
      args: { filter: t.arg({ type: ImageFilter, required: false }) },
      resolve: async (dataset, args, ctx) => {
        const filter = args.filter ?? {};
        return resolveKeysetConnection(args, (page) =>
          ctx.prisma.image.findMany({
            where: {
              datasetId: dataset.id,
              ...(filter.split ? { split: filter.split } : {}),
              ...(filter.excluded != null ? { excluded: filter.excluded } : {}),
              ...(filter.label != null ? { labels: { some: { label: { name: filter.label } } } } : {}),
              ...page.where,
            },
            orderBy: page.orderBy,
            take: page.take,
            include: IMAGE_INCLUDE,
          }),
        );
      },
    },
    { name: "ImageConnection" },
    { name: "ImageEdge" },
  ),
);

export const RelabelImageInput = builder.inputType("RelabelImageInput", {
  fields: (t) => ({
    imageId: t.id({ required: true }),
    labels: t.stringList({
      required: true,
      description: "The complete new set: one label, or any subset for MULTILABEL.",
    }),
    reason: t.string({ required: false, description: "Kept in the audit trail." }),
  }),
});

export const MoveImageInput = builder.inputType("MoveImageInput", {
  fields: (t) => ({
    imageId: t.id({ required: true }),
    split: t.field({ type: SplitEnum, required: true }),
  }),
});

export const SetImageExcludedInput = builder.inputType("SetImageExcludedInput", {
  fields: (t) => ({
    imageId: t.id({ required: true }),
    excluded: t.boolean({ required: true }),
  }),
});
