"use client";
// Review what the model gets wrong, one class at a time: image grids of the
// most confident, least confident, confidently wrong and suspected label
// issues, each with one-click decisions (C / R / A / X keys while an image's
// card has focus). The class shown is in the URL (?class=<label>), so the run
// page's per-class table links straight to one class.
import Link from "next/link";
import { useParams, useRouter, useSearchParams } from "next/navigation";
import { type KeyboardEvent, Suspense, useRef, useState } from "react";
import { useMutation, useQuery } from "urql";
import { Empty, ErrorState, errorMessage, Loading } from "@/components/States.tsx";
import type { ReviewAction } from "@/gql/graphql.ts";
import { type FragmentType, getFragmentData, graphql } from "@/gql/index.ts";
import { hasRole, useStudio } from "@/lib/team-context.tsx";

const ReviewItemFields = graphql(`
  fragment ReviewItemFields on ReviewItem {
    imageId
    thumbnailUrl
    imageUrl
    givenLabel
    predictedLabel
    probability
    givenLabelProbability
    correct
    split
    labelIssueScore
    suspectedLabel
    latestDecision {
      id
      action
      newLabel
      createdAt
      user {
        email
      }
    }
  }
`);

const ReviewRunQuery = graphql(`
  query ReviewRun($id: ID!) {
    run(id: $id) {
      id
      name
      status
      dataset {
        id
        name
        task
      }
      version {
        number
        labels
      }
    }
  }
`);

const ReviewClassQuery = graphql(`
  query ReviewClass($id: ID!, $label: String!, $first: Int!) {
    run(id: $id) {
      id
      mostConfident(label: $label, first: $first) {
        totalCount
        edges {
          node {
            imageId
            ...ReviewItemFields
          }
        }
      }
      leastConfident(label: $label, first: $first) {
        totalCount
        edges {
          node {
            imageId
            ...ReviewItemFields
          }
        }
      }
      confidentlyWrong(label: $label, first: $first) {
        totalCount
        edges {
          node {
            imageId
            ...ReviewItemFields
          }
        }
      }
      suspectedLabelIssues(label: $label, first: $first) {
        totalCount
        edges {
          node {
            imageId
            ...ReviewItemFields
          }
        }
      }
    }
  }
`);

const ReviewPredictionMutation = graphql(`
  mutation ReviewPrediction($input: ReviewPredictionInput!) {
    reviewPrediction(input: $input) {
      id
      action
      newLabel
      createdAt
      imageId
      user {
        email
      }
    }
  }
`);

const SECTIONS = [
  {
    key: "confidentlyWrong",
    title: "Confidently wrong",
    help: "Labelled this class, but the model is sure it is another: a label error or a blind spot.",
  },
  {
    key: "suspectedLabelIssues",
    title: "Suspected label issues",
    help: "Training images whose label confident learning doubts.",
  },
  { key: "leastConfident", title: "Least confident", help: "Images of this class the model finds least like it." },
  { key: "mostConfident", title: "Most confident", help: "What the model thinks this class looks like." },
] as const;

const ACTION_KEYS: Record<string, ReviewAction> = { c: "CONFIRM", r: "RELABEL", a: "AMBIGUOUS", x: "EXCLUDE" };
const ACTION_TEXT: Record<ReviewAction, string> = {
  CONFIRM: "confirmed",
  RELABEL: "relabelled",
  AMBIGUOUS: "ambiguous",
  EXCLUDE: "excluded",
};

