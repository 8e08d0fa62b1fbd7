import { createTestDatabase, type TestDatabase } from "@headstart/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readStoredRecommendation, storeRecommendation } from "../src/recommendations.ts";
import { createFixture } from "./fixtures.ts";

let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database?.drop();
});

describe("stored recommendations", () => {
  it("keeps the first answer of a recommender, and measures again for a newer one", async () => {
    const db = database.prisma;
    const { versionId } = await createFixture(db);
    // Stored before recommenders were numbered: no `recommender` field, read as 1.
    await storeRecommendation(db, versionId, { strategy: "scratch" }, 30);
    expect((await readStoredRecommendation(db, versionId, 1))?.result).toEqual({ strategy: "scratch" });
    // A newer recommender does not read it (what it measures changed), and its answer replaces it.
    expect(await readStoredRecommendation(db, versionId, 2)).toBeNull();
    await storeRecommendation(db, versionId, { recommender: 2, strategy: "gradients" }, 12);
    const stored = await readStoredRecommendation(db, versionId, 2);
    expect(stored?.result).toEqual({ recommender: 2, strategy: "gradients" });
    expect(stored?.seconds).toBe(12);
    // Two measurements by the same recommender agree: the first stored stays.
    await storeRecommendation(db, versionId, { recommender: 2, strategy: "frozen" }, 40);
    expect((await readStoredRecommendation(db, versionId, 2))?.result).toEqual({
      recommender: 2,
      strategy: "gradients",
    });
    // An older recommender's answer never replaces a newer one (two servers mid-upgrade).
    await storeRecommendation(db, versionId, { strategy: "scratch" }, 30);
    expect((await readStoredRecommendation(db, versionId, 2))?.result).toMatchObject({ strategy: "gradients" });
  });
});
