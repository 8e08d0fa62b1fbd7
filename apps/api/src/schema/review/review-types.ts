// Reviewing a finished run: per class, what the model is surest and least
// sure about, what it gets wrong with conviction, and which training labels
// look wrong; plus the decisions reviewers take on them.
import type { ReviewDecision } from "@headstart/db";
import { type ReviewItem, type ReviewList, reviewPage } from "@headstart/domain";
import { resolveOffsetConnection } from "@pothos/plugin-relay";
import { UserRef } from "../auth/user-type.ts";
import { builder } from "../builder.ts";
import { SplitEnum } from "../datasets/dataset-types.ts";
import { ImageRef } from "../images/image-types.ts";
import { connectionComplexity, MAX_PAGE_SIZE, resolveKeysetConnection } from "../pagination.ts";
import { RunRef } from "../runs/run-types.ts";

export const ReviewActionEnum = builder.enumType("ReviewAction", {
  values: {
    CONFIRM: { description: "The given label is right." },
    RELABEL: { description: "The given label is wrong: the image gets newLabel (recorded in its relabel history)." },
    AMBIGUOUS: { description: "No single label fits; recorded for the team, the dataset is unchanged." },
    EXCLUDE: { description: "The image leaves the next frozen version (it stays stored)." },
    MOVE_SPLIT: { description: "The image moves to `split` in the next frozen version (frozen versions keep theirs)." },
  } as const,
});

export const ReviewDecisionRef = builder.objectRef<ReviewDecision>("ReviewDecision").implement({
  fields: (t) => ({
    id: t.exposeID("id"),
    runId: t.exposeID("runId"),
    imageId: t.exposeID("imageId"),
    action: t.field({ type: ReviewActionEnum, resolve: (decision) => decision.action }),
    newLabel: t.exposeString("newLabel", { nullable: true }),
    newSplit: t.field({
      type: SplitEnum,
      nullable: true,
      description: "MOVE_SPLIT: the split the image was moved to.",
      resolve: (decision) => decision.newSplit,
    }),
    previousSplit: t.field({
      type: SplitEnum,
      nullable: true,
      description: "MOVE_SPLIT: the split it had before (undo puts it back).",
      resolve: (decision) => decision.previousSplit,
    }),
    createdAt: t.expose("createdAt", { type: "DateTime" }),
    undoneAt: t.expose("undoneAt", {
      type: "DateTime",
      nullable: true,
      description: "When it was undone (undoLastReviewDecision); null while it stands.",
    }),
    user: t.field({
      type: UserRef,
      nullable: true,
      description: "Who decided; null when the account was deleted since.",
      resolve: (decision, _args, ctx) =>
        decision.userId ? ctx.prisma.user.findUnique({ where: { id: decision.userId } }) : null,
    }),
  }),
});

const ReviewItemRef = builder.objectRef<ReviewItem>("ReviewItem").implement({
  description: "One image as the run's model saw it.",
  fields: (t) => ({
    imageId: t.exposeID("imageId"),
    imageUrl: t.string({
      description: "The original file (relative to the API origin), same access rules as GraphQL.",
      resolve: (item) => `/images/${item.imageId}`,
    }),
    thumbnailUrl: t.string({ resolve: (item) => `/thumbnails/${item.imageId}` }),
    image: t.field({
      type: ImageRef,
      nullable: true,
      description: "The image as it is now (labels may have changed since the run); null if it was deleted.",
      resolve: (item, _args, ctx) =>
        ctx.prisma.image.findUnique({
          where: { id: item.imageId },
          include: { labels: { select: { label: { select: { name: true, position: true } } } } },
        }),
    }),
    split: t.field({ type: SplitEnum, resolve: (item) => item.split }),
    givenLabel: t.exposeString("givenLabel", { description: "The label in the version the run trained on." }),
    predictedLabel: t.exposeString("predictedLabel"),
    probability: t.exposeFloat("probability", { description: "Probability of the predicted label." }),
    givenLabelProbability: t.exposeFloat("givenLabelProbability", {
      description: "Probability the model gives the given label.",
    }),
    probabilities: t.exposeFloatList("probabilities", { description: "One per class, in class order." }),
    correct: t.exposeBoolean("correct"),
    labelIssueScore: t.exposeFloat("labelIssueScore", {
      nullable: true,
      description:
        "Label-issue score (training images): 1 - the given label's out-of-sample quality, in [0, 1]; higher is more suspicious.",
    }),
    suspectedLabel: t.exposeString("suspectedLabel", {
      nullable: true,
      description: "The label the out-of-sample models find most likely instead.",
    }),
    labelIssueRank: t.exposeInt("labelIssueRank", {
      nullable: true,
      description: "Training images: rank among the run's training labels by suspicion, 1 = most suspicious.",
    }),
    labelIssueFlagged: t.exposeBoolean("labelIssueFlagged", {
      description: "Within the recommended flag cut, chosen for precision; the rest is the ranked tail.",
    }),
    latestDecision: t.field({
      type: ReviewDecisionRef,
      nullable: true,
      description: "The most recent review decision on this image for this run that was not undone.",
      resolve: (item, _args, ctx) =>
        ctx.prisma.reviewDecision.findFirst({
          where: { runId: item.runId, imageId: item.imageId, undoneAt: null },
          orderBy: [{ createdAt: "desc" }, { id: "desc" }],
        }),
    }),
  }),
});

