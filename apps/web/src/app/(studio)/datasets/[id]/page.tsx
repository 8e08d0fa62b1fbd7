"use client";
// One dataset: its labels and split balance, uploads, the image grid with
// filters and inline relabelling, re-splitting, and frozen versions.
import Link from "next/link";
import { useParams, useRouter, useSearchParams } from "next/navigation";
import { useEffect, useRef, useState } from "react";
import { useMutation, useQuery } from "urql";
import { SplitBar } from "@/components/SplitBar.tsx";
import { ErrorState, errorMessage, Loading } from "@/components/States.tsx";
import { graphql } from "@/gql/index.ts";
import { hasRole, useStudio } from "@/lib/team-context.tsx";
import { DataQualityPanel } from "./DataQualityPanel.tsx";
import { ImageBrowser } from "./ImageBrowser.tsx";
import { SplitPanel } from "./SplitPanel.tsx";
import { UploadPanel } from "./UploadPanel.tsx";
import { VersionsPanel } from "./VersionsPanel.tsx";

const DatasetQuery = graphql(`
  query Dataset($id: ID!) {
    dataset(id: $id) {
      id
      name
      task
      updatedAt
      team {
        id
      }
      labels {
        id
        name
        position
      }
      stats {
        excluded
        images {
          total
          train
          val
          test
        }
        labels {
          label
          total
          train
          val
          test
        }
      }
    }
  }
`);

const RenameDatasetMutation = graphql(`
  mutation RenameDataset($input: RenameDatasetInput!) {
    renameDataset(input: $input) {
      id
      name
    }
  }
`);

const DeleteDatasetMutation = graphql(`
  mutation DeleteDataset($input: DeleteDatasetInput!) {
    deleteDataset(input: $input) {
      datasetId
    }
  }
`);

