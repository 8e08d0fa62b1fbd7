"use client";
// A dataset's embedding map, before (or without) looking at a run: the latest
// frozen version's images in 2-D by the embeddings runs cached for them,
// coloured by label. A lasso selection can be moved to another split or
// excluded (each image through the same mutations the image grid uses);
// relabelling a group is the run map's job, where the run's mistakes and
// suspicions show which group to look at and each decision is audited.
import Link from "next/link";
import { useParams } from "next/navigation";
import { useState } from "react";
import { useClient, useQuery } from "urql";
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
              explainedVariance
            }
          }
        }
      }
    }
  }
`);

const MoveMutation = graphql(`
  mutation DatasetMapMove($input: MoveImageInput!) {
    moveImage(input: $input) {
      id
    }
  }
`);

const ExcludeMutation = graphql(`
  mutation DatasetMapExclude($input: SetImageExcludedInput!) {
    setImageExcluded(input: $input) {
      id
    }
  }
`);

const SPLITS: Split[] = ["TRAIN", "VAL", "TEST"];

export default function DatasetMapPage() {
  const { id } = useParams<{ id: string }>();
  const { team } = useStudio();
  const canEdit = hasRole(team, "EDITOR");
  const client = useClient();
  const [result, refetch] = useQuery({ query: DatasetMapQuery, variables: { id } });
  const [selected, setSelected] = useState<Set<number>>(new Set());
  const [moveTo, setMoveTo] = useState<Split>("TRAIN");
  const [busy, setBusy] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | null>(null);

  if (result.error && !result.data)
    return <ErrorState error={result.error} retry={() => refetch({ requestPolicy: "network-only" })} />;
  if (!result.data) return <Loading lines={6} />;
  const dataset = result.data.dataset;
  const version = dataset.versions.edges[0]?.node;

  const apply = async (what: "move" | "exclude") => {
    if (!version) return;
    const ids = [...selected].map((i) => version.embeddingMap.imageIds[i]!);
    setFailure(null);
    setDone(null);
    // One image at a time, as the image grid does: each move or exclusion is its own recorded change.
    for (let k = 0; k < ids.length; k++) {
      setBusy(`${what === "move" ? "Moving" : "Excluding"} ${k + 1} of ${ids.length}…`);
      const res =
        what === "move"
          ? await client.mutation(MoveMutation, { input: { imageId: ids[k]!, split: moveTo } }).toPromise()
          : await client.mutation(ExcludeMutation, { input: { imageId: ids[k]!, excluded: true } }).toPromise();
      if (res.error) {
        setBusy(null);
        setFailure(`${errorMessage(res.error)} (${k} of ${ids.length} done)`);
        return;
      }
    }
    setBusy(null);
    setDone(`${what === "move" ? `Moved to ${moveTo}` : "Excluded"}: ${ids.length} images (in the next version).`);
    setSelected(new Set());
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
        {canEdit && selected.size > 0 ? (
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