const LISTS: Record<
  "mostConfident" | "leastConfident" | "confidentlyWrong" | "suspectedLabelIssues",
  { list: ReviewList; description: string }
> = {
  mostConfident: {
    list: "MOST_CONFIDENT",
    description:
      "Images labelled `label` that the model is surest belong to it (val and test unless `split` is given).",
  },
  leastConfident: {
    list: "LEAST_CONFIDENT",
    description: "Images labelled `label` that the model finds least like it (val and test unless `split` is given).",
  },
  confidentlyWrong: {
    list: "CONFIDENTLY_WRONG",
    description:
      "Images labelled `label` that the model puts in another class, most confident first: label errors or blind spots.",
  },
  suspectedLabelIssues: {
    list: "SUSPECTED_LABEL_ISSUES",
    description:
      "Training images labelled `label` whose label looks wrong to out-of-sample models (k-fold, averaged), by rank: the flagged ones within the recommended cut, or with `includeUnflagged` the ranked tail too.",
  },
};

for (const [field, { list, description }] of Object.entries(LISTS)) {
  builder.objectField(RunRef, field, (t) =>
    t.connection(
      {
        type: ReviewItemRef,
        description,
        complexity: connectionComplexity,
        args: {
          label: t.arg.string({ required: true, description: "The class: images whose given label is this." }),
          split: t.arg({ type: SplitEnum, required: false }),
          minScore: t.arg.float({
            required: false,
            description:
              "Only items scoring at least this: the label-issue score for suspected issues, the wrong answer's probability for confidently wrong, else the probability of `label`.",
          }),
          maxScore: t.arg.float({ required: false, description: "Only items scoring at most this (see minScore)." }),
          includeUnflagged: t.arg.boolean({
            required: false,
            description: "Suspected label issues only: also the ranked items beyond the recommended cut.",
          }),
        },
        resolve: async (run, args, ctx) => {
          let totalCount = 0;
          const connection = await resolveOffsetConnection(
            { args, defaultSize: 20, maxSize: MAX_PAGE_SIZE },
            async ({ offset, limit }) => {
              const page = await reviewPage(
                ctx.prisma,
                run,
                {
                  list,
                  label: args.label,
                  split: args.split,
                  minScore: args.minScore,
                  maxScore: args.maxScore,
                  includeUnflagged: args.includeUnflagged,
                },
                { offset, limit },
              );
              totalCount = page.totalCount;
              return page.items;
            },
          );
          return Object.assign(connection, { totalCount });
        },
      },
      {
        name: `${field[0]!.toUpperCase()}${field.slice(1)}Connection`,
        fields: (c) => ({
          totalCount: c.int({ resolve: (connection) => (connection as unknown as { totalCount: number }).totalCount }),
        }),
      },
      { name: `${field[0]!.toUpperCase()}${field.slice(1)}Edge` },
    ),
  );
}

builder.objectField(RunRef, "reviewDecisions", (t) =>
  t.connection(
    {
      type: ReviewDecisionRef,
      description: "Every review decision on this run, oldest first.",
      complexity: connectionComplexity,
      resolve: (run, args, ctx) =>
        resolveKeysetConnection(args, (page) =>
          ctx.prisma.reviewDecision.findMany({
            where: { runId: run.id, ...page.where },
            orderBy: page.orderBy,
            take: page.take,
          }),
        ),
    },
    { name: "ReviewDecisionConnection" },
    { name: "ReviewDecisionEdge" },
  ),
);

export const ReviewPredictionInput = builder.inputType("ReviewPredictionInput", {
  fields: (t) => ({
    runId: t.id({ required: true }),
    imageId: t.id({ required: true, description: "An image the run has a prediction for." }),
    action: t.field({ type: ReviewActionEnum, required: true }),
    newLabel: t.string({ required: false, description: "RELABEL only: the label the image should carry." }),
    split: t.field({ type: SplitEnum, required: false, description: "MOVE_SPLIT only: the split to move it to." }),
  }),
});
