// Run.labelIssues: the label-issue flagging's own estimates, as the trainer stored them in
// Run.metrics.labelIssues (apps/trainer/src/compute/attempt.ts): how many training images were ranked
// and flagged, from which score, the estimated number of wrong labels and the cut's estimated
// precision and recall, and which out-of-fold models were averaged. The flagged images themselves are
// Run.suspectedLabelIssues (review-types.ts).
import { builder } from "../builder.ts";
import { RunRef } from "../runs/run-types.ts";

export interface RunLabelIssues {
  scored: number;
  flagged: number;
  folds: number;
  scoreThreshold: number | null;
  estimatedIssues: number | null;
  estimatedErrors: number | null;
  estimatedPrecision: number | null;
  estimatedRecall: number | null;
  members: string[];
  /** Each member's weight in the pool, in `members` order; empty for runs from before the pool. */
  memberWeights: number[];
}

const finite = (value: unknown): number | null => (typeof value === "number" && Number.isFinite(value) ? value : null);

/**
 * The stored estimates, or null when the run ranked no training image (still running, multilabel,
 * a class too small to split into folds). Runs from before an estimate existed leave it null.
 */
export function runLabelIssuesOf(metrics: unknown): RunLabelIssues | null {
  if (typeof metrics !== "object" || metrics === null) return null;
  const stored = (metrics as Record<string, unknown>).labelIssues;
  if (typeof stored !== "object" || stored === null) return null;
  const s = stored as Record<string, unknown>;
  const scored = finite(s.scored);
  if (scored === null || scored === 0) return null;
  return {
    scored,
    // Older runs stored only `candidates` (the same cut).
    flagged: finite(s.flagged) ?? finite(s.candidates) ?? 0,
    folds: finite(s.folds) ?? 0,
    scoreThreshold: finite(s.scoreThreshold),
    estimatedIssues: finite(s.estimatedIssues),
    estimatedErrors: finite(s.estimatedErrors),
    estimatedPrecision: finite(s.estimatedPrecision),
    estimatedRecall: finite(s.estimatedRecall),
    members: Array.isArray(s.members) ? s.members.filter((m): m is string => typeof m === "string") : [],
    memberWeights: Array.isArray(s.memberWeights)
      ? s.memberWeights.filter((w): w is number => typeof w === "number" && Number.isFinite(w))
      : [],
  };
}

const RunLabelIssuesRef = builder.objectRef<RunLabelIssues>("RunLabelIssues").implement({
  description:
    "How the run flagged suspected label issues among its training images, and how far to trust the flags: every estimate comes from the out-of-fold scores alone (no label was checked by a person).",
  fields: (t) => ({
    scored: t.exposeInt("scored", { description: "Training images ranked by how likely their label is wrong." }),
    flagged: t.exposeInt("flagged", {
      description: "Images within the recommended cut (the most suspicious first); the rest is the ranked tail.",
    }),
    folds: t.exposeInt("folds", { description: "Folds of the out-of-fold models." }),
    scoreThreshold: t.exposeFloat("scoreThreshold", {
      nullable: true,
      description:
        "The lowest labelIssueScore within the cut (every flagged image scores at least this); null when none is flagged.",
    }),
    estimatedIssues: t.exposeFloat("estimatedIssues", {
      nullable: true,
      description:
        "Confident learning's estimate of how many labels are wrong; it counts confusions between look-alike classes too, so it only caps the cut.",
    }),
    estimatedErrors: t.exposeFloat("estimatedErrors", {
      nullable: true,
      description: "How many labels are wrong, estimated from how mislabelled images score.",
    }),
    estimatedPrecision: t.exposeFloat("estimatedPrecision", {
      nullable: true,
      description: "Estimated share of the flagged images whose label is really wrong (a rough figure, not a promise).",
    }),
    estimatedRecall: t.exposeFloat("estimatedRecall", {
      nullable: true,
      description: "Estimated share of the wrong labels that the flagged images catch.",
    }),
    members: t.exposeStringList("members", { description: "The out-of-fold models whose probabilities were pooled." }),
    memberWeights: t.exposeFloatList("memberWeights", {
      description:
        "Each model's weight in the pool (same order as `members`, summing to 1), fitted on the given labels; empty for runs from before the pool.",
    }),
  }),
});

builder.objectField(RunRef, "labelIssues", (t) =>
  t.field({
    type: RunLabelIssuesRef,
    nullable: true,
    description:
      "The label-issue flagging's estimates (flag cut, score threshold, estimated number of wrong labels, precision and recall); null until the run has evaluated, and for runs that rank no training images (multilabel).",
    resolve: (run) => runLabelIssuesOf(run.metrics),
  }),
);
