// Measured lift: a run beside the previous run of its dataset on an earlier version, with the
// difference in accuracy and per class, and the label fixes between the two versions (relabels,
// how many of them the previous run had flagged, exclusions, additions). It gives the loop
// "train → review → fix → retrain" a number. Figures come from each run's stored predictions
// (run-evaluation.ts), on TEST when both runs have it, else VAL. A relabel inside that split also
// changes the answer key, so the split's relabels are counted separately.
import type { Run, Split } from "@headstart/db";
import type { Caller } from "../accounts/caller.ts";
import { diffVersions } from "../datasets/versions.ts";
import { requireRunRole } from "../runs/run-access.ts";
import { evaluateRunSplit } from "../runs/run-evaluation.ts";

export interface ClassLift {
  label: string;
  f1: number;
  previousF1: number;
  recall: number;
  previousRecall: number;
}

export interface RunLift {
  previousRunId: string;
  previousVersionNumber: number;
  versionNumber: number;
  split: Split;
  accuracy: number;
  previousAccuracy: number;
  /** accuracy - previousAccuracy. */
  accuracyDelta: number;
  perClass: ClassLift[];
  relabelled: number;
  /** Relabelled images the previous run had flagged as suspected label issues. */
  relabelledFlagged: number;
  /** Relabels inside the compared split (they change its answer key, not only the training data). */
  relabelledInSplit: number;
  removed: number;
  added: number;
}

/** Needs VIEWER. Null when the run has no finished predecessor on an earlier version, or either lacks figures. */
export async function runLift(ctx: Caller, runId: string): Promise<RunLift | null> {
  const run = await requireRunRole(ctx, runId, "VIEWER");
  if (run.status !== "SUCCEEDED") return null;
  const version = await ctx.prisma.datasetVersion.findUniqueOrThrow({ where: { id: run.versionId } });
  // The latest finished top-level run on an earlier version (AUTO trials belong to their parent).
  const candidates = await ctx.prisma.run.findMany({
    where: {
      datasetId: run.datasetId,
      status: "SUCCEEDED",
      id: { not: run.id },
      parentRunId: null,
      version: { number: { lt: version.number } },
    },
    include: { version: { select: { number: true } } },
    orderBy: [{ version: { number: "desc" } }, { finishedAt: { sort: "desc", nulls: "last" } }],
    take: 1,
  });
  const previous = candidates[0];
  if (!previous) return null;
  const split = await comparableSplit(ctx, run, previous);
  if (!split) return null;
  const [now, before] = await Promise.all([
    evaluateRunSplit(ctx.prisma, run, split),
    evaluateRunSplit(ctx.prisma, previous, split),
  ]);
  if (!now || !before) return null;
  const diff = await diffVersions(ctx.prisma, previous.versionId, run.versionId);
  const relabelledIds = diff.relabelled.map((r) => r.id);
  const flagged = await ctx.prisma.prediction.count({
    where: { runId: previous.id, imageId: { in: relabelledIds }, labelIssueFlagged: true },
  });
  const inSplit = await ctx.prisma.prediction.count({
    where: { runId: run.id, imageId: { in: relabelledIds }, split },
  });
  const beforeByLabel = new Map(before.perClass.map((c) => [c.label, c]));
  return {
    previousRunId: previous.id,
    previousVersionNumber: previous.version.number,
    versionNumber: version.number,
    split,
    accuracy: now.accuracy,
    previousAccuracy: before.accuracy,
    accuracyDelta: now.accuracy - before.accuracy,
    perClass: now.perClass.flatMap((c) => {
      const old = beforeByLabel.get(c.label);
      return old
        ? [{ label: c.label, f1: c.f1, previousF1: old.f1, recall: c.recall, previousRecall: old.recall }]
        : [];
    }),
    relabelled: diff.relabelled.length,
    relabelledFlagged: flagged,
    relabelledInSplit: inSplit,
    removed: diff.removed.length,
    added: diff.added.length,
  };
}

async function comparableSplit(ctx: Caller, a: Run, b: Run): Promise<Split | null> {
  for (const split of ["TEST", "VAL"] as const) {
    const counts = await Promise.all(
      [a, b].map((run) => ctx.prisma.prediction.count({ where: { runId: run.id, split } })),
    );
    if (counts.every((n) => n > 0)) return split;
  }
  return null;
}
