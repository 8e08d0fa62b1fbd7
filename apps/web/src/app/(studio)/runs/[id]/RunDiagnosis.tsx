"use client";
// What a finished run's figures say (issue 12): the pixel baseline beside its own figures (a run below
// it says so) and the diagnosis, each finding with a one-click "Start this run" that creates a run
// with the suggested config on the same version.
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useMutation } from "urql";
import { errorMessage } from "@/components/States.tsx";
import { type FragmentType, getFragmentData, graphql } from "@/gql/index.ts";
import { runConfigInputFromJson } from "@/lib/config-json.ts";

const RunDiagnosisFields = graphql(`
  fragment RunDiagnosisFields on Run {
    id
    name
    status
    valAccuracy
    testAccuracy
    version {
      id
    }
    baseline {
      size
      trainAccuracy
      valAccuracy
      testAccuracy
      runBelowBaseline
      verdict
      seconds
    }
    diagnosis {
      kind
      severity
      finding
      advice
      suggestedConfig
    }
  }
`);

const StartSuggestedRun = graphql(`
  mutation StartSuggestedRun($input: CreateRunInput!) {
    createRun(input: $input) {
      id
    }
  }
`);

const pct = (x: number | null | undefined) => (typeof x === "number" ? `${(x * 100).toFixed(1)}%` : "–");

export function RunDiagnosis({
  run: runRef,
  canEdit,
}: {
  run: FragmentType<typeof RunDiagnosisFields>;
  canEdit: boolean;
}) {
  const run = getFragmentData(RunDiagnosisFields, runRef);
  const { valAccuracy, testAccuracy } = run;
  const router = useRouter();
  const [state, createRun] = useMutation(StartSuggestedRun);
  const [starting, setStarting] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const { baseline, diagnosis } = run;
  if (run.status !== "SUCCEEDED" || (!baseline && diagnosis.length === 0)) return null;

  const start = async (kind: string, json: string) => {
    setProblem(null);
    setStarting(kind);
    try {
      const res = await createRun({
        input: {
          versionId: run.version.id,
          name: `${run.name ?? "run"} · fix ${kind}`,
          config: runConfigInputFromJson(json),
        },
      });
      if (res.data) router.push(`/runs/${res.data.createRun.id}`);
      else if (res.error) setProblem(errorMessage(res.error));
    } finally {
      setStarting(null);
    }
  };

  return (
    <section className="card" aria-labelledby="diagnosis-title">
      <h2 id="diagnosis-title">Diagnosis</h2>
      {baseline ? (
        <div className="stack">
          <table className="baseline-table">
            <thead>
              <tr>
                <th scope="col" />
                <th scope="col">validation</th>
                <th scope="col">test</th>
              </tr>
            </thead>
            <tbody>
              <tr>
                <th scope="row">this run</th>
                <td>{pct(valAccuracy)}</td>
                <td>{pct(testAccuracy)}</td>
              </tr>
              <tr>
                <th scope="row">pixel baseline</th>
                <td>{pct(baseline.valAccuracy)}</td>
                <td>{pct(baseline.testAccuracy)}</td>
              </tr>
            </tbody>
          </table>
          <p className={baseline.runBelowBaseline ? "notice warn" : "muted"} data-testid="baseline-verdict">
            {baseline.verdict} (Logistic regression on {baseline.size}-px pixels of the same split,{" "}
            {baseline.seconds.toFixed(1)} s.)
          </p>
        </div>
      ) : null}
      {diagnosis.length === 0 ? (
        <p className="muted">Nothing to fix: the curves converged and the run beats its baseline.</p>
      ) : (
        <ul className="diagnosis-list">
          {diagnosis.map((d) => (
            <li key={d.kind} className={`diagnosis ${d.severity === "PROBLEM" ? "problem" : "note"}`}>
              <p>
                <strong>{d.kind.replace(/-/g, " ")}</strong>
                {d.severity === "PROBLEM" ? " · problem" : " · note"}
              </p>
              <p>{d.finding}</p>
              <p className="muted">{d.advice}</p>
              {d.suggestedConfig && canEdit ? (
                <button
                  type="button"
                  disabled={state.fetching}
                  onClick={() => start(d.kind, d.suggestedConfig!)}
                  aria-label={`Start this run: ${d.advice}`}
                >
                  {starting === d.kind ? "Starting…" : "Start this run"}
                </button>
              ) : null}
            </li>
          ))}
        </ul>
      )}
      {problem ? (
        <p className="notice error" role="alert">
          {problem}
        </p>
      ) : null}
    </section>
  );
}
