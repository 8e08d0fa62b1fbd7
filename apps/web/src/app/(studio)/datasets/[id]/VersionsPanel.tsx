"use client";
// Frozen versions (what runs train on) and the difference between two of them.
import Link from "next/link";
import { useEffect, useState } from "react";
import { useMutation, useQuery } from "urql";
import { Empty, ErrorState, errorMessage, Loading } from "@/components/States.tsx";
import { graphql } from "@/gql/index.ts";

const DatasetVersionsQuery = graphql(`
  query DatasetVersions($id: ID!) {
    dataset(id: $id) {
      id
      versions(last: 50) {
        edges {
          node {
            id
            number
            note
            imageCount
            createdAt
            labels
            splitCounts {
              train
              val
              test
            }
          }
        }
      }
    }
  }
`);

const FreezeVersionMutation = graphql(`
  mutation FreezeDatasetVersion($input: FreezeDatasetVersionInput!) {
    freezeDatasetVersion(input: $input) {
      id
      number
      dataQuality {
        checked
        leaks {
          imageIds
          splits
          maxSimilarity
        }
      }
    }
  }
`);

const VersionDiffQuery = graphql(`
  query VersionDiff($fromId: ID!, $toId: ID!) {
    datasetVersionDiff(fromId: $fromId, toId: $toId, limit: 60) {
      addedCount
      removedCount
      relabelledCount
      movedCount
      labelsAdded
      labelsRemoved
      added {
        id
        labels
        split
      }
      removed {
        id
        labels
        split
      }
      relabelled {
        id
        from
        to
      }
      moved {
        id
        from
        to
      }
    }
  }
`);

function Thumbs({ ids, caption }: { ids: { id: string; text: string }[]; caption: string }) {
  if (ids.length === 0) return null;
  return (
    <div>
      <div className="small muted" style={{ margin: "6px 0 4px" }}>
        {caption}
      </div>
      <div className="thumb-grid" style={{ gridTemplateColumns: "repeat(auto-fill, minmax(64px, 1fr))" }}>
        {ids.map((i) => (
          <div key={i.id} className="thumb" title={i.text}>
            {/* eslint-disable-next-line @next/next/no-img-element */}
            <img src={`/thumbnails/${i.id}`} alt={i.text} loading="lazy" />
          </div>
        ))}
      </div>
    </div>
  );
}

function VersionDiff({ fromId, toId }: { fromId: string; toId: string }) {
  const [result] = useQuery({ query: VersionDiffQuery, variables: { fromId, toId } });
  if (result.error) return <ErrorState error={result.error} title="Cannot compare these versions" />;
  if (!result.data) return <Loading lines={2} />;
  const d = result.data.datasetVersionDiff;
  const nothing =
    d.addedCount + d.removedCount + d.relabelledCount + d.movedCount === 0 &&
    d.labelsAdded.length + d.labelsRemoved.length === 0;
  return (
    <div data-testid="version-diff">
      <div className="metrics">
        {(
          [
            ["added", d.addedCount],
            ["removed", d.removedCount],
            ["relabelled", d.relabelledCount],
            ["moved", d.movedCount],
          ] as const
        ).map(([label, n]) => (
          <div key={label} className="metric">
            <div className="value">{n}</div>
            <div className="label">{label}</div>
          </div>
        ))}
      </div>
      {nothing ? <p className="small muted">The two versions hold the same images, labels and splits.</p> : null}
      {d.labelsAdded.length || d.labelsRemoved.length ? (
        <p className="small">
          {d.labelsAdded.length ? `Labels added: ${d.labelsAdded.join(", ")}. ` : ""}
          {d.labelsRemoved.length ? `Labels removed: ${d.labelsRemoved.join(", ")}.` : ""}
        </p>
      ) : null}
      <Thumbs
        caption="Relabelled"
        ids={d.relabelled.map((r) => ({ id: r.id, text: `${r.from.join(", ")} → ${r.to.join(", ")}` }))}
      />
      <Thumbs
        caption="Added"
        ids={d.added.map((r) => ({ id: r.id, text: `${r.labels.join(", ")} (${r.split.toLowerCase()})` }))}
      />
      <Thumbs
        caption="Moved"
        ids={d.moved.map((r) => ({ id: r.id, text: `${r.from.toLowerCase()} → ${r.to.toLowerCase()}` }))}
      />
      <Thumbs
        caption="Removed"
        ids={d.removed.map((r) => ({ id: r.id, text: `${r.labels.join(", ")} (${r.split.toLowerCase()})` }))}
      />
    </div>
  );
}

