"use client";
// Review what the model gets wrong, one class at a time: image grids of the
// most confident, least confident, confidently wrong and suspected label
// issues (ReviewSection.tsx: paged, filtered, bulk actions), each with
// one-click decisions (ReviewCard.tsx: C / R / A / X keys while an image's
// card has focus), and undo of the last decision. Above them, the run's
// label-issue estimates (LabelIssueEstimates.tsx). The class shown is in the
// URL (?class=<label>), so the run page's per-class table links straight to
// one class.
import Link from "next/link";
import { useParams, useRouter, useSearchParams } from "next/navigation";
import { type KeyboardEvent, Suspense, useRef, useState } from "react";
import { useMutation, useQuery } from "urql";
import { Empty, ErrorState, errorMessage, Loading } from "@/components/States.tsx";
import type { ReviewAction } from "@/gql/graphql.ts";
import { graphql } from "@/gql/index.ts";
import { hasRole, useStudio } from "@/lib/team-context.tsx";
import { LabelIssueEstimates } from "./LabelIssueEstimates.tsx";
import { ReviewSection } from "./ReviewSection.tsx";

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
      ...LabelIssueEstimatesFields
    }
  }
`);

const UndoMutation = graphql(`
  mutation UndoLastReviewDecision($runId: ID!) {
    undoLastReviewDecision(runId: $runId) {
      id
      action
      newLabel
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
    help: "Training images whose label looks wrong to models that never saw them (k-fold, pooled), most suspicious first: the flagged ones are within the cut chosen for precision.",
  },
  { key: "leastConfident", title: "Least confident", help: "Images of this class the model finds least like it." },
  { key: "mostConfident", title: "Most confident", help: "What the model thinks this class looks like." },
] as const;

const UNDONE_TEXT: Record<ReviewAction, string> = {
  CONFIRM: "confirmation",
  RELABEL: "relabel",
  AMBIGUOUS: "ambiguous mark",
  EXCLUDE: "exclusion",
  MOVE_SPLIT: "split move",
};

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
  // Bumped by undo: every section reloads from its first page with the decisions as they now stand.
  const [generation, setGeneration] = useState(0);
  const [decidedSinceLoad, setDecidedSinceLoad] = useState(false);
  const [undoState, undo] = useMutation(UndoMutation);
  const [undoneText, setUndoneText] = useState<string | null>(null);
  const undoLast = async () => {
    const res = await undo({ runId });
    if (res.data) {
      const undone = res.data.undoLastReviewDecision;
      const first = undone[0];
      setUndoneText(
        undone.length > 1
          ? `Undid a bulk action on ${undone.length} images.`
          : first
            ? `Undid the ${UNDONE_TEXT[first.action]}${first.newLabel ? ` to ${first.newLabel}` : ""}.`
            : null,
      );
      setGeneration((g) => g + 1);
    }
  };
  return (
    <div className="stack">
      {canEdit ? (
        <div className="row small" style={{ gap: 8, alignItems: "center" }}>
          <button
            type="button"
            className="small"
            onClick={undoLast}
            disabled={undoState.fetching}
            title="Undo your last decision on this run (a bulk action as a whole)"
            data-testid="review-undo"
          >
            Undo last decision
          </button>
          {undoneText ? (
            <span role="status" data-testid="review-undone">
              {undoneText}
            </span>
          ) : decidedSinceLoad ? (
            <span className="muted">Decisions are saved as you take them.</span>
          ) : null}
          {undoState.error ? (
            <span role="alert" style={{ color: "var(--danger)" }}>
              {errorMessage(undoState.error)}
            </span>
          ) : null}
        </div>
      ) : null}
      {SECTIONS.map((section) => (
        <ReviewSection
          key={`${section.key}-${generation}`}
          section={section}
          runId={runId}
          label={label}
          labels={labels}
          canEdit={canEdit}
          onDecided={() => {
            setDecidedSinceLoad(true);
            setUndoneText(null);
          }}
        />
      ))}
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
        {" · "}
        <Link href={`/runs/${run.id}/map`}>Embedding map</Link>
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
          <LabelIssueEstimates run={run} />
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
