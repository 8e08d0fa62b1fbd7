// The run's label-issue flagging at a glance, above the per-class review lists: how many training
// images were flagged out of those ranked, from which score, how many labels the run estimates are
// wrong, and how far to trust the flags (estimated precision and recall, from the scores alone).
// The flagged images themselves are the "Suspected label issues" section of each class.
import { type FragmentType, getFragmentData, graphql } from "@/gql/index.ts";
import { pct } from "../run-format.ts";

export const LabelIssueEstimatesFields = graphql(`
  fragment LabelIssueEstimatesFields on Run {
    labelIssues {
      scored
      flagged
      folds
      scoreThreshold
      estimatedIssues
      estimatedErrors
      estimatedPrecision
      estimatedRecall
      members
      memberWeights
    }
  }
`);

const count = (v: number | null | undefined) => (v === null || v === undefined ? "–" : String(Math.round(v)));

/** "name (weight)" per model when the run stored the pool's weights (older runs did not). */
const pooledMembers = (members: string[], weights: number[]) =>
  members.map((name, m) => (weights[m] === undefined ? name : `${name} ${weights[m]!.toFixed(2)}`)).join(", ");

export function LabelIssueEstimates({ run }: { run: FragmentType<typeof LabelIssueEstimatesFields> }) {
  const issues = getFragmentData(LabelIssueEstimatesFields, run).labelIssues;
  if (!issues) return null;
  return (
    <section
      className="card"
      aria-labelledby="label-issue-estimates-heading"
      data-testid="label-issue-estimates"
      style={{ marginBottom: "1rem" }}
    >
      <h2 id="label-issue-estimates-heading">Suspected label issues in this run</h2>
      <p data-testid="label-issue-cut">
        <strong>{issues.flagged.toLocaleString("en")}</strong> of {issues.scored.toLocaleString("en")} training images
        flagged
        {issues.scoreThreshold === null || issues.scoreThreshold === undefined ? null : (
          <>
            {" "}
            (label-issue score ≥ <span data-testid="label-issue-threshold">{issues.scoreThreshold.toFixed(3)}</span>)
          </>
        )}
        . An estimated <strong data-testid="label-issue-estimated-errors">{count(issues.estimatedErrors)}</strong>{" "}
        labels are wrong; the flags should catch about {pct(issues.estimatedRecall)} of them, and about{" "}
        {pct(issues.estimatedPrecision)} of the flags should be real errors.
      </p>
      <p className="small muted">
        Confident learning&apos;s own count is {count(issues.estimatedIssues)} (it also counts confusions between
        look-alike classes, so it only caps the cut). Every figure is estimated from out-of-fold scores ({issues.folds}{" "}
        folds; models pooled: {pooledMembers(issues.members, issues.memberWeights)}), not from checked labels: review
        past the cut with “show the ranked tail beyond the cut” in each class.
      </p>
    </section>
  );
}
