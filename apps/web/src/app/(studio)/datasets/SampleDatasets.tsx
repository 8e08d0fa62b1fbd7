"use client";
// The shipped sample datasets, one card each, and loading one into the team:
// the quickest way for a newcomer to a first trained model. Loading is one
// mutation that imports ~1,000 images and freezes version 1 (tens of seconds),
// so the card shows the time passing and what is happening, not a frozen button.
import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import { useMutation, useQuery } from "urql";
import { ErrorState, errorMessage, Loading } from "@/components/States.tsx";
import type { SampleDatasetId } from "@/gql/graphql.ts";
import { graphql } from "@/gql/index.ts";

const SampleDatasetsQuery = graphql(`
  query SampleDatasets {
    sampleDatasets {
      id
      title
      description
      task
      labels
      images {
        total
        train
        val
      }
      licence
      attribution
      sourceUrl
    }
  }
`);

const LoadSampleDatasetMutation = graphql(`
  mutation LoadSampleDataset($input: LoadSampleDatasetInput!) {
    loadSampleDataset(input: $input) {
      id
      versions(last: 1) {
        edges {
          node {
            id
          }
        }
      }
    }
  }
`);

/** Seconds since `since`, ticking once a second while `since` is set. */
function useElapsedSeconds(since: number | null): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (since === null) return;
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [since]);
  return since === null ? 0 : Math.max(0, Math.floor((now - since) / 1000));
}

export function SampleDatasets({ teamId }: { teamId: string }) {
  const router = useRouter();
  const [result, refetch] = useQuery({ query: SampleDatasetsQuery });
  const [loadState, load] = useMutation(LoadSampleDatasetMutation);
  const [loading, setLoading] = useState<{ id: SampleDatasetId; since: number } | null>(null);
  const [failed, setFailed] = useState<{ id: SampleDatasetId; message: string } | null>(null);
  const elapsed = useElapsedSeconds(loading?.since ?? null);

  if (result.error && !result.data) {
    return (
      <ErrorState
        error={result.error}
        title="Cannot list the sample datasets"
        retry={() => refetch({ requestPolicy: "network-only" })}
      />
    );
  }
  if (!result.data) return <Loading label="Loading the sample datasets…" lines={2} />;

  const start = async (id: SampleDatasetId) => {
    setFailed(null);
    setLoading({ id, since: Date.now() });
    const res = await load({ input: { teamId, sample: id } });
    if (res.data) {
      const dataset = res.data.loadSampleDataset;
      const version = dataset.versions.edges[0]?.node.id;
      // Stay in the busy state while the dataset page loads, so the button
      // cannot be pressed again for a second copy.
      router.push(`/datasets/${dataset.id}?loaded=sample${version ? `&version=${version}` : ""}`);
      return;
    }
    setLoading(null);
    setFailed({ id, message: res.error ? errorMessage(res.error) : "The sample did not load. Try again." });
  };

  return (
    <div className="card-list" data-testid="sample-datasets" style={{ textAlign: "left" }}>
      {result.data.sampleDatasets.map((sample) => {
        const busy = loading?.id === sample.id;
        return (
          <section
            key={sample.id}
            className="card stack"
            style={{ gap: 8 }}
            data-testid="sample-dataset"
            aria-busy={busy}
            aria-labelledby={`sample-${sample.id}`}
          >
            <h3 id={`sample-${sample.id}`} style={{ margin: 0 }}>
              {sample.title}
            </h3>
            <p className="small muted" style={{ margin: 0 }}>
              {sample.task.toLowerCase()} · {sample.labels.length} labels · {sample.images.total.toLocaleString("en")}{" "}
              images ({sample.images.train.toLocaleString("en")} train, {sample.images.val.toLocaleString("en")} val)
            </p>
            <p className="small" style={{ margin: 0 }}>
              {sample.description}
            </p>
            <p className="small muted" style={{ margin: 0 }}>
              Labels: {sample.labels.join(", ")}
            </p>
            <p className="small muted" style={{ margin: 0 }} data-testid="sample-attribution">
              <span className="badge" title="Licence of the images (SPDX)">
                {sample.licence}
              </span>{" "}
              {sample.attribution}{" "}
              {/* Plain text, not a link: the studio works offline and the source is on the internet. */}
              Source:{" "}
              <span className="mono" style={{ overflowWrap: "anywhere" }}>
                {sample.sourceUrl}
              </span>
            </p>
            {busy ? (
              <div role="status" aria-live="polite" className="stack" style={{ gap: 6 }} data-testid="sample-loading">
                <div className="progress indeterminate" aria-hidden="true">
                  <div />
                </div>
                <span className="small">
                  Importing {sample.images.total.toLocaleString("en")} images and freezing version 1… {elapsed} s
                  (usually under a minute)
                </span>
              </div>
            ) : null}
            {failed?.id === sample.id ? (
              <p className="notice error" role="alert" style={{ margin: 0 }}>
                {failed.message}
              </p>
            ) : null}
            <div>
              <button
                type="button"
                className="primary"
                disabled={loading !== null || loadState.fetching}
                onClick={() => void start(sample.id)}
                aria-label={`Load ${sample.title}`}
              >
                {busy ? "Loading…" : "Load this sample"}
              </button>
            </div>
          </section>
        );
      })}
    </div>
  );
}
