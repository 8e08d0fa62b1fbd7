// Near-duplicates, leaks and outliers of a frozen version, over the embeddings its images already
// have in the cache (a version whose images were never trained on has none yet: `checked` says how
// many could be compared). Exact copies are the hash check's job; this finds the same object
// re-photographed, re-encoded or slightly edited, and a group spanning splits is a leak: the model
// is graded on what it trained on. Computed on a worker thread, once per version and kept in memory.
import type { PrismaClient } from "@headstart/db";
import { parseDatasetSnapshot } from "@headstart/runs";
import type { Caller } from "../accounts/caller.ts";
import { requireVersionRole } from "../datasets/dataset-access.ts";
import { cachedEmbeddings } from "./cached-embeddings.ts";
import { runDataQualityJob } from "./off-thread.ts";

export interface NearDuplicateImageGroup {
  imageIds: string[];
  splits: string[];
  /** Spans more than one split. */
  leak: boolean;
  maxSimilarity: number;
}

export interface OutlierImage {
  imageId: string;
  label: string;
  /** Robust z-score against its nearest class (very negative = far from every class). */
  score: number;
}

export interface VersionDataQuality {
  versionId: string;
  /** The embedding space compared (backbone, size, preprocessing), null when nothing is cached. */
  space: string | null;
  imageCount: number;
  /** Images with a cached embedding in that space (only those are compared). */
  checked: number;
  threshold: number;
  groups: NearDuplicateImageGroup[];
  leaks: NearDuplicateImageGroup[];
  outliers: OutlierImage[];
}

// Keyed by version and how many images were comparable: a version never changes, but a later run
// caches more of its images, which deserves a fresh answer.
const memo = new Map<string, Promise<VersionDataQuality>>();
const MEMO_LIMIT = 50;

/** Needs VIEWER. */
export async function versionDataQuality(ctx: Caller, versionId: string): Promise<VersionDataQuality> {
  const version = await requireVersionRole(ctx, versionId, "VIEWER");
  return computeVersionDataQuality(ctx.prisma, version.id);
}

export async function computeVersionDataQuality(prisma: PrismaClient, versionId: string): Promise<VersionDataQuality> {
  const version = await prisma.datasetVersion.findUniqueOrThrow({ where: { id: versionId } });
  const snapshot = parseDatasetSnapshot(version.snapshot);
  const images = snapshot.images;
  const cached = await cachedEmbeddings(
    prisma,
    images.map((image) => image.sha256),
  );
  const key = `${versionId}:${cached.space}:${cached.found.length}`;
  const known = memo.get(key);
  if (known) return known;
  const pending = (async (): Promise<VersionDataQuality> => {
    const base = { versionId, space: cached.space, imageCount: images.length, checked: cached.found.length };
    if (cached.found.length < 2) return { ...base, threshold: 0, groups: [], leaks: [], outliers: [] };
    const rows = cached.found.map((i) => images[i]!);
    const labelIndex = new Map(snapshot.labels.map((label, i) => [label, i]));
    const singleLabel = rows.every((image) => image.labels.length === 1);
    const result = await runDataQualityJob({
      kind: "near-duplicates",
      vectors: cached.vectors,
      dims: cached.dims,
      splits: rows.map((image) => image.split),
      labels: singleLabel ? rows.map((image) => labelIndex.get(image.labels[0]!)!) : null,
      classCount: snapshot.labels.length,
    });
    const groups = result.groups.map((group) => ({
      imageIds: group.members.map((m) => rows[m]!.id),
      splits: group.splits,
      leak: group.leak,
      maxSimilarity: group.maxSimilarity,
    }));
    return {
      ...base,
      threshold: result.threshold,
      groups,
      leaks: groups.filter((g) => g.leak),
      outliers: result.outliers
        .sort((a, b) => a.score - b.score)
        .map((o) => ({ imageId: rows[o.index]!.id, label: rows[o.index]!.labels[0]!, score: o.score })),
    };
  })();
  memo.set(key, pending);
  pending.catch(() => memo.delete(key));
  if (memo.size > MEMO_LIMIT) memo.delete(memo.keys().next().value!);
  return pending;
}
