// Images per label per split, the numbers a person checks before training.
import type { PrismaClient } from "@headstart/db";
import { SPLITS, type Split } from "./split-assignment.ts";

export interface SplitCounts {
  train: number;
  val: number;
  test: number;
  total: number;
}

export interface LabelStats extends SplitCounts {
  label: string;
}

export interface DatasetStats {
  /** Images that will go into the next version (not excluded). */
  images: SplitCounts;
  excluded: number;
  /** One entry per label, in class order; multi-label images count once per label. */
  labels: LabelStats[];
}

const SPLIT_FIELD: Record<Split, "train" | "val" | "test"> = { TRAIN: "train", VAL: "val", TEST: "test" };

export async function datasetStats(prisma: PrismaClient, datasetId: string): Promise<DatasetStats> {
  // Aggregated in SQL: a dataset can hold far more images than we want to load.
  const perLabel = await prisma.$queryRaw<Array<{ label: string; split: string; count: number }>>`
    SELECT l.name AS label, i.split::text AS split, count(*)::int AS count
    FROM "ImageLabel" il
    JOIN "Image" i ON i.id = il."imageId"
    JOIN "Label" l ON l.id = il."labelId"
    WHERE i."datasetId" = ${datasetId}::uuid AND NOT i.excluded
    GROUP BY l.name, i.split`;
  const perSplit = await prisma.image.groupBy({
    by: ["split"],
    where: { datasetId, excluded: false },
    _count: { _all: true },
  });
  const excluded = await prisma.image.count({ where: { datasetId, excluded: true } });
  const labels = await prisma.label.findMany({
    where: { datasetId },
    orderBy: { position: "asc" },
    select: { name: true },
  });

  const byLabel = new Map<string, LabelStats>(labels.map((l) => [l.name, { label: l.name, ...zero() }]));
  for (const row of perLabel) {
    const stats = byLabel.get(row.label);
    if (!stats || !isSplit(row.split)) continue;
    stats[SPLIT_FIELD[row.split]] += row.count;
    stats.total += row.count;
  }
  const images = zero();
  for (const row of perSplit) {
    images[SPLIT_FIELD[row.split]] = row._count._all;
    images.total += row._count._all;
  }
  return { images, excluded, labels: [...byLabel.values()] };
}

function zero(): SplitCounts {
  return { train: 0, val: 0, test: 0, total: 0 };
}

function isSplit(value: string): value is Split {
  return (SPLITS as readonly string[]).includes(value);
}
