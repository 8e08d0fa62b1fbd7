"use client";
// The label queue: the dataset's unlabeled images one at a time, most useful
// first (the model's margin or entropy; random for comparison), with the
// latest run's suggestion pre-selected. Enter accepts the selected label, the
// number keys select another (1 = the first label), S skips. Each label is
// written with an audit row like a relabel and joins the next frozen version.
import Link from "next/link";
import { useParams } from "next/navigation";
import { type KeyboardEvent, useEffect, useRef, useState } from "react";
import { useMutation, useQuery } from "urql";
import { ErrorState, errorMessage, Loading } from "@/components/States.tsx";
import type { LabelQueueOrder } from "@/gql/graphql.ts";
import { graphql } from "@/gql/index.ts";
import { hasRole, useStudio } from "@/lib/team-context.tsx";

const LabelQueueQuery = graphql(`
  query LabelQueue($id: ID!, $order: LabelQueueOrder!, $first: Int!) {
    dataset(id: $id) {
      id
      name
      labels {
        name
        position
      }
      labelQueue(order: $order, first: $first) {
        totalCount
        suggestedCount
        labelledCount
        edges {
          node {
            imageId
            imageUrl
            thumbnailUrl
            originalName
            split
            suggestedLabel
            confidence
            margin
            probabilities
          }
        }
      }
    }
  }
`);

const SuggestMutation = graphql(`
  mutation SuggestLabels($input: SuggestLabelsInput!) {
    suggestLabels(input: $input) {
      runId
      suggested
    }
  }
`);

const LabelMutation = graphql(`
  mutation LabelFromQueue($input: LabelFromQueueInput!) {
    labelFromQueue(input: $input) {
      id
      labels
    }
  }
`);

const ORDERS: { value: LabelQueueOrder; text: string }[] = [
  { value: "MARGIN", text: "most uncertain first (margin)" },
  { value: "ENTROPY", text: "most uncertain first (entropy)" },
  { value: "RANDOM", text: "random" },
];

/** Images fetched ahead, so skipping does not wait for the network. */
const AHEAD = 10;