function ReviewCard({
  item: itemRef,
  labels,
  runId,
  canEdit,
}: {
  item: FragmentType<typeof ReviewItemFields>;
  labels: string[];
  runId: string;
  canEdit: boolean;
}) {
  const item = getFragmentData(ReviewItemFields, itemRef);
  const [state, review] = useMutation(ReviewPredictionMutation);
  const suggestion =
    item.suspectedLabel ??
    (item.predictedLabel !== item.givenLabel ? item.predictedLabel : labels.find((l) => l !== item.givenLabel));
  const [relabelTo, setRelabelTo] = useState(suggestion ?? labels[0]);
  const [decision, setDecision] = useState(item.latestDecision ?? null);

  const decide = async (action: ReviewAction) => {
    if (!canEdit || state.fetching) return;
    const res = await review({
      input: { runId, imageId: item.imageId, action, newLabel: action === "RELABEL" ? relabelTo : null },
    });
    if (res.data) setDecision(res.data.reviewPrediction);
  };
  // Keys pressed on any control of the card (its image link first) decide;
  // the relabel <select> keeps its own type-to-find letters.
  const onKeyDown = (e: KeyboardEvent<HTMLElement>) => {
    if (e.target instanceof HTMLSelectElement) return;
    const action = ACTION_KEYS[e.key.toLowerCase()];
    if (action && !e.metaKey && !e.ctrlKey && !e.altKey) {
      e.preventDefault();
      void decide(action);
    }
  };

  return (
    <article
      className="card"
      style={{ padding: 8 }}
      onKeyDown={onKeyDown}
      aria-label={`${item.givenLabel} image predicted ${item.predictedLabel} at ${(item.probability * 100).toFixed(0)}%`}
      data-testid="review-item"
      data-decision={decision?.action ?? ""}
    >
      <a
        className="thumb"
        href={item.imageUrl}
        target="_blank"
        rel="noreferrer"
        style={{ display: "block" }}
        aria-label={`Open the ${item.givenLabel} image (predicted ${item.predictedLabel}); C, R, A or X decides`}
        data-testid="review-image"
      >
        {/* eslint-disable-next-line @next/next/no-img-element */}
        <img src={item.thumbnailUrl} alt="" loading="lazy" />
        <span className="caption">
          <span>{item.split.toLowerCase()}</span>
          <span>{(item.probability * 100).toFixed(0)}%</span>
        </span>
      </a>
      <div className="small" style={{ margin: "6px 0" }}>
        given <strong>{item.givenLabel}</strong>
        {item.correct ? (
          ""
        ) : (
          <>
            {" "}
            · predicted <strong style={{ color: "var(--danger)" }}>{item.predictedLabel}</strong>
          </>
        )}
        {item.suspectedLabel && item.suspectedLabel !== item.predictedLabel ? (
          <div className="muted">suspected: {item.suspectedLabel}</div>
        ) : null}
      </div>
      {canEdit ? (
        <div className="stack" style={{ gap: 4 }}>
          <div className="row" style={{ gap: 4 }}>
            <button
              type="button"
              className="small"
              onClick={() => decide("CONFIRM")}
              aria-pressed={decision?.action === "CONFIRM"}
              title="Confirm the label (C)"
            >
              <span className="kbd">C</span> Confirm
            </button>
            <button
              type="button"
              className="small"
              onClick={() => decide("AMBIGUOUS")}
              aria-pressed={decision?.action === "AMBIGUOUS"}
              title="No single label fits (A)"
            >
              <span className="kbd">A</span> Ambiguous
            </button>
            <button
              type="button"
              className="small"
              onClick={() => decide("EXCLUDE")}
              aria-pressed={decision?.action === "EXCLUDE"}
              title="Leave out of the next version (X)"
            >
              <span className="kbd">X</span> Exclude
            </button>
          </div>
          <div className="row" style={{ gap: 4 }}>
            <button
              type="button"
              className="small"
              onClick={() => decide("RELABEL")}
              aria-pressed={decision?.action === "RELABEL"}
              title="Relabel (R)"
            >
              <span className="kbd">R</span> Relabel to
            </button>
            <select
              aria-label="Relabel to"
              value={relabelTo}
              onChange={(e) => setRelabelTo(e.target.value)}
              style={{ padding: "0.15rem 0.3rem", fontSize: "0.85rem" }}
            >
              {labels
                .filter((l) => l !== item.givenLabel)
                .map((l) => (
                  <option key={l} value={l}>
                    {l}
                  </option>
                ))}
            </select>
          </div>
        </div>
      ) : null}
      {decision ? (
        <p className="small muted" style={{ margin: "6px 0 0" }} role="status">
          {ACTION_TEXT[decision.action]}
          {decision.newLabel ? ` to ${decision.newLabel}` : ""} by {decision.user?.email ?? "a deleted account"}
        </p>
      ) : null}
      {state.error ? (
        <p className="small" style={{ color: "var(--danger)", margin: "6px 0 0" }} role="alert">
          {errorMessage(state.error)}
        </p>
      ) : null}
    </article>
  );
}