export function VersionsPanel({
  datasetId,
  canEdit,
  revision,
}: {
  datasetId: string;
  canEdit: boolean;
  revision: number;
}) {
  const [result, refetch] = useQuery({ query: DatasetVersionsQuery, variables: { id: datasetId } });
  const [freezeState, freeze] = useMutation(FreezeVersionMutation);
  const [note, setNote] = useState("");
  const versions = [...(result.data?.dataset.versions.edges.map((e) => e.node) ?? [])].reverse();
  const [fromId, setFromId] = useState("");
  const [toId, setToId] = useState("");

  // biome-ignore lint/correctness/useExhaustiveDependencies: revision is the parent's "reload now" signal (bumped after uploads and relabels); the effect must re-run when it changes although it reads nothing from it.
  useEffect(() => {
    refetch({ requestPolicy: "network-only" });
  }, [revision, refetch]);
  useEffect(() => {
    // Default the comparison to the two newest versions.
    if (versions.length >= 2 && !versions.some((v) => v.id === toId)) {
      setToId(versions[0].id);
      setFromId(versions[1].id);
    }
  }, [versions, toId]);

  return (
    <section className="card" aria-labelledby="versions-heading">
      <h2 id="versions-heading">Versions</h2>
      <p className="small muted">
        A version freezes the labels, images and splits as they are now; runs train on a version, so later edits never
        change a finished run.
      </p>
      {canEdit ? (
        <form
          className="row"
          style={{ marginBottom: 12 }}
          onSubmit={async (e) => {
            e.preventDefault();
            const res = await freeze({ input: { datasetId, note: note.trim() || null } });
            if (!res.error) {
              setNote("");
              refetch({ requestPolicy: "network-only" });
            }
          }}
        >
          <input
            type="text"
            placeholder="What changed (optional)"
            aria-label="Version note"
            value={note}
            onChange={(e) => setNote(e.target.value)}
            style={{ flex: 1 }}
          />
          <button type="submit" className="primary" disabled={freezeState.fetching}>
            {freezeState.fetching ? "Freezing…" : "Freeze version"}
          </button>
        </form>
      ) : null}
      {freezeState.data && freezeState.data.freezeDatasetVersion.dataQuality.leaks.length > 0 ? (
        <div className="notice warn" role="status" data-testid="freeze-leak-warning">
          Version {freezeState.data.freezeDatasetVersion.number} holds{" "}
          {freezeState.data.freezeDatasetVersion.dataQuality.leaks.length} near-duplicate group(s) spanning splits: the
          model would be graded on images it trained on. Move or exclude one image of each pair and freeze again.
          <ul className="small">
            {freezeState.data.freezeDatasetVersion.dataQuality.leaks.map((leak) => (
              <li key={leak.imageIds.join()}>
                {leak.imageIds.map((id, i) => (
                  <span key={id}>
                    {i > 0 ? " ≈ " : ""}
                    <a href={`/images/${id}`} target="_blank" rel="noreferrer">
                      {id.slice(0, 8)}
                    </a>
                  </span>
                ))}{" "}
                ({leak.splits.join(" + ").toLowerCase()}, similarity {leak.maxSimilarity.toFixed(3)})
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {freezeState.error ? (
        <p className="notice error" role="alert">
          {errorMessage(freezeState.error)}
        </p>
      ) : null}
      {result.error && !result.data ? (
        <ErrorState error={result.error} retry={() => refetch({ requestPolicy: "network-only" })} />
      ) : !result.data ? (
        <Loading lines={2} />
      ) : versions.length === 0 ? (
        <Empty title="No versions yet">Freeze one when the images look right, then train on it.</Empty>
      ) : (
        <>
          <ul className="stack" style={{ listStyle: "none", padding: 0, margin: 0, gap: 8 }} data-testid="version-list">
            {versions.map((v) => (
              <li key={v.id} className="row" style={{ justifyContent: "space-between" }}>
                <span>
                  <strong>v{v.number}</strong> <span className="small muted">{v.note ?? ""}</span>
                  <br />
                  <span className="small muted">
                    {v.imageCount} images ({v.splitCounts.train}/{v.splitCounts.val}/{v.splitCounts.test}) ·{" "}
                    {new Date(v.createdAt).toLocaleString()}
                  </span>
                </span>
                <Link className="button small" href={`/runs/new?dataset=${datasetId}&version=${v.id}`}>
                  Train on v{v.number}
                </Link>
              </li>
            ))}
          </ul>
          {versions.length >= 2 ? (
            <div style={{ marginTop: 14 }}>
              <h3>Compare versions</h3>
              <div className="row" style={{ marginBottom: 8 }}>
                <select aria-label="Older version" value={fromId} onChange={(e) => setFromId(e.target.value)}>
                  {versions.map((v) => (
                    <option key={v.id} value={v.id}>
                      v{v.number}
                    </option>
                  ))}
                </select>
                →
                <select aria-label="Newer version" value={toId} onChange={(e) => setToId(e.target.value)}>
                  {versions.map((v) => (
                    <option key={v.id} value={v.id}>
                      v{v.number}
                    </option>
                  ))}
                </select>
              </div>
              {fromId && toId && fromId !== toId ? <VersionDiff fromId={fromId} toId={toId} /> : null}
            </div>
          ) : null}
        </>
      )}
    </section>
  );
}
