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
  /** Training images: 1 = the run's most suspicious label. */
  labelIssueRank: number | null;
  /** Within the recommended flag cut; the rest is the ranked tail. */
  labelIssueFlagged: boolean;
}

interface ReviewRow extends Omit<ReviewItem, "runId"> {}

/**
 * Ordering per list. Class index i is Postgres array position i + 1.
 * mostConfident/leastConfident rank the images of a class by the probability
 * the model gives that class; confidentlyWrong ranks its misclassified images
 * by the confidence of the wrong answer; suspected label issues rank training
 * images by their label-issue rank, the flagged ones only unless the
 * reviewer asks for the ranked tail beyond the cut. Runs trained before
 * ranks existed have scores on their candidates only, so those count as flagged.
 */
function listSql(
  list: ReviewList,
  position: number,
  includeUnflagged: boolean,
): { where: Prisma.Sql; order: Prisma.Sql } {
  switch (list) {
    case "MOST_CONFIDENT":
      return { where: Prisma.empty, order: Prisma.sql`p.probabilities[${position}] DESC` };
    case "LEAST_CONFIDENT":
      return { where: Prisma.empty, order: Prisma.sql`p.probabilities[${position}] ASC` };
    case "CONFIDENTLY_WRONG":
      return { where: Prisma.sql`AND NOT p.correct`, order: Prisma.sql`p.probability DESC` };
    case "SUSPECTED_LABEL_ISSUES":
      return {
        where: includeUnflagged
          ? Prisma.sql`AND p."labelIssueScore" IS NOT NULL`
          : Prisma.sql`AND p."labelIssueScore" IS NOT NULL AND (p."labelIssueFlagged" OR p."labelIssueRank" IS NULL)`,
        order: Prisma.sql`p."labelIssueRank" ASC NULLS LAST, p."labelIssueScore" DESC`,
      };
  }
}

/**
 * The score a list's `minScore`/`maxScore` filter reads: the label-issue score
 * for suspected issues, the probability of the image's class for the most and
 * least confident, the wrong answer's probability for the confidently wrong.
 */
function scoreSql(list: ReviewList, position: number): Prisma.Sql {
  switch (list) {
    case "SUSPECTED_LABEL_ISSUES":
      return Prisma.sql`p."labelIssueScore"`;
    case "CONFIDENTLY_WRONG":
      return Prisma.sql`p.probability`;
    default:
      return Prisma.sql`COALESCE(p.probabilities[${position}], 0)`;
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
  /** Only items whose list score (see scoreSql) is at least / at most this. */
  minScore?: number | null;
  maxScore?: number | null;
  /** Suspected label issues: also the ranked tail beyond the recommended cut. */
  includeUnflagged?: boolean | null;
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
  const { where, order } = listSql(query.list, index + 1, query.includeUnflagged ?? false);
  const score = scoreSql(query.list, index + 1);
  for (const [name, value] of [
    ["minScore", query.minScore],
    ["maxScore", query.maxScore],
  ] as const) {
    if (value != null && !Number.isFinite(value)) throw badUserInput(`${name} must be a finite number.`, name);
  }
  const min = query.minScore != null ? Prisma.sql`AND ${score} >= ${query.minScore}` : Prisma.empty;
  const max = query.maxScore != null ? Prisma.sql`AND ${score} <= ${query.maxScore}` : Prisma.empty;
  const base = Prisma.sql`FROM "Prediction" p
    WHERE p."runId" = ${run.id}::uuid AND p."givenLabel" = ${query.label}
      AND p.split::text IN (${Prisma.join(splits)}) ${where} ${min} ${max}`;
  const [rows, counted] = await Promise.all([
    prisma.$queryRaw<ReviewRow[]>`
      SELECT p.id::text AS "predictionId", p."imageId"::text AS "imageId", p.split::text AS split,
             p."givenLabel", p."predictedLabel", p.probability, p.probabilities,
             COALESCE(p.probabilities[${index + 1}], 0)::float8 AS "givenLabelProbability",
             p.correct, p."labelIssueScore", p."suspectedLabel", p."labelIssueRank", p."labelIssueFlagged"
      ${base}
      ORDER BY ${order}, p."imageId"
      OFFSET ${page.offset} LIMIT ${page.limit}`,
    prisma.$queryRaw<{ total: number }[]>`SELECT count(*)::int AS total ${base}`,
  ]);
  return { items: rows.map((row) => ({ ...row, runId: run.id })), totalCount: counted[0]?.total ?? 0 };
}