function ClassReview({
  runId,
  label,
  labels,
  canEdit,
}: {
  runId: string;
  label: string;
  labels: string[];
  canEdit: boolean;
}) {
  const [result, refetch] = useQuery({ query: ReviewClassQuery, variables: { id: runId, label, first: 12 } });
  if (result.error && !result.data)
    return <ErrorState error={result.error} retry={() => refetch({ requestPolicy: "network-only" })} />;
  if (!result.data) return <Loading lines={4} />;
  const run = result.data.run;
  return (
    <div className="stack">
      {SECTIONS.map((section) => {
        const connection = run[section.key];
        return (
          <section key={section.key} aria-labelledby={`${section.key}-heading`} data-testid={`review-${section.key}`}>
            <h2 id={`${section.key}-heading`} style={{ marginBottom: 2 }}>
              {section.title} <span className="badge">{connection.totalCount}</span>
            </h2>
            <p className="small muted">{section.help}</p>
            {connection.edges.length === 0 ? (
              <p className="small muted">None for {label}.</p>
            ) : (
              <div className="card-list" style={{ gridTemplateColumns: "repeat(auto-fill, minmax(190px, 1fr))" }}>
                {connection.edges.map(({ node }) => (
                  <ReviewCard
                    key={`${section.key}-${node.imageId}`}
                    item={node}
                    labels={labels}
                    runId={runId}
                    canEdit={canEdit}
                  />
                ))}
              </div>
            )}
          </section>
        );
      })}
    </div>
  );
}

/** The class tabs, with the arrow keys moving between them (the ARIA tabs pattern). */
function ClassTabs({
  labels,
  current,
  onSelect,
}: {
  labels: string[];
  current: string;
  onSelect(label: string): void;
}) {
  const tabs = useRef<(HTMLButtonElement | null)[]>([]);
  const onKeyDown = (e: KeyboardEvent<HTMLButtonElement>, index: number) => {
    const step = { ArrowRight: 1, ArrowLeft: -1, Home: -index, End: labels.length - 1 - index }[e.key];
    if (step === undefined) return;
    e.preventDefault();
    const next = (index + step + labels.length) % labels.length;
    onSelect(labels[next]);
    tabs.current[next]?.focus();
  };
  return (
    <div className="row" role="tablist" aria-label="Class" style={{ marginBottom: 12 }}>
      {labels.map((l, i) => (
        <button
          key={l}
          ref={(el) => {
            tabs.current[i] = el;
          }}
          type="button"
          role="tab"
          id={`class-tab-${i}`}
          aria-controls="class-panel"
          aria-selected={l === current}
          tabIndex={l === current ? 0 : -1}
          onClick={() => onSelect(l)}
          onKeyDown={(e) => onKeyDown(e, i)}
        >
          {l}
        </button>
      ))}
    </div>
  );
}

function Review() {
  const { id } = useParams<{ id: string }>();
  const router = useRouter();
  const params = useSearchParams();
  const { team } = useStudio();
  const [result, refetch] = useQuery({ query: ReviewRunQuery, variables: { id } });
  if (result.error && !result.data)
    return <ErrorState error={result.error} retry={() => refetch({ requestPolicy: "network-only" })} />;
  if (!result.data) return <Loading lines={6} />;
  const run = result.data.run;
  const labels = run.version.labels;
  const asked = params.get("class");
  const current = asked !== null && labels.includes(asked) ? asked : labels[0];
  const canEdit = hasRole(team, "EDITOR");
  // replace, not push: switching classes is browsing one page, not history to step back through.
  const select = (label: string) =>
    router.replace(`/runs/${run.id}/review?class=${encodeURIComponent(label)}`, { scroll: false });

  return (
    <>
      <p className="small">
        <Link href={`/runs/${run.id}`}>← {run.name ?? `${run.dataset.name} v${run.version.number}`}</Link>
      </p>
      <div className="page-head">
        <div>
          <h1>Review</h1>
          <p>
            Decisions are recorded with your name. Relabel and exclude change {run.dataset.name} for its next version.
            Focus an image and press <span className="kbd">C</span> confirm, <span className="kbd">R</span> relabel,{" "}
            <span className="kbd">A</span> ambiguous, <span className="kbd">X</span> exclude.
          </p>
        </div>
      </div>
      {run.status !== "SUCCEEDED" ? (
        <Empty title="Nothing to review yet">
          The run is {run.status.toLowerCase()}; review opens when it has succeeded.
        </Empty>
      ) : (
        <>
          {asked !== null && !labels.includes(asked) ? (
            <p className="notice warn" role="status">
              This run has no class “{asked}”; showing {current}. Its classes: {labels.join(", ")}.
            </p>
          ) : null}
          <ClassTabs labels={labels} current={current} onSelect={select} />
          <div role="tabpanel" id="class-panel" aria-labelledby={`class-tab-${labels.indexOf(current)}`}>
            <ClassReview key={current} runId={run.id} label={current} labels={labels} canEdit={canEdit} />
          </div>
        </>
      )}
    </>
  );
}

export default function ReviewPage() {
  // useSearchParams needs a Suspense boundary for the static build of this page.
  return (
    <Suspense fallback={<Loading lines={6} />}>
      <Review />
    </Suspense>
  );
}
