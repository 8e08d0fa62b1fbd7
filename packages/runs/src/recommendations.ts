// The stored side of recommendRunConfig: one measured answer per frozen dataset version (a version
// never changes, so neither does its measurement), shared by the API (the query and the new-run
// form) and the trainer (an AUTO run's trial list). The measurement itself is ml-core's.

import type { Db } from "./db-types.ts";

/** The recommender that measured a stored result (ml-core's Recommendation.recommender; absent = 1). */
function recommenderOf(result: unknown): number {
  const value = (result as { recommender?: unknown } | null)?.recommender;
  return typeof value === "number" ? value : 1;
}

/**
 * The cached recommendation of a version (ml-core's Recommendation as JSON), or null when there is
 * none or it was measured by another recommender than `recommender` (ml-core's RECOMMENDER_VERSION):
 * the data did not change, but what is measured and chosen from it did, so it is measured again.
 */
export async function readStoredRecommendation(
  db: Db,
  versionId: string,
  recommender: number,
): Promise<{ result: unknown; seconds: number; createdAt: Date } | null> {
  const stored = await db.configRecommendation.findUnique({
    where: { versionId },
    select: { result: true, seconds: true, createdAt: true },
  });
  return stored && recommenderOf(stored.result) === recommender ? stored : null;
}

/**
 * Stores a version's recommendation. Two measurements by the same recommender agree, so the first one
 * stored wins; one by an older recommender is replaced.
 */
export async function storeRecommendation(db: Db, versionId: string, result: unknown, seconds: number): Promise<void> {
  await db.configRecommendation.createMany({
    data: [{ versionId, result: result as object, seconds }],
    skipDuplicates: true,
  });
  const stored = await db.configRecommendation.findUnique({ where: { versionId }, select: { result: true } });
  if (stored && recommenderOf(stored.result) < recommenderOf(result)) {
    await db.configRecommendation.update({
      where: { versionId },
      data: { result: result as object, seconds, createdAt: new Date() },
    });
  }
}

/** The images' typical native side: the median over images of max(width, height), in pixels. */
export async function medianImageSide(db: Db, imageIds: readonly string[]): Promise<number> {
  const sides: number[] = [];
  for (let start = 0; start < imageIds.length; start += 5000) {
    const rows = await db.image.findMany({
      where: { id: { in: imageIds.slice(start, start + 5000) as string[] } },
      select: { width: true, height: true },
    });
    for (const row of rows) sides.push(Math.max(row.width, row.height));
  }
  if (sides.length === 0) return 224;
  sides.sort((a, b) => a - b);
  return sides[Math.floor((sides.length - 1) / 2)]!;
}
