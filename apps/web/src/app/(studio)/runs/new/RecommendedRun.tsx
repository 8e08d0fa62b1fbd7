"use client";
// The new-run form's default (issue 12): what recommendRunConfig measured on the chosen version and
// the strategy it picks, one sentence per choice, started with one click; or an AUTO run that searches
// around it as trial runs within a time budget. The knobs below stay for a recipe of one's own, with
// the reference recipe one click away.
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useMutation, useQuery } from "urql";
import { errorMessage } from "@/components/States.tsx";
import { graphql } from "@/gql/index.ts";
import { runConfigInputFromJson } from "@/lib/config-json.ts";

const RecommendRunConfigQuery = graphql(`
  query RecommendRunConfig($versionId: ID!) {
    recommendRunConfig(versionId: $versionId) {
      versionId
      strategy
      config
      seconds
      reasons {
        field
        sentence
      }
      measurements {
        classes
        trainImages
        nativeSize
        pixelProbeAccuracy
        bestCut
        backboneAdvantage
      }
    }
  }
`);

const CreateRecommendedRun = graphql(`
  mutation CreateRecommendedRun($input: CreateRunInput!) {
    createRun(input: $input) {
      id
    }
  }
`);

const STRATEGY_TITLES: Record<string, string> = {
  frozen: "a head on the frozen MobileNetV2",
  "fine-tune-top": "fine-tuning MobileNetV2's top blocks",
  "fine-tune-all": "fine-tuning all of MobileNetV2 at a low rate",
  scratch: "a small CNN trained from scratch at the images' own size",
  gradients: "a classifier on fixed oriented-gradient (edge) features at the images' own size",
};

export function RecommendedRun({ versionId, name }: { versionId: string; name: string }) {
  const router = useRouter();
  const [result, refetch] = useQuery({ query: RecommendRunConfigQuery, variables: { versionId } });
  const [createState, createRun] = useMutation(CreateRecommendedRun);
  const [budgetMinutes, setBudgetMinutes] = useState("10");
  const [problem, setProblem] = useState<string | null>(null);
  const recommendation = result.data?.recommendRunConfig;

  const start = async (config: Parameters<typeof createRun>[0]["input"]["config"]) => {
    setProblem(null);
    const res = await createRun({ input: { versionId, name: name.trim() || null, config } });
    if (res.data) router.push(`/runs/${res.data.createRun.id}`);
    else if (res.error) setProblem(errorMessage(res.error));
  };
  const budget = Number(budgetMinutes);
  const budgetOk = Number.isFinite(budget) && budget >= 0.5 && budget <= 1440;

  return (
    <fieldset className="card" aria-labelledby="recommended-title">
      <h2 id="recommended-title">Recommended for this version</h2>
      {result.error ? (
        <p className="notice error" role="alert">
          {errorMessage(result.error)}{" "}
          <button type="button" onClick={() => refetch({ requestPolicy: "network-only" })}>
            Measure again
          </button>
        </p>
      ) : !recommendation ? (
        <p aria-busy="true">
          Measuring this version: frozen MobileNetV2 features at four depths, and edge features on small images, against
          the raw pixels (about a minute the first time; the answer is kept).
        </p>
      ) : (
        <>
          <p>
            <strong>Train {STRATEGY_TITLES[recommendation.strategy] ?? recommendation.strategy}.</strong> Measured on{" "}
            {recommendation.measurements.trainImages} training images of {recommendation.measurements.classes} classes (
            {recommendation.measurements.nativeSize} px) in {recommendation.seconds.toFixed(0)} s.
          </p>
          <ul data-testid="recommendation-reasons">
            {recommendation.reasons.map((r) => (
              <li key={r.field}>{r.sentence}</li>
            ))}
          </ul>
        </>
      )}
      <div className="row">
        <button
          type="button"
          className="primary"
          disabled={!recommendation || createState.fetching}
          onClick={() => recommendation && start(runConfigInputFromJson(recommendation.config))}
        >
          Start the recommended run
        </button>
        <label>
          AUTO budget (minutes){" "}
          <input
            type="number"
            min={0.5}
            step={0.5}
            value={budgetMinutes}
            onChange={(e) => setBudgetMinutes(e.target.value)}
            aria-invalid={!budgetOk}
            style={{ width: "5rem" }}
          />
        </label>
        <button
          type="button"
          disabled={!budgetOk || createState.fetching}
          onClick={() => start({ strategy: "AUTO", auto: { budgetSeconds: Math.max(30, Math.round(budget * 60)) } })}
        >
          Start an AUTO run
        </button>
      </div>
      <p className="muted">
        An AUTO run measures the data, tries the recommendation and its alternatives as trial runs (stopping weak ones
        early) within the budget, then retrains the winner.
      </p>
      {problem ? (
        <p className="notice error" role="alert">
          {problem}
        </p>
      ) : null}
    </fieldset>
  );
}
