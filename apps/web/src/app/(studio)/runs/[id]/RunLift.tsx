"use client";
// Measured lift: this run beside the previous finished run on an earlier
// version of its dataset, with the label fixes applied in between, so the
// loop "train → review → fix → retrain" has a number. Renders nothing for a
// dataset's first run.
import Link from "next/link";
import { useQuery } from "urql";
import { graphql } from "@/gql/index.ts";

const RunLiftQuery = graphql(`
  query RunLift($id: ID!) {
    run(id: $id) {
      id
      lift {
        previousRun {
          id
          name
        }
        previousVersionNumber
        versionNumber
        split
        accuracy
        previousAccuracy
        accuracyDelta
        perClass {
          label
          f1
          previousF1
        }
        relabelled
        relabelledFlagged
        relabelledInSplit
        removed
        added
      }
    }
  }
`);

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
const points = (x: number) => `${x >= 0 ? "+" : "−"}${Math.abs(x * 100).toFixed(1)} pts`;

export function RunLift({ runId }: { runId: string }) {
  const [result] = useQuery({ query: RunLiftQuery, variables: { id: runId } });
  const lift = result.data?.run.lift;
  if (!lift) return null;
  return (
    <section className="card" aria-labelledby="lift-heading" data-testid="run-lift" style={{ marginBottom: "1rem" }}>
      <h2 id="lift-heading">
        Lift over v{lift.previousVersionNumber}{" "}
        <span className="badge" style={{ color: lift.accuracyDelta >= 0 ? "var(--ok, green)" : "var(--danger)" }}>
          {points(lift.accuracyDelta)}
        </span>
      </h2>
      <p className="small">
        {lift.split.toLowerCase()} accuracy {pct(lift.accuracy)} on v{lift.versionNumber}, against{" "}
        {pct(lift.previousAccuracy)} for{" "}
        <Link href={`/runs/${lift.previousRun.id}`}>{lift.previousRun.name ?? "the previous run"}</Link> on v
        {lift.previousVersionNumber}. Between the versions: {lift.relabelled} label fixes ({lift.relabelledFlagged}{" "}
        flagged by the previous run), {lift.removed} images left out, {lift.added} added.
        {lift.relabelledInSplit > 0
          ? ` ${lift.relabelledInSplit} of the fixes are in the ${lift.split.toLowerCase()} split itself, so its answer key changed too.`
          : ""}
      </p>
      <table className="small">
        <thead>
          <tr>
            <th>class</th>
            <th>F1 before</th>
            <th>F1 now</th>
            <th>change</th>
          </tr>
        </thead>
        <tbody>
          {lift.perClass.map((c) => (
            <tr key={c.label}>
              <td>{c.label}</td>
              <td>{c.previousF1.toFixed(3)}</td>
              <td>{c.f1.toFixed(3)}</td>
              <td>{points(c.f1 - c.previousF1)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
