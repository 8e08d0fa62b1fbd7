"use client";
// Predict playground: drop an image, see every label's probability and
// whether the run's threshold would withhold it. Nothing is stored.
import Link from "next/link";
import { useRouter, useSearchParams } from "next/navigation";
import { type DragEvent, Suspense, useEffect, useRef, useState } from "react";
import { useQuery } from "urql";
import { Empty, ErrorState, Loading } from "@/components/States.tsx";
import { graphql } from "@/gql/index.ts";
import { type PlaygroundPrediction, parsePredictResponse } from "@/lib/predict.ts";
import { useStudio } from "@/lib/team-context.tsx";

const PredictRunsQuery = graphql(`
  query PredictRuns($teamId: ID!) {
    runs(teamId: $teamId, first: 50, filter: { status: SUCCEEDED }) {
      edges {
        node {
          id
          name
          predictUrl
          modelDownloadUrl
          createdAt
          config {
            threshold
          }
          dataset {
            name
          }
          version {
            number
            labels
          }
        }
      }
    }
  }
`);

interface Result {
  key: string;
  name: string;
  preview: string;
  prediction?: PlaygroundPrediction;
  error?: string;
}

const MAX_FILES = 16;

function Playground() {
  const router = useRouter();
  const params = useSearchParams();
  const { team } = useStudio();
  const [result] = useQuery({ query: PredictRunsQuery, variables: { teamId: team.id } });
  const [results, setResults] = useState<Result[]>([]);
  const [busy, setBusy] = useState(false);
  const [dragging, setDragging] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  const previews = useRef<string[]>([]);

  // Object URLs hold the dropped files in memory until revoked.
  useEffect(() => () => previews.current.forEach((u) => URL.revokeObjectURL(u)), []);

  if (result.error) return <ErrorState error={result.error} />;
  if (!result.data) return <Loading />;
  const runs = result.data.runs.edges.map((e) => e.node);
  if (runs.length === 0) {
    return (
      <Empty
        title="No trained model yet"
        action={
          <Link className="button primary" href="/runs/new">
            Start a run
          </Link>
        }
      >
        A run that has succeeded can classify new images here.
      </Empty>
    );
  }
  const run = runs.find((r) => r.id === params.get("run")) ?? runs[0];

  const predict = async (files: File[]) => {
    const images = files
      .filter((f) => f.type.startsWith("image/") || /\.(jpe?g|png|webp|gif)$/i.test(f.name))
      .slice(0, MAX_FILES);
    if (images.length === 0) return;
    const batch = images.map((file, i) => {
      const preview = URL.createObjectURL(file);
      previews.current.push(preview);
      return { key: `${Date.now()}-${i}`, name: file.name, preview, file };
    });
    setResults((old) => [...batch.map(({ key, name, preview }) => ({ key, name, preview })), ...old]);
    setBusy(true);
    const form = new FormData();
    for (const { file } of batch) form.append("images", file, file.name);
    try {
      const res = await fetch(run.predictUrl, { method: "POST", body: form, credentials: "same-origin" });
      const predictions = parsePredictResponse(res.status, await res.text());
      setResults((old) =>
        old.map((r) => {
          const i = batch.findIndex((b) => b.key === r.key);
          return i < 0 ? r : { ...r, prediction: predictions[i] };
        }),
      );
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      setResults((old) => old.map((r) => (batch.some((b) => b.key === r.key) ? { ...r, error: message } : r)));
    }
    setBusy(false);
  };

  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setDragging(false);
    void predict([...e.dataTransfer.files]);
  };

  return (
    <div className="stack">
      <div className="row">
        <label className="field" style={{ minWidth: 280 }}>
          Model
          <select
            value={run.id}
            onChange={(e) => router.replace(`/predict?run=${e.target.value}`)}
            data-testid="predict-run"
          >
            {runs.map((r) => (
              <option key={r.id} value={r.id}>
                {r.name ?? `${r.dataset.name} v${r.version.number}`} · {new Date(r.createdAt).toLocaleString()}
              </option>
            ))}
          </select>
        </label>
        <span className="spacer" />
        {run.modelDownloadUrl ? (
          <a className="button" href={run.modelDownloadUrl} download>
            Download this model
          </a>
        ) : null}
      </div>
      {/* A labelled region: dropping is the mouse path, "choose files" inside is the keyboard one. */}
      <section
        className={`dropzone${dragging ? " active" : ""}`}
        aria-label="Drop images to classify here"
        onDragOver={(e) => {
          e.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={onDrop}
        data-testid="predict-dropzone"
      >
        <p style={{ margin: 0 }}>
          Drop images to classify with {run.version.labels.join(" / ")}, or{" "}
          <button type="button" className="small" onClick={() => input.current?.click()}>
            choose files
          </button>
        </p>
        <p className="small" style={{ margin: "4px 0 0" }}>
          Predictions under {run.config.threshold} confidence are marked withheld. Images are not stored.
        </p>
        <input
          ref={input}
          type="file"
          accept="image/jpeg,image/png,image/webp,image/gif"
          multiple
          hidden
          data-testid="predict-input"
          onChange={(e) => {
            void predict([...(e.target.files ?? [])]);
            e.target.value = "";
          }}
        />
      </section>
      {busy ? (
        <p role="status" className="muted">
          Classifying…
        </p>
      ) : null}
      <div className="card-list">
        {results.map((r) => (
          <article key={r.key} className="card" data-testid="prediction">
            <div className="row" style={{ alignItems: "flex-start", flexWrap: "nowrap" }}>
              <div className="thumb" style={{ width: 96, flex: "none" }}>
                {/* eslint-disable-next-line @next/next/no-img-element */}
                <img src={r.preview} alt={r.name} />
              </div>
              <div style={{ minWidth: 0, flex: 1 }}>
                <div className="small muted" style={{ overflow: "hidden", textOverflow: "ellipsis" }}>
                  {r.name}
                </div>
                {r.error ? (
                  <p className="small" role="alert" style={{ color: "var(--danger)" }}>
                    {r.error}
                  </p>
                ) : !r.prediction ? (
                  <div className="skeleton" style={{ height: 18, marginTop: 6 }} />
                ) : (
                  <>
                    <div style={{ fontSize: "1.2rem", fontWeight: 650 }} data-testid="predicted-label">
                      {r.prediction.label}{" "}
                      <span className="small muted">{(r.prediction.confidence * 100).toFixed(1)}%</span>
                    </div>
                    {r.prediction.withheld ? (
                      <span className="badge FAILED">withheld: below {r.prediction.threshold}</span>
                    ) : null}
                  </>
                )}
              </div>
            </div>
            {r.prediction ? (
              <div className="stack" style={{ gap: 4, marginTop: 8 }}>
                {r.prediction.probabilities.map((p) => (
                  <div key={p.label} className="prob-bar">
                    <span>{p.label}</span>
                    <div className="bar" aria-hidden="true">
                      <div style={{ width: `${p.probability * 100}%` }} />
                    </div>
                    <span className="tabular small">{(p.probability * 100).toFixed(1)}%</span>
                  </div>
                ))}
              </div>
            ) : null}
          </article>
        ))}
      </div>
    </div>
  );
}

export default function PredictPage() {
  return (
    <>
      <div className="page-head">
        <div>
          <h1>Predict</h1>
          <p>Try a trained model on new images.</p>
        </div>
      </div>
      <Suspense fallback={<Loading />}>
        <Playground />
      </Suspense>
    </>
  );
}
