// Imports a class-per-folder tree, whatever it came from (an uploaded zip, a
// folder on disk): checks every path, plans the layout, ingests the files,
// and splits a single-root tree's new images.

import { type BatchOutcome, storePreparedBatch } from "./batch-ingest.ts";
import { resplitImages, type SplitTotals } from "./image-splits.ts";
import { isJunkPath, planImport, type SafePath } from "./import-layout.ts";
import {
  emptyReport,
  type IngestDeps,
  type IngestFile,
  type IngestReport,
  type IngestTarget,
  type PreparedImage,
  prepareImage,
} from "./ingest.ts";
import { RejectedFileError, type Rejection } from "./rejections.ts";
import { DEFAULT_RATIOS, type SplitRatios } from "./split-assignment.ts";

/** Files checked (decoded, hashed) at once. */
const CHECK_CONCURRENCY = 4;
/**
 * A chunk is stored in one transaction; these bound its rows and the bytes it holds. One chunk is
 * stored while the next fills, so an import holds at most about two chunks of file bytes (under
 * 2 × (32 MB + one file) even for large photos).
 */
const CHUNK_FILES = 128;
const CHUNK_BYTES = 32 * 1024 * 1024;

type CheckResult =
  | { kind: "ready"; image: PreparedImage }
  | { kind: "rejected"; rejection: Rejection }
  | { kind: "fault"; error: unknown };

interface ChunkItem {
  index: number;
  name: string;
  checked: Promise<CheckResult>;
}

/** Never rejects: a refused file and a real fault are both results, handled in tree order. */
function check(deps: IngestDeps, target: IngestTarget, file: IngestFile): Promise<CheckResult> {
  return prepareImage(deps.limits, target, file).then(
    (image): CheckResult => ({ kind: "ready", image }),
    (error: unknown): CheckResult =>
      error instanceof RejectedFileError ? { kind: "rejected", rejection: error.rejection } : { kind: "fault", error },
  );
}

export interface TreeEntry {
  /** Path as found in the tree, for the report. */
  name: string;
  path: SafePath;
  read(maxBytes: number): Promise<{ ok: true; bytes: Buffer } | { ok: false; rejection: Rejection }>;
}

export interface TreeImportOptions {
  /** Used when the tree is a single root; a pre-split tree keeps its own splits. */
  ratios?: SplitRatios;
  seed?: number;
}

export interface TreeImportReport extends IngestReport {
  layout: "PRE_SPLIT" | "SINGLE_ROOT";
  /** Archiver and desktop clutter skipped (`__MACOSX/`, `.DS_Store`, `Thumbs.db`). */
  ignored: number;
  /** How the newly stored images of a single-root tree were split; null for a pre-split tree. */
  splitOfNewImages: SplitTotals | null;
}

export async function importTree(
  deps: IngestDeps,
  target: IngestTarget,
  entries: TreeEntry[],
  options: TreeImportOptions = {},
  onProgress?: (done: number, total: number) => void,
): Promise<TreeImportReport> {
  const report = emptyReport();
  let ignored = 0;
  const candidates: Array<{ path: string; segments: string[]; entry: TreeEntry }> = [];
  for (const entry of entries) {
    if (!entry.path.ok) {
      report.rejected.push({ name: entry.name, ...entry.path.rejection });
    } else if (isJunkPath(entry.path.segments)) {
      ignored += 1;
    } else {
      candidates.push({ path: entry.name, segments: entry.path.segments, entry });
    }
  }

  const plan = planImport(candidates);
  for (const { path, rejection } of plan.rejected) report.rejected.push({ name: path, ...rejection });
  const byPath = new Map(candidates.map((c) => [c.path, c.entry]));
  // Files are read one at a time (a zip is read sequentially) and checked a few at once (decoding
  // and hashing overlap), then stored a chunk at a time (batch-ingest.ts): one transaction per
  // chunk instead of one per image. While a chunk is being stored the next one is read and
  // checked. Chunks are stored one after another in tree order, so of identical bytes the first in
  // tree order is stored and the rest are reported as duplicates. Each file reports into its own
  // slot so the merged report keeps the tree's order.
  const outcomes = plan.files.map(() => emptyReport());
  let done = 0;
  const settle = (index: number, name: string, outcome: BatchOutcome) => {
    const slot = outcomes[index];
    if (outcome.kind === "stored") slot.stored.push({ name, imageId: outcome.imageId, sha256: outcome.sha256 });
    else if (outcome.kind === "duplicate")
      slot.duplicates.push({ name, existingImageId: outcome.existingImageId, sha256: outcome.sha256 });
    else slot.rejected.push({ name, ...outcome.rejection });
    onProgress?.(++done, plan.files.length);
  };

  let failure: { error: unknown } | null = null;
  let chunk: ChunkItem[] = [];
  let chunkBytes = 0;
  let storing: Promise<void> = Promise.resolve();
  const storeChunk = async (items: ChunkItem[]) => {
    const checked = await Promise.all(items.map((item) => item.checked));
    const ready: Array<{ index: number; image: PreparedImage }> = [];
    for (const [i, result] of checked.entries()) {
      if (result.kind === "fault") throw result.error;
      if (result.kind === "rejected") settle(items[i].index, items[i].name, result);
      else ready.push({ index: items[i].index, image: result.image });
    }
    if (ready.length === 0) return;
    const stored = await storePreparedBatch(
      deps,
      target,
      ready.map((r) => r.image),
    );
    for (const [i, outcome] of stored.entries()) settle(ready[i].index, ready[i].image.name, outcome);
  };
  const flush = async () => {
    const items = chunk;
    chunk = [];
    chunkBytes = 0;
    if (items.length === 0) return;
    // The previous chunk first: tree order, and at most two chunks' bytes held at once.
    await storing;
    // A real fault (database down, disk full) ends the import: nothing more is written.
    if (failure !== null) return;
    storing = storeChunk(items).catch((error: unknown) => {
      failure ??= { error };
    });
  };

  const checking = new Set<Promise<unknown>>();
  for (const [index, file] of plan.files.entries()) {
    if (failure !== null) break;
    const read = await byPath.get(file.path)!.read(deps.limits.maxFileBytes);
    if (!read.ok) {
      settle(index, file.path, { kind: "rejected", rejection: read.rejection });
      continue;
    }
    const checked = check(deps, target, {
      bytes: read.bytes,
      name: file.path,
      labels: [file.label],
      split: file.split,
    });
    const tracked = checked.finally(() => checking.delete(tracked));
    checking.add(tracked);
    chunk.push({ index, name: file.path, checked });
    chunkBytes += read.bytes.length;
    if (chunk.length >= CHUNK_FILES || chunkBytes >= CHUNK_BYTES) await flush();
    if (checking.size >= CHECK_CONCURRENCY) await Promise.race(checking);
  }
  await flush();
  await storing;
  if (failure !== null) throw (failure as { error: unknown }).error;
  for (const outcome of outcomes) {
    report.stored.push(...outcome.stored);
    report.duplicates.push(...outcome.duplicates);
    report.rejected.push(...outcome.rejected);
  }

  let splitOfNewImages: SplitTotals | null = null;
  if (plan.layout === "SINGLE_ROOT" && report.stored.length > 0) {
    // Only the new images: images already in the dataset keep their split.
    splitOfNewImages = await resplitImages(deps.prisma, target.id, {
      ratios: options.ratios ?? DEFAULT_RATIOS,
      seed: options.seed ?? 0,
      imageIds: report.stored.map((s) => s.imageId),
    });
  }
  return { ...report, layout: plan.layout, ignored, splitOfNewImages };
}
