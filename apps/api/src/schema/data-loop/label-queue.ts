// The unlabeled pool and its label queue: suggestLabels (a finished run
// predicts every unlabeled image), Dataset.labelQueue (most useful first) and
// labelFromQueue (accept the suggestion or pick another label, audited like a
// relabel). Services: packages/domain/src/data-loop.
import {
  type LabelQueueItem,
  type LabelQueueOrder,
  labelFromQueue,
  labelQueue,
  suggestLabels,
} from "@headstart/domain";
import { resolveOffsetConnection } from "@pothos/plugin-relay";
import { builder } from "../builder.ts";
import { DatasetRef, SplitEnum } from "../datasets/dataset-types.ts";
import { IMAGE_INCLUDE, ImageRef } from "../images/image-types.ts";
import { connectionComplexity, MAX_PAGE_SIZE } from "../pagination.ts";

const LabelQueueOrderEnum = builder.enumType("LabelQueueOrder", {
  values: {
    MARGIN: { description: "Smallest gap between the two most probable labels first: where the model is torn." },
    ENTROPY: { description: "Highest entropy of the suggestion's probabilities first." },
    RANDOM: { description: "A seeded random order, for comparison with the uncertainty orders." },
  } as const,
});

const LabelQueueItemRef = builder.objectRef<LabelQueueItem>("LabelQueueItem").implement({
  description: "An unlabeled image and the latest suggestion for it (null fields until a run has suggested).",
  fields: (t) => ({
    imageId: t.exposeID("imageId"),
    imageUrl: t.string({ resolve: (item) => `/images/${item.imageId}` }),
    thumbnailUrl: t.string({ resolve: (item) => `/thumbnails/${item.imageId}` }),
    split: t.field({ type: SplitEnum, resolve: (item) => item.split as "TRAIN" | "VAL" | "TEST" }),
    originalName: t.exposeString("originalName", { nullable: true }),
    suggestedLabel: t.exposeString("suggestedLabel", { nullable: true }),
    confidence: t.exposeFloat("confidence", { nullable: true, description: "Probability of the suggested label." }),
    margin: t.exposeFloat("margin", { nullable: true, description: "Top probability minus the second." }),
    entropy: t.exposeFloat("entropy", { nullable: true }),
    probabilities: t.exposeFloatList("probabilities", {
      description: "One per label of the suggesting run, in class order (empty without a suggestion).",
    }),
    runId: t.exposeID("runId", { nullable: true, description: "The run that suggested." }),
  }),
});

builder.objectField(DatasetRef, "labelQueue", (t) =>
  t.connection(
    {
      type: LabelQueueItemRef,
      description:
        "The unlabeled pool, most useful to label first (`order`, default MARGIN); images without a suggestion come last. Needs VIEWER.",
      complexity: connectionComplexity,
      args: {
        order: t.arg({ type: LabelQueueOrderEnum, required: false }),
        seed: t.arg.int({ required: false, description: "RANDOM only: the shuffle's seed (default 1)." }),
      },
      resolve: async (dataset, args, ctx) => {
        let counts = { remaining: 0, suggested: 0, labelled: 0 };
        const connection = await resolveOffsetConnection(
          { args, defaultSize: 20, maxSize: MAX_PAGE_SIZE },
          async ({ offset, limit }) => {
            const page = await labelQueue(
              ctx,
              dataset.id,
              (args.order ?? "MARGIN") as LabelQueueOrder,
              { offset, limit },
              args.seed ?? 1,
            );
            counts = page;
            return page.items;
          },
        );
        return Object.assign(connection, counts);
      },
    },
    {
      name: "LabelQueueConnection",
      fields: (c) => ({
        totalCount: c.int({
          description: "Unlabeled images left.",
          resolve: (connection) => (connection as unknown as { remaining: number }).remaining,
        }),
        suggestedCount: c.int({
          description: "Of those, how many carry a suggestion.",
          resolve: (connection) => (connection as unknown as { suggested: number }).suggested,
        }),
        labelledCount: c.int({
          description: "Images labelled from the queue so far.",
          resolve: (connection) => (connection as unknown as { labelled: number }).labelled,
        }),
      }),
    },
    { name: "LabelQueueEdge" },
  ),
);

const SuggestLabelsPayload = builder.objectRef<{ runId: string; suggested: number }>("SuggestLabelsPayload").implement({
  fields: (t) => ({
    runId: t.exposeID("runId", { description: "The run whose model suggested." }),
    suggested: t.exposeInt("suggested", { description: "Unlabeled images that now carry its suggestion." }),
  }),
});

const SuggestLabelsInput = builder.inputType("SuggestLabelsInput", {
  fields: (t) => ({
    datasetId: t.id({ required: true }),
    runId: t.id({ required: false, description: "Default: the dataset's latest SUCCEEDED run." }),
  }),
});

const LabelFromQueueInput = builder.inputType("LabelFromQueueInput", {
  fields: (t) => ({
    imageId: t.id({ required: true, description: "An image of the unlabeled pool." }),
    label: t.string({ required: true, description: "The suggestion, or any other label of the dataset." }),
  }),
});

builder.mutationFields((t) => ({
  suggestLabels: t.field({
    type: SuggestLabelsPayload,
    description:
      "Predicts every unlabeled image of the dataset with a finished run (in the API's prediction workers) and stores the suggestions the label queue offers. Needs EDITOR.",
    authScopes: { authenticated: true },
    args: { input: t.arg({ type: SuggestLabelsInput, required: true }) },
    resolve: (_root, { input }, ctx) =>
      suggestLabels(ctx, { datasetId: String(input.datasetId), runId: input.runId ? String(input.runId) : null }),
  }),
  labelFromQueue: t.field({
    type: ImageRef,
    description:
      "Gives an unlabeled image its label, recorded in its relabel history with the suggestion it had; the next frozen version holds it. Needs EDITOR.",
    authScopes: { authenticated: true },
    args: { input: t.arg({ type: LabelFromQueueInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const change = await labelFromQueue(ctx, { imageId: String(input.imageId), label: input.label });
      return ctx.prisma.image.findUniqueOrThrow({ where: { id: change.imageId }, include: IMAGE_INCLUDE });
    },
  }),
}));
