"use client";
// A dataset's embedding map, before (or without) looking at a run: the latest
// frozen version's images in 2-D by the embeddings runs cached for them,
// coloured by label. A lasso selection can be moved to another split or
// excluded, recorded as review decisions of the version's latest finished run
// (reviewRunId): the same audit trail as the review page's (who, when, what it
// replaced) and undone as a batch. Relabelling a group is the run map's job,
// where the run's mistakes and suspicions show which group to look at.
import Link from "next/link";
import { useParams } from "next/navigation";
import { useState } from "react";
import { useMutation, useQuery } from "urql";
import { EmbeddingMap } from "@/components/EmbeddingMap.tsx";
import { ErrorState, errorMessage, Loading } from "@/components/States.tsx";
import type { Split } from "@/gql/graphql.ts";
import { graphql } from "@/gql/index.ts";
import { classColour } from "@/lib/embedding-map.ts";
import { hasRole, useStudio } from "@/lib/team-context.tsx";

const DatasetMapQuery = graphql(`
  query DatasetEmbeddingMap($id: ID!) {
    dataset(id: $id) {
      id
      name
      versions(last: 1) {
        edges {
          node {
            id
            number
            embeddingMap {
              space
              imageCount
              labels
              imageIds
              x
              y
              labelIndex
              splits
              mistakes
              suspected
              reviewRunId
              reviewable
              explainedVariance
            }
          }
        }
      }
    }
  }
`);

const DecisionMutation = graphql(`
  mutation DatasetMapDecision($input: ReviewPredictionsInput!) {
    reviewPredictions(input: $input) {
      id
    }
  }
`);

const UndoMutation = graphql(`
  mutation DatasetMapUndo($runId: ID!) {
    undoLastReviewDecision(runId: $runId) {
      id
    }
  }
`);

/** reviewPredictions takes at most this many images per call. */
const CHUNK = 500;

const SPLITS: Split[] = ["TRAIN", "VAL", "TEST"];