export default function LabelQueuePage() {
  const { id } = useParams<{ id: string }>();
  const { team } = useStudio();
  const canEdit = hasRole(team, "EDITOR");
  const [order, setOrder] = useState<LabelQueueOrder>("MARGIN");
  const [result, refetch] = useQuery({
    query: LabelQueueQuery,
    variables: { id, order, first: AHEAD },
    requestPolicy: "network-only",
  });
  const [suggestState, suggest] = useMutation(SuggestMutation);
  const [labelState, label] = useMutation(LabelMutation);
  const [skipped, setSkipped] = useState<string[]>([]);
  const [selected, setSelected] = useState<string | null>(null);
  const [suggestNote, setSuggestNote] = useState<string | null>(null);
  const panel = useRef<HTMLDivElement>(null);

  const dataset = result.data?.dataset;
  const queue = dataset?.labelQueue;
  const current = queue?.edges.map((e) => e.node).find((n) => !skipped.includes(n.imageId)) ?? null;
  const labels = [...(dataset?.labels ?? [])].sort((a, b) => a.position - b.position).map((l) => l.name);

  // A new image starts with its suggestion selected and the keyboard on the panel.
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new image with the same suggestion must reset the selection too
  useEffect(() => {
    setSelected(current?.suggestedLabel ?? null);
    panel.current?.focus();
  }, [current?.imageId, current?.suggestedLabel]);

  if (result.error && !result.data)
    return <ErrorState error={result.error} retry={() => refetch({ requestPolicy: "network-only" })} />;
  if (!dataset || !queue) return <Loading lines={6} />;

  const total = queue.totalCount + queue.labelledCount;
  const accept = async (name: string | null) => {
    if (!current || !name || labelState.fetching || !canEdit) return;
    const res = await label({ input: { imageId: current.imageId, label: name } });
    if (!res.error) refetch({ requestPolicy: "network-only" });
  };
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.metaKey || e.ctrlKey || e.altKey || e.target instanceof HTMLSelectElement) return;
    const digit = Number(e.key);
    if (Number.isInteger(digit) && digit >= 1 && digit <= Math.min(9, labels.length)) {
      e.preventDefault();
      setSelected(labels[digit - 1]!);
    } else if (e.key === "Enter") {
      e.preventDefault();
      void accept(selected);
    } else if (e.key.toLowerCase() === "s" && current) {
      e.preventDefault();
      setSkipped((s) => [...s, current.imageId]);
    }
  };

  return (
    <>
      <p className="small">
        <Link href={`/datasets/${dataset.id}`}>← {dataset.name}</Link>
      </p>
      <div className="page-head">
        <div>
          <h1>Label queue</h1>
          <p>
            Unlabeled images, one at a time, with the latest run&apos;s suggestion selected: press{" "}
            <span className="kbd">Enter</span> to accept it, a number key (<span className="kbd">1</span>–
            <span className="kbd">{Math.min(9, labels.length)}</span>) to pick another label first,{" "}
            <span className="kbd">S</span> to skip.
          </p>
        </div>
      </div>
      <div className="row small" style={{ gap: 12, alignItems: "center", marginBottom: 12 }}>
        <label>
          Order{" "}
          <select
            value={order}
            onChange={(e) => {
              setOrder(e.target.value as LabelQueueOrder);
              setSkipped([]);
            }}
            data-testid="queue-order"
          >
            {ORDERS.map((o) => (
              <option key={o.value} value={o.value}>
                {o.text}
              </option>
            ))}
          </select>
        </label>
        {canEdit ? (
          <button
            type="button"
            className="small"
            disabled={suggestState.fetching || queue.totalCount === 0}
            onClick={async () => {
              const res = await suggest({ input: { datasetId: dataset.id } });
              if (res.data) {
                setSuggestNote(`${res.data.suggestLabels.suggested} images got a suggestion.`);
                refetch({ requestPolicy: "network-only" });
              }
            }}
            data-testid="queue-suggest"
          >
            {suggestState.fetching ? "Suggesting…" : "Suggest labels with the latest run"}
          </button>
        ) : null}
        {suggestNote ? <span role="status">{suggestNote}</span> : null}
        {suggestState.error ? (
          <span role="alert" style={{ color: "var(--danger)" }}>
            {errorMessage(suggestState.error)}
          </span>
        ) : null}
      </div>
      <div className="small" data-testid="queue-progress" style={{ marginBottom: 12 }}>
        <progress
          value={queue.labelledCount}
          max={Math.max(1, total)}
          style={{ width: 240, verticalAlign: "middle" }}
        />{" "}
        {queue.labelledCount} labelled from the queue · {queue.totalCount} left ({queue.suggestedCount} with a
        suggestion)
      </div>
      {!current ? (
        <p className="notice" data-testid="queue-empty">
          {queue.totalCount === 0
            ? "Nothing left to label. Upload images with “no label yet” on the dataset page to fill the queue."
            : "You skipped every image fetched; change the order or reload to see them again."}
        </p>
      ) : (
        <div
          ref={panel}
          role="application"
          aria-label="Image to label"
          className="card"
          tabIndex={-1}
          onKeyDown={onKeyDown}
          style={{ padding: 12, display: "flex", gap: 16, flexWrap: "wrap", outline: "none" }}
          data-testid="queue-item"
          data-image-id={current.imageId}
        >
          {/* eslint-disable-next-line @next/next/no-img-element */}
          <img
            src={current.imageUrl}
            alt={current.originalName ?? "unlabeled image"}
            style={{ width: 256, height: 256, objectFit: "contain", imageRendering: "pixelated", background: "#000" }}
          />
          <div className="stack" style={{ gap: 6, minWidth: 240 }}>
            <p className="small muted" style={{ margin: 0 }}>
              {current.originalName ?? current.imageId} · {current.split.toLowerCase()}
              {current.suggestedLabel
                ? ` · suggested ${current.suggestedLabel} at ${((current.confidence ?? 0) * 100).toFixed(0)}%`
                : " · no suggestion yet"}
            </p>
            {labels.map((name, i) => {
              const p = current.probabilities[i];
              return (
                <button
                  key={name}
                  type="button"
                  aria-pressed={selected === name}
                  onClick={() => accept(name)}
                  disabled={!canEdit || labelState.fetching}
                  style={{ justifyContent: "space-between", display: "flex", gap: 12 }}
                  data-testid="queue-label"
                  data-label={name}
                >
                  <span>
                    {i < 9 ? <span className="kbd">{i + 1}</span> : null} {name}
                  </span>
                  {p !== undefined ? <span className="muted">{(p * 100).toFixed(0)}%</span> : null}
                </button>
              );
            })}
            <div className="row" style={{ gap: 6 }}>
              <button
                type="button"
                className="primary"
                onClick={() => accept(selected)}
                disabled={!canEdit || !selected || labelState.fetching}
                data-testid="queue-accept"
              >
                <span className="kbd">Enter</span> Label as {selected ?? "…"}
              </button>
              <button type="button" onClick={() => setSkipped((s) => [...s, current.imageId])}>
                <span className="kbd">S</span> Skip
              </button>
            </div>
            {labelState.error ? (
              <p className="small" role="alert" style={{ color: "var(--danger)" }}>
                {errorMessage(labelState.error)}
              </p>
            ) : null}
          </div>
        </div>
      )}
    </>
  );
}
