// Reviewing what a finished run got wrong. The lists are read from the
// run's Prediction rows per class (the class being the image's given label);
// decisions are recorded with who and when, and RELABEL/EXCLUDE change the
// dataset itself so the next frozen version carries them.
import { Prisma, type PrismaClient, type ReviewAction, type ReviewDecision, type Run, type Split } from "@headstart/db";
import type { Caller } from "../accounts/caller.ts";
import { setImageExcluded } from "../datasets/image-splits.ts";
import { relabelImage } from "../datasets/relabel.ts";
import { badUserInput, notFound } from "../errors/error-helpers.ts";
import { isUuid } from "../errors/ids.ts";
import { requireRunRole } from "../runs/run-access.ts";
import { runClassLabels } from "../runs/run-evaluation.ts";

export type ReviewList = "MOST_CONFIDENT" | "LEAST_CONFIDENT" | "CONFIDENTLY_WRONG" | "SUSPECTED_LABEL_ISSUES";

export interface ReviewItem {
  predictionId: string;
  runId: string;
  imageId: string;
  split: Split;
  givenLabel: string;
  predictedLabel: string;
  /** Probability of the predicted label. */
  probability: number;
  /** Probability the model gives the image's given label. */
  givenLabelProbability: number;
  /** One per class, in class order. */
  probabilities: number[];
  correct: boolean;
  labelIssueScore: number | null;
  suspectedLabel: string | null;
}

interface ReviewRow extends Omit<ReviewItem, "runId"> {}

/**
 * Ordering per list. Class index i is Postgres array position i + 1.
 * mostConfident/leastConfident rank the images of a class by the probability
 * the model gives that class; confidentlyWrong ranks its misclassified images
 * by the confidence of the wrong answer; suspected label issues rank training
 * images by their confident-learning score.
 */
function listSql(list: ReviewList, position: number): { where: Prisma.Sql; order: Prisma.Sql } {
  switch (list) {
    case "MOST_CONFIDENT":
      return { where: Prisma.empty, order: Prisma.sql`p.probabilities[${position}] DESC` };
    case "LEAST_CONFIDENT":
      return { where: Prisma.empty, order: Prisma.sql`p.probabilities[${position}] ASC` };
    case "CONFIDENTLY_WRONG":
      return { where: Prisma.sql`AND NOT p.correct`, order: Prisma.sql`p.probability DESC` };
    case "SUSPECTED_LABEL_ISSUES":
      return { where: Prisma.sql`AND p."labelIssueScore" IS NOT NULL`, order: Prisma.sql`p."labelIssueScore" DESC` };
  }
}

/** Which splits a list reads by default: label-issue scores exist for training images, the others for val/test. */
function defaultSplits(list: ReviewList): Split[] {
  return list === "SUSPECTED_LABEL_ISSUES" ? ["TRAIN", "VAL", "TEST"] : ["VAL", "TEST"];
}

export interface ReviewQuery {
  list: ReviewList;
  label: string;
  split?: Split | null;
}

export interface ReviewPage {
  items: ReviewItem[];
  totalCount: number;
}

export async function reviewPage(
  prisma: PrismaClient,
  run: Pick<Run, "id" | "versionId">,
  query: ReviewQuery,
  page: { offset: number; limit: number },
): Promise<ReviewPage> {
  const { labels } = await runClassLabels(prisma, run.versionId);
  const index = labels.indexOf(query.label);
  if (index < 0) {
    throw badUserInput(
      `"${query.label}" is not a class of this run; use one of ${labels.map((l) => `"${l}"`).join(", ")}.`,
      "label",
    );
  }
  const splits = query.split ? [query.split] : defaultSplits(query.list);
  const { where, order } = listSql(query.list, index + 1);
  const base = Prisma.sql`FROM "Prediction" p
    WHERE p."runId" = ${run.id}::uuid AND p."givenLabel" = ${query.label}
      AND p.split::text IN (${Prisma.join(splits)}) ${where}`;
  const [rows, counted] = await Promise.all([
    prisma.$queryRaw<ReviewRow[]>`
      SELECT p.id::text AS "predictionId", p."imageId"::text AS "imageId", p.split::text AS split,
             p."givenLabel", p."predictedLabel", p.probability, p.probabilities,
             COALESCE(p.probabilities[${index + 1}], 0)::float8 AS "givenLabelProbability",
             p.correct, p."labelIssueScore", p."suspectedLabel"
      ${base}
      ORDER BY ${order}, p."imageId"
      OFFSET ${page.offset} LIMIT ${page.limit}`,
    prisma.$queryRaw<{ total: number }[]>`SELECT count(*)::int AS total ${base}`,
  ]);
  return { items: rows.map((row) => ({ ...row, runId: run.id })), totalCount: counted[0]?.total ?? 0 };
}

export interface ReviewDecisionRequest {
  runId: string;
  imageId: string;
  action: ReviewAction;
  newLabel?: string | null;
}

/** Needs EDITOR: RELABEL and EXCLUDE change the dataset. */
export async function reviewPrediction(ctx: Caller, request: ReviewDecisionRequest): Promise<ReviewDecision> {
  const run = await requireRunRole(ctx, request.runId, "EDITOR");
  const userId = ctx.viewer!.userId;
  const missing = () => notFound("prediction of this run for image", request.imageId);
  if (!isUuid(request.imageId)) throw missing();
  const imageId = request.imageId.toLowerCase();
  const prediction = await ctx.prisma.prediction.findUnique({
    where: { runId_imageId: { runId: run.id, imageId } },
    select: { givenLabel: true },
  });
  if (!prediction) throw missing();
  const newLabel = request.newLabel?.trim() || null;
  if (request.action !== "RELABEL" && newLabel !== null) {
    throw badUserInput(`newLabel only goes with RELABEL; leave it out for ${request.action}.`, "newLabel");
  }

  if (request.action === "RELABEL") {
    if (newLabel === null)
      throw badUserInput("Say which label the image should carry: RELABEL needs newLabel.", "newLabel");
    const dataset = await ctx.prisma.dataset.findUniqueOrThrow({
      where: { id: run.datasetId },
      select: { task: true, labels: { select: { name: true }, orderBy: { position: "asc" } } },
    });
    if (dataset.task === "MULTILABEL") {
      throw badUserInput(
        "A multilabel image carries a set of labels: change it with relabelImage and the complete set.",
        "action",
      );
    }
    const names = dataset.labels.map((l) => l.name);
    if (!names.includes(newLabel)) {
      throw badUserInput(
        `"${newLabel}" is not a label of this dataset; use one of ${names.map((n) => `"${n}"`).join(", ")}.`,
        "newLabel",
      );
    }
    await relabelImage(ctx.prisma, { imageId, labels: [newLabel], actorId: userId, reason: `Review of run ${run.id}` });
  } else if (request.action === "EXCLUDE") {
    await setImageExcluded(ctx.prisma, imageId, true);
  }
  return ctx.prisma.reviewDecision.create({
    data: { runId: run.id, imageId, userId, action: request.action, newLabel },
  });
}