export default function DatasetMapPage() {
  const { id } = useParams<{ id: string }>();
  const { team } = useStudio();
  const canEdit = hasRole(team, "EDITOR");
  const [result, refetch] = useQuery({ query: DatasetMapQuery, variables: { id } });
  const [selected, setSelected] = useState<Set<number>>(new Set());
  const [moveTo, setMoveTo] = useState<Split>("TRAIN");
  const [busy, setBusy] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [, decide] = useMutation(DecisionMutation);
  const [, undo] = useMutation(UndoMutation);

  if (result.error && !result.data)
    return <ErrorState error={result.error} retry={() => refetch({ requestPolicy: "network-only" })} />;
  if (!result.data) return <Loading lines={6} />;
  const dataset = result.data.dataset;
  const version = dataset.versions.edges[0]?.node;

  const reviewRunId = version?.embeddingMap.reviewRunId ?? null;

  const apply = async (what: "move" | "exclude") => {
    if (!version || reviewRunId === null) return;
    const map = version.embeddingMap;
    // Only images the review run has a prediction for can carry a review decision (a multilabel run
    // has none for its training images); the rest of the selection is left alone and counted.
    const chosen = [...selected];
    const ids = chosen.filter((i) => map.reviewable[i]).map((i) => map.imageIds[i]!);
    const skipped = chosen.length - ids.length;
    setFailure(null);
    setDone(null);
    for (let start = 0; start < ids.length; start += CHUNK) {
      setBusy(
        `${what === "move" ? "Moving" : "Excluding"} ${start + 1}-${Math.min(ids.length, start + CHUNK)} of ${ids.length}…`,
      );
      const res = await decide({
        input: {
          runId: reviewRunId,
          imageIds: ids.slice(start, start + CHUNK),
          action: what === "move" ? "MOVE_SPLIT" : "EXCLUDE",
          split: what === "move" ? moveTo : null,
        },
      });
      if (res.error) {
        setBusy(null);
        setFailure(`${errorMessage(res.error)} (${start} of ${ids.length} done)`);
        return;
      }
    }
    setBusy(null);
    setDone(
      `${what === "move" ? `Moved to ${moveTo}` : "Excluded"}: ${ids.length} images (in the next version)` +
        (skipped > 0 ? `; ${skipped} without a prediction in the latest run left alone.` : "."),
    );
    setSelected(new Set());
  };

  const undoLast = async () => {
    if (reviewRunId === null) return;
    setFailure(null);
    setBusy("Undoing…");
    const res = await undo({ runId: reviewRunId });
    setBusy(null);
    if (res.error) setFailure(errorMessage(res.error));
    else setDone(`Undone: ${res.data?.undoLastReviewDecision.length ?? 0} decisions.`);
  };

  return (
    <>
      <p className="small">
        <Link href={`/datasets/${dataset.id}`}>← {dataset.name}</Link>
      </p>
      <div className="page-head">
        <div>
          <h1>Embedding map</h1>
          {version ? (
            <p>
              Version {version.number}: {version.embeddingMap.imageIds.length} of {version.embeddingMap.imageCount}{" "}
              images placed by their cached embeddings ({version.embeddingMap.space ?? "none cached yet"}
              {version.embeddingMap.explainedVariance.length === 2 && version.embeddingMap.imageIds.length > 0
                ? `; the axes show ${((version.embeddingMap.explainedVariance[0]! + version.embeddingMap.explainedVariance[1]!) * 100).toFixed(0)}% of the variance`
                : ""}
              ). Drag to lasso a group.
            </p>
          ) : null}
        </div>
      </div>
      {!version ? (
        <p className="notice">Freeze a version first: the map shows a frozen version's images.</p>
      ) : version.embeddingMap.imageIds.length === 0 ? (
        <p className="notice" data-testid="dataset-map-empty">
          No image of version {version.number} has a cached embedding yet: train a run on it and its images are embedded
          on the way.
        </p>
      ) : (
        <>
          <div className="row small" style={{ gap: 10, flexWrap: "wrap", marginBottom: 8 }}>
            {version.embeddingMap.labels.map((label, i) => (
              <span key={label}>
                <span
                  style={{
                    display: "inline-block",
                    width: 10,
                    height: 10,
                    borderRadius: 5,
                    background: classColour(i, version.embeddingMap.labels.length),
                  }}
                />{" "}
                {label}
              </span>
            ))}
          </div>
          <EmbeddingMap
            data={version.embeddingMap}
            selected={selected}
            onSelect={(indices) => setSelected(new Set(indices))}
          />
        </>
      )}
      <div className="row small" style={{ gap: 8, alignItems: "center", marginTop: 8 }} data-testid="map-selection">
        <span>{selected.size} selected</span>
        {canEdit && reviewRunId === null && selected.size > 0 ? (
          <span data-testid="map-no-review-run">
            Acting on a selection is recorded as review decisions of a finished run of this version; train one first.
          </span>
        ) : null}
        {canEdit && reviewRunId !== null && selected.size > 0 ? (
          <>
            <button
              type="button"
              className="small"
              disabled={busy !== null}
              onClick={() => apply("move")}
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
            <button type="button" className="small" disabled={busy !== null} onClick={() => apply("exclude")}>
              Exclude
            </button>
            <button type="button" className="small" onClick={() => setSelected(new Set())}>
              Clear
            </button>
          </>
        ) : null}
        {canEdit && reviewRunId !== null && done !== null ? (
          <button type="button" className="small" disabled={busy !== null} onClick={undoLast} data-testid="map-undo">
            Undo
          </button>
        ) : null}
        {busy ? <span role="status">{busy}</span> : null}
        {done ? (
          <span role="status" data-testid="map-done">
            {done}
          </span>
        ) : null}
        {failure ? (
          <span role="alert" style={{ color: "var(--danger)" }}>
            {failure}
          </span>
        ) : null}
      </div>
    </>
  );
}
