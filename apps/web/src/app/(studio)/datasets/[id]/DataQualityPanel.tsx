"use client";
// Near-duplicates, leaks across splits and outliers of the dataset's newest
// version, over the embeddings its runs cached (the API computes them on a
// worker thread). Empty until a run has trained on the version.
import { useQuery } from "urql";
import { ErrorState, Loading } from "@/components/States.tsx";
import { graphql } from "@/gql/index.ts";

const DataQualityQuery = graphql(`
  query DatasetDataQuality($id: ID!) {
    dataset(id: $id) {
      id
      versions(last: 1) {
        edges {
          node {
            id
            number
            dataQuality {
              space
              imageCount
              checked
              threshold
              groups {
                imageIds
                splits
                leak
                maxSimilarity
              }
              outliers {
                imageId
                label
                score
              }
            }
          }
        }
      }
    }
  }
`);

/** Enough to act on; the API returns every group. */
const SHOWN = 24;

function Thumb({ imageId, caption }: { imageId: string; caption: string }) {
  return (
    <a className="thumb" href={`/images/${imageId}`} target="_blank" rel="noreferrer" style={{ width: 72 }}>
      {/* eslint-disable-next-line @next/next/no-img-element */}
      <img src={`/thumbnails/${imageId}`} alt="" loading="lazy" />
      <span className="caption">
        <span>{caption}</span>
      </span>
    </a>
  );
}

export function DataQualityPanel({ datasetId }: { datasetId: string }) {
  const [result, refetch] = useQuery({
    query: DataQualityQuery,
    variables: { id: datasetId },
    requestPolicy: "cache-and-network",
  });
  if (result.error && !result.data)
    return <ErrorState error={result.error} retry={() => refetch({ requestPolicy: "network-only" })} />;
  if (!result.data) return <Loading lines={2} />;
  const version = result.data.dataset.versions.edges[0]?.node;
  if (!version) return null;
  const quality = version.dataQuality;
  const leaks = quality.groups.filter((g) => g.leak);
  const within = quality.groups.filter((g) => !g.leak);
  return (
    <section
      className="card"
      aria-labelledby="data-quality-heading"
      data-testid="data-quality"
      style={{ marginTop: "1rem" }}
    >
      <h2 id="data-quality-heading">Near-duplicates and outliers (v{version.number})</h2>
      {quality.checked === 0 ? (
        <p className="small muted">
          Compared once a run has trained on this version (its images&apos; embeddings are cached then).
        </p>
      ) : (
        <>
          <p className="small muted">
            {quality.checked} of {quality.imageCount} images compared ({quality.space}); near-duplicates are at cosine
            similarity ≥ {quality.threshold.toFixed(2)}.
          </p>
          <h3 className="small">
            Leaks across splits <span className="badge">{leaks.length}</span>
          </h3>
          {leaks.length === 0 ? <p className="small muted">None.</p> : null}
          {[...leaks, ...within].slice(0, SHOWN).map((group) => (
            <div
              key={group.imageIds.join()}
              className="row"
              style={{ gap: 6, alignItems: "center", marginBottom: 6 }}
              data-testid={group.leak ? "leak-group" : "duplicate-group"}
            >
              {group.imageIds.map((id) => (
                <Thumb key={id} imageId={id} caption="" />
              ))}
              <span className="small muted">
                {group.leak ? `leak: ${group.splits.join(" + ").toLowerCase()}` : "same split"} · similarity{" "}
                {group.maxSimilarity.toFixed(3)}
              </span>
            </div>
          ))}
          <h3 className="small">
            Near-duplicate groups within a split <span className="badge">{within.length}</span>
          </h3>
          <h3 className="small">
            Outliers <span className="badge">{quality.outliers.length}</span>
          </h3>
          <div className="row" style={{ gap: 6, flexWrap: "wrap" }}>
            {quality.outliers.slice(0, SHOWN).map((o) => (
              <Thumb key={o.imageId} imageId={o.imageId} caption={`${o.label} ${o.score.toFixed(1)}`} />
            ))}
          </div>
        </>
      )}
    </section>
  );
}
