// The review lists of a finished run, read from its Prediction rows per class
// (the class being the image's given label).
import { Prisma, type PrismaClient, type Run, type Split } from "@headstart/db";
import { badUserInput } from "../errors/error-helpers.ts";
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
