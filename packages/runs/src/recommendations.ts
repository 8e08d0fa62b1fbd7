// The stored side of recommendRunConfig: one measured answer per frozen dataset version (a version
// never changes, so neither does its measurement), shared by the API (the query and the new-run
// form) and the trainer (an AUTO run's trial list). The measurement itself is ml-core's.

import type { Db } from "./db-types.ts";

/** The cached recommendation of a version (ml-core's Recommendation as JSON), or null. */
export async function readStoredRecommendation(
  db: Db,
  versionId: string,
): Promise<{ result: unknown; seconds: number; createdAt: Date } | null> {
  return db.configRecommendation.findUnique({
    where: { versionId },
    select: { result: true, seconds: true, createdAt: true },
  });
}

/** Stores a version's recommendation; the first one stored wins (two measurements of one version agree). */
export async function storeRecommendation(db: Db, versionId: string, result: unknown, seconds: number): Promise<void> {
  await db.configRecommendation.createMany({
    data: [{ versionId, result: result as object, seconds }],
    skipDuplicates: true,
  });
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
