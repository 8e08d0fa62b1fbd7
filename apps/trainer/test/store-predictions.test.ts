import { createTestDatabase, type TestDatabase } from "@headstart/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PredictionRow } from "../src/evaluation.ts";
import { replacePredictions } from "../src/store-predictions.ts";

let database: TestDatabase;
let imageIds: string[];
let runIds: string[];

beforeAll(async () => {
  database = await createTestDatabase();
  const db = database.prisma;
  const team = await db.team.create({ data: { name: "Shoes", slug: `shoes-${Date.now()}` } });
  const dataset = await db.dataset.create({ data: { teamId: team.id, name: "boots", task: "BINARY" } });
  imageIds = [];
  for (let i = 0; i < 6; i++) {
    const image = await db.image.create({
      data: {
        datasetId: dataset.id,
        sha256: i.toString(16).padStart(64, "0"),
        width: 28,
        height: 28,
        byteSize: 100,
        mime: "image/png",
        blobKey: `blob-${i}`,
        originalName: `${i}.png`,
        split: i < 4 ? "TRAIN" : "VAL",
      },
    });
    imageIds.push(image.id);
  }
  const version = await db.datasetVersion.create({
    data: { datasetId: dataset.id, number: 1, imageCount: 6, snapshot: {} },
  });
  runIds = [];
  for (let i = 0; i < 2; i++) {
    const run = await db.run.create({
      data: { teamId: team.id, datasetId: dataset.id, versionId: version.id, config: {} },
    });
    runIds.push(run.id);
  }
});
afterAll(async () => {
  await database?.drop();
});

/** A run's rows in every column but id and createdAt, which differ between any two writes. */
async function stored(runId: string) {
  const rows = await database.prisma.prediction.findMany({ where: { runId }, orderBy: { imageId: "asc" } });
  return rows.map(({ id: _id, createdAt: _createdAt, runId: _runId, ...row }) => row);
}

function rowsFor(runId: string): PredictionRow[] {
  const [a, b, c, d, e] = imageIds;
  return [
    // Plain validation rows: no label-issue fields.
    {
      runId,
      imageId: e!,
      split: "VAL",
      givenLabel: "boot",
      predictedLabel: "sneaker",
      probability: 0.6180339887498949,
      probabilities: [0.3819660112501051, 0.6180339887498949],
      correct: false,
      labelIssueScore: null,
      suspectedLabel: null,
      labelIssueRank: null,
      labelIssueFlagged: false,
    },
    // Training rows with the label-issue ranking, flagged and not, with doubles that need all 17 digits.
    {
      runId,
      imageId: a!,
      split: "TRAIN",
      givenLabel: "boot",
      predictedLabel: "sneaker",
      probability: 0.9999999999999998,
      probabilities: [2.220446049250313e-16, 0.9999999999999998],
      correct: false,
      labelIssueScore: 0.1 + 0.2,
      suspectedLabel: "sneaker",
      labelIssueRank: 1,
      labelIssueFlagged: true,
    },
    {
      runId,
      imageId: b!,
      split: "TRAIN",
      givenLabel: "boot",
      predictedLabel: "boot",
      probability: 1 / 3,
      probabilities: [1 / 3, 2 / 3, 5e-324],
      correct: true,
      labelIssueScore: 1e-300,
      suspectedLabel: null,
      labelIssueRank: 2,
      labelIssueFlagged: false,
    },
    {
      runId,
      imageId: c!,
      split: "TRAIN",
      givenLabel: "sneaker",
      predictedLabel: "sneaker",
      probability: 0.75,
      probabilities: [0.25, 0.75],
      correct: true,
      labelIssueScore: 0,
      suspectedLabel: "boot",
      labelIssueRank: 3,
      labelIssueFlagged: false,
    },
    {
      runId,
      imageId: d!,
      split: "TEST",
      givenLabel: 'it\'s a "boot"',
      predictedLabel: "ünïcödé ✓",
      probability: 0.5,
      probabilities: [0.5, 0.5],
      correct: false,
      labelIssueScore: null,
      suspectedLabel: null,
      labelIssueRank: null,
      labelIssueFlagged: false,
    },
  ];
}

describe("replacePredictions", () => {
  it("stores the rows' doubles exactly, and otherwise what Prisma's createMany stored", async () => {
    const [viaCreateMany, viaReplace] = runIds as [string, string];
    await database.prisma.prediction.createMany({ data: rowsFor(viaCreateMany) });
    await database.prisma.$transaction((tx) => replacePredictions(tx, viaReplace, rowsFor(viaReplace)));
    const byCreateMany = await stored(viaCreateMany);
    const actual = await stored(viaReplace);
    // Numbers compare with Object.is: every double comes back as the row had it.
    const given = rowsFor(viaReplace)
      .map(({ runId: _runId, ...row }) => row)
      .sort((a, b) => (a.imageId < b.imageId ? -1 : 1));
    expect(actual).toEqual(given);
    // createMany rounded some doubles in their 17th digit (0.1 + 0.2 came back as 0.3); all else is the same.
    const rounded = (rows: typeof actual) =>
      rows.map((row) => ({
        ...row,
        probability: row.probability.toPrecision(15),
        probabilities: row.probabilities.map((p) => p.toPrecision(15)),
        labelIssueScore: row.labelIssueScore?.toPrecision(15) ?? null,
      }));
    expect(rounded(actual)).toEqual(rounded(byCreateMany));
    expect(byCreateMany.find((row) => row.labelIssueRank === 1)?.labelIssueScore).toBe(0.3);
    const ids = await database.prisma.prediction.findMany({ where: { runId: viaReplace }, select: { id: true } });
    for (const { id } of ids)
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it("refuses a non-finite number as createMany did, naming the image, and writes nothing", async () => {
    const runId = runIds[1]!;
    const rows = rowsFor(runId);
    rows[2] = { ...rows[2]!, probabilities: [Number.NaN, 1] };
    await expect(database.prisma.prediction.createMany({ data: rows })).rejects.toThrow();
    const before = await stored(runId);
    await expect(database.prisma.$transaction((tx) => replacePredictions(tx, runId, rows))).rejects.toThrow(
      `the prediction for image ${rows[2]!.imageId} has probabilities[0] = NaN`,
    );
    expect(await stored(runId)).toEqual(before);
  });

  it("replaces a previous attempt's rows and skips images deleted meanwhile", async () => {
    const runId = runIds[1]!;
    const rows = rowsFor(runId);
    await database.prisma.image.delete({ where: { id: rows[1]!.imageId } });
    await database.prisma.$transaction((tx) => replacePredictions(tx, runId, rows.slice(1)));
    const after = await stored(runId);
    expect(after.map((row) => row.imageId).sort()).toEqual(
      rows
        .slice(2)
        .map((row) => row.imageId)
        .sort(),
    );
    await database.prisma.$transaction((tx) => replacePredictions(tx, runId, []));
    expect(await stored(runId)).toEqual([]);
  });
});