export default function DatasetPage() {
  const { id } = useParams<{ id: string }>();
  const router = useRouter();
  const params = useSearchParams();
  // Set by the sample loader: the dataset arrived with version 1 frozen.
  const loadedSample = params.get("loaded") === "sample";
  const loadedVersion = params.get("version");
  const { team } = useStudio();
  const [result, refetch] = useQuery({ query: DatasetQuery, variables: { id } });
  const [renameState, rename] = useMutation(RenameDatasetMutation);
  const [deleteState, remove] = useMutation(DeleteDatasetMutation);
  const [editingName, setEditingName] = useState<string | null>(null);
  // Focus the name field when the person asks to rename (not on page load, which autoFocus would risk).
  const nameInput = useRef<HTMLInputElement>(null);
  const renaming = editingName !== null;
  useEffect(() => {
    if (renaming) nameInput.current?.focus();
  }, [renaming]);
  // Bumped after uploads, splits and relabels so the grid and stats reload.
  const [revision, setRevision] = useState(0);
  const changed = () => {
    setRevision((r) => r + 1);
    refetch({ requestPolicy: "network-only" });
  };

  if (result.error && !result.data) {
    return (
      <ErrorState
        error={result.error}
        title="Cannot open this dataset"
        retry={() => refetch({ requestPolicy: "network-only" })}
      />
    );
  }
  if (!result.data) return <Loading label="Loading the dataset…" lines={6} />;
  const dataset = result.data.dataset;
  const canEdit = hasRole(team, "EDITOR");
  const labels = dataset.labels.map((l) => l.name);
  const maxLabel = Math.max(1, ...dataset.stats.labels.map((l) => l.total));

  return (
    <>
      <p className="small">
        <Link href="/datasets">← Datasets</Link>
      </p>
      <div className="page-head">
        <div>
          {editingName !== null ? (
            <form
              className="row"
              onSubmit={async (e) => {
                e.preventDefault();
                const res = await rename({ input: { datasetId: dataset.id, name: editingName.trim() } });
                if (!res.error) setEditingName(null);
              }}
            >
              <input
                type="text"
                aria-label="Dataset name"
                value={editingName}
                onChange={(e) => setEditingName(e.target.value)}
                ref={nameInput}
              />
              <button type="submit" className="primary small" disabled={renameState.fetching}>
                Save
              </button>
              <button type="button" className="small" onClick={() => setEditingName(null)}>
                Cancel
              </button>
            </form>
          ) : (
            <h1>
              {dataset.name}{" "}
              {canEdit ? (
                <button
                  type="button"
                  className="small"
                  onClick={() => setEditingName(dataset.name)}
                  aria-label="Rename dataset"
                >
                  Rename
                </button>
              ) : null}
            </h1>
          )}
          <p>
            {dataset.task.toLowerCase()} · {dataset.stats.images.total} images
            {dataset.stats.excluded ? ` · ${dataset.stats.excluded} excluded` : ""}
          </p>
        </div>
        <div className="row">
          <Link className="button primary" href={`/runs/new?dataset=${dataset.id}`}>
            Train a model
          </Link>
          <Link className="button" href={`/datasets/${dataset.id}/label-queue`} data-testid="label-queue-link">
            Label queue
          </Link>
          <Link className="button" href={`/datasets/${dataset.id}/map`} data-testid="dataset-map-link">
            Embedding map
          </Link>
          {hasRole(team, "ADMIN") ? (
            <button
              type="button"
              className="danger"
              disabled={deleteState.fetching}
              onClick={async () => {
                if (
                  !window.confirm(
                    `Delete ${dataset.name} with all its images, versions and runs? This cannot be undone.`,
                  )
                )
                  return;
                const res = await remove({ input: { datasetId: dataset.id } });
                if (!res.error) router.replace("/datasets");
              }}
            >
              Delete
            </button>
          ) : null}
        </div>
      </div>
      {loadedSample ? (
        <div
          className="notice row"
          style={{ justifyContent: "space-between", marginBottom: "1rem" }}
          role="status"
          data-testid="sample-loaded"
        >
          <span>
            <strong>Sample loaded.</strong> {dataset.stats.images.total.toLocaleString("en")} images with their train
            and val splits, frozen as version 1: ready to train with the defaults.
          </span>
          <Link
            className="button primary"
            href={`/runs/new?dataset=${dataset.id}${loadedVersion ? `&version=${encodeURIComponent(loadedVersion)}` : ""}`}
          >
            Start a run
          </Link>
        </div>
      ) : null}
      {renameState.error || deleteState.error ? (
        <p className="notice error" role="alert">
          {errorMessage((renameState.error ?? deleteState.error)!)}
        </p>
      ) : null}

      <div className="grid-2" style={{ marginBottom: "1rem" }}>
        <section className="card" aria-labelledby="balance-heading">
          <h2 id="balance-heading">Balance</h2>
          <SplitBar
            train={dataset.stats.images.train}
            val={dataset.stats.images.val}
            test={dataset.stats.images.test}
          />
          <div className="stack" style={{ gap: 6, marginTop: 12 }} data-testid="label-stats">
            {dataset.stats.labels.map((l) => (
              <div key={l.label} className="prob-bar">
                <span>{l.label}</span>
                <div className="bar" aria-hidden="true">
                  <div style={{ width: `${(l.total / maxLabel) * 100}%` }} />
                </div>
                <span className="tabular small">{l.total}</span>
              </div>
            ))}
          </div>
        </section>
        {canEdit ? (
          <UploadPanel datasetId={dataset.id} labels={labels} task={dataset.task} onUploaded={changed} />
        ) : null}
      </div>

      <ImageBrowser
        datasetId={dataset.id}
        labels={labels}
        task={dataset.task}
        canEdit={canEdit}
        revision={revision}
        onChanged={() => refetch({ requestPolicy: "network-only" })}
      />

      <div className="grid-2" style={{ marginTop: "1rem" }}>
        <VersionsPanel datasetId={dataset.id} canEdit={canEdit} revision={revision} />
        {canEdit ? <SplitPanel datasetId={dataset.id} onSplit={changed} /> : null}
      </div>
      <DataQualityPanel datasetId={dataset.id} />
    </>
  );
}
