"use client";
// The run's embedding map (components/EmbeddingMap.tsx): its images in 2-D by their
// cached embeddings, coloured by label with mistakes and suspected label
// issues marked. A lasso selection can be relabelled, excluded or moved to
// another split at once (one review decision per image, undone together from
// the review page).
import Link from "next/link";
import { useParams } from "next/navigation";
import { useState } from "react";
import { useMutation, useQuery } from "urql";
import { EmbeddingMap } from "@/components/EmbeddingMap.tsx";
import { ErrorState, errorMessage, Loading } from "@/components/States.tsx";
import type { ReviewAction, Split } from "@/gql/graphql.ts";
import { graphql } from "@/gql/index.ts";
import { classColour } from "@/lib/embedding-map.ts";
import { hasRole, useStudio } from "@/lib/team-context.tsx";

const EmbeddingMapQuery = graphql(`
  query RunEmbeddingMap($id: ID!) {
    run(id: $id) {
      id
      name
      status
      dataset {
        id
        name
      }
      embeddingMap {
        space
        imageCount
        labels
        imageIds
        x
        y
        labelIndex
        mistakes
        suspected
        explainedVariance
      }
    }
  }
`);

const MapDecisionMutation = graphql(`
  mutation MapDecision($input: ReviewPredictionsInput!) {
    reviewPredictions(input: $input) {
      id
    }
  }
`);

/** reviewPredictions takes at most this many images per call. */
const CHUNK = 500;

const SPLITS: Split[] = ["TRAIN", "VAL", "TEST"];

export default function EmbeddingMapPage() {
  const { id } = useParams<{ id: string }>();
  const { team } = useStudio();
  const canEdit = hasRole(team, "EDITOR");
  const [result, refetch] = useQuery({ query: EmbeddingMapQuery, variables: { id } });
  const [selected, setSelected] = useState<Set<number>>(new Set());
  const [relabelTo, setRelabelTo] = useState<string>("");
  const [moveTo, setMoveTo] = useState<Split>(SPLITS[0]!);
  const [state, decide] = useMutation(MapDecisionMutation);
  const [done, setDone] = useState<string | null>(null);

  if (result.error && !result.data)
    return <ErrorState error={result.error} retry={() => refetch({ requestPolicy: "network-only" })} />;
  if (!result.data) return <Loading lines={6} />;
  const run = result.data.run;
  const map = run.embeddingMap;
  const target = relabelTo || map.labels[0] || "";

  const apply = async (action: ReviewAction) => {
    const ids = [...selected].map((i) => map.imageIds[i]!);
    for (let start = 0; start < ids.length; start += CHUNK) {
      const res = await decide({
        input: {
          runId: run.id,
          imageIds: ids.slice(start, start + CHUNK),
          action,
          newLabel: action === "RELABEL" ? target : null,
          split: action === "MOVE_SPLIT" ? moveTo : null,
        },
      });
      if (res.error) return;
    }
    const what =
      action === "RELABEL" ? `Relabelled to ${target}` : action === "MOVE_SPLIT" ? `Moved to ${moveTo}` : "Excluded";
    setDone(`${what}: ${ids.length} images.`);
    setSelected(new Set());
  };

  return (
    <>
      <p className="small">
        <Link href={`/runs/${run.id}`}>← {run.name ?? run.dataset.name}</Link>
      </p>
      <div className="page-head">
        <div>
          <h1>Embedding map</h1>
          <p>
            {map.imageIds.length} of {map.imageCount} images placed by their embeddings (
            {map.space ?? "none cached yet"}
            {map.explainedVariance.length === 2
              ? `; the axes show ${((map.explainedVariance[0]! + map.explainedVariance[1]!) * 100).toFixed(0)}% of the variance`
              : ""}
            ). Red rings: the run got it wrong; black squares: suspected label issues. Drag to lasso a group.
          </p>
        </div>
      </div>
      <div className="row small" style={{ gap: 10, flexWrap: "wrap", marginBottom: 8 }}>
        {map.labels.map((label, i) => (
          <span key={label}>
            <span
              style={{
                display: "inline-block",
                width: 10,
                height: 10,
                borderRadius: 5,
                background: classColour(i, map.labels.length),
              }}
            />{" "}
            {label}
          </span>
        ))}
      </div>
      {map.imageIds.length === 0 ? (
        <p className="notice">No image of this run has a cached embedding yet.</p>
      ) : (
        <EmbeddingMap data={map} selected={selected} onSelect={(indices) => setSelected(new Set(indices))} />
      )}
      <div className="row small" style={{ gap: 8, alignItems: "center", marginTop: 8 }} data-testid="map-selection">
        <span>{selected.size} selected</span>
        {canEdit && selected.size > 0 ? (
          <>
            <button
              type="button"
              className="small"
              disabled={state.fetching}
              onClick={() => apply("RELABEL")}
              data-testid="map-relabel"
            >
              Relabel to
            </button>
            <select
              aria-label="Relabel the selection to"
              value={target}
              onChange={(e) => setRelabelTo(e.target.value)}
              data-testid="map-relabel-to"
            >
              {map.labels.map((l) => (
                <option key={l} value={l}>
                  {l}
                </option>
              ))}
            </select>
            <button
              type="button"
              className="small"
              disabled={state.fetching}
              onClick={() => apply("MOVE_SPLIT")}
              data-testid="map-move"
            >
              Move to
            </button>
            <select
              aria-label="Move the selection to split"
              value={moveTo}
              onChange={(e) => setMoveTo(e.target.value as Split)}
              data-testid="map-move-to"
            >
              {SPLITS.map((split) => (
                <option key={split} value={split}>
                  {split.toLowerCase()}
                </option>
              ))}
            </select>
            <button type="button" className="small" disabled={state.fetching} onClick={() => apply("EXCLUDE")}>
              Exclude
            </button>
            <button type="button" className="small" onClick={() => setSelected(new Set())}>
              Clear
            </button>
          </>
        ) : null}
        {done ? (
          <span role="status" data-testid="map-done">
            {done}
          </span>
        ) : null}
        {state.error ? (
          <span role="alert" style={{ color: "var(--danger)" }}>
            {errorMessage(state.error)}
          </span>
        ) : null}
      </div>
    </>
  );
}
