// A finished run's prediction rows, written inside finishRun's transaction so they become visible
// together with SUCCEEDED (a single model's run and an AUTO run's ensemble both end here).
import type { DbTx } from "@headstart/runs";
import type { PredictionRow } from "./evaluation.ts";

/** Rows per INSERT: one jsonb parameter of about 0.3 KB a row. */
const ROWS_PER_INSERT = 5000;

// The rows travel as one jsonb array and are inserted by one statement, skipping any whose image was
// deleted meanwhile. Through Prisma's createMany (plus a findMany of the live images) the query
// compiler and interpreter took 0.4-0.55 s of the main thread for a warm run's 1,000 rows, at the end
// of every run, between the compute finishing and SUCCEEDED; this statement takes milliseconds.
// `id` is a v4 UUID like Prisma's uuid() default; createdAt takes the column's default.
const INSERT_SQL = `
INSERT INTO "Prediction" ("id", "runId", "imageId", "split", "givenLabel", "predictedLabel", "probability",
                          "probabilities", "correct", "labelIssueScore", "suspectedLabel", "labelIssueRank",
                          "labelIssueFlagged")
SELECT gen_random_uuid(), r."runId", r."imageId", r."split"::"Split", r."givenLabel", r."predictedLabel",
       r."probability", r."probabilities", r."correct", r."labelIssueScore", r."suspectedLabel",
       r."labelIssueRank", r."labelIssueFlagged"
  FROM jsonb_to_recordset($1::jsonb) AS r("runId" uuid, "imageId" uuid, "split" text, "givenLabel" text,
       "predictedLabel" text, "probability" double precision, "probabilities" double precision[],
       "correct" boolean, "labelIssueScore" double precision, "suspectedLabel" text, "labelIssueRank" integer,
       "labelIssueFlagged" boolean)
 WHERE EXISTS (SELECT 1 FROM "Image" i WHERE i.id = r."imageId")`;

/**
 * JSON has no NaN or ±Infinity, and createMany refused them too (the run failed at its finish): a
 * non-finite number still fails the write, with the image and field named, rather than reaching the
 * table as NULL. Finite numbers go in JavaScript's shortest round-trip form, which Postgres parses
 * back to the same double.
 */
function assertFinite(row: PredictionRow): void {
  const numbers: Array<[string, number | null]> = [
    ["probability", row.probability],
    ["labelIssueScore", row.labelIssueScore ?? null],
    ...row.probabilities.map((p, i): [string, number] => [`probabilities[${i}]`, p]),
  ];
  const bad = numbers.find(([, value]) => value !== null && !Number.isFinite(value));
  if (bad)
    throw new RangeError(`the prediction for image ${row.imageId} has ${bad[0]} = ${bad[1]}, which cannot be stored`);
}

/**
 * Replaces the run's predictions with `rows`. A previous attempt may have got this far before dying:
 * replace, never add. The version is frozen but its images' rows are not: one deleted meanwhile simply
 * gets no prediction.
 */
export async function replacePredictions(tx: DbTx, runId: string, rows: PredictionRow[]): Promise<void> {
  await tx.prediction.deleteMany({ where: { runId } });
  for (let start = 0; start < rows.length; start += ROWS_PER_INSERT) {
    const chunk = rows.slice(start, start + ROWS_PER_INSERT).map((row) => {
      assertFinite(row);
      return {
        runId: row.runId,
        imageId: row.imageId,
        split: row.split,
        givenLabel: row.givenLabel,
        predictedLabel: row.predictedLabel,
        probability: row.probability,
        probabilities: row.probabilities,
        correct: row.correct,
        // What createMany stored for a field left out: NULL, and the column's default for the flag.
        labelIssueScore: row.labelIssueScore ?? null,
        suspectedLabel: row.suspectedLabel ?? null,
        labelIssueRank: row.labelIssueRank ?? null,
        labelIssueFlagged: row.labelIssueFlagged ?? false,
      };
    });
    await tx.$executeRawUnsafe(INSERT_SQL, JSON.stringify(chunk));
  }
}
