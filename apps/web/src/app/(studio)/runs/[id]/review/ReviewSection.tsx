"use client";
// One review list of one class, paged through all of its items ("More" loads
// the next page after the last cursor), filtered by split and score (and, for
// suspected label issues, the flagged cut or the whole ranked tail), with bulk
// select and one decision for the whole selection.
import { useCallback, useEffect, useState } from "react";
import { useClient, useMutation } from "urql";
import { errorMessage } from "@/components/States.tsx";
import type { ReviewAction, Split } from "@/gql/graphql.ts";
import { type FragmentType, graphql } from "@/gql/index.ts";
import { type Decision, decisionOf, ReviewCard, type ReviewItemFields } from "./ReviewCard.tsx";

export const PAGE_SIZE = 24;

const MostConfidentPage = graphql(`
  query ReviewMostConfident($id: ID!, $label: String!, $first: Int!, $after: String, $split: Split, $minScore: Float) {
    run(id: $id) {
      id
      list: mostConfident(label: $label, first: $first, after: $after, split: $split, minScore: $minScore) {
        totalCount
        pageInfo {
          hasNextPage
          endCursor
        }
        edges {
          node {
            imageId
            latestDecision {
              ...ReviewDecisionFields
            }
            ...ReviewItemFields
          }
        }
      }
    }
  }
`);

const LeastConfidentPage = graphql(`
  query ReviewLeastConfident($id: ID!, $label: String!, $first: Int!, $after: String, $split: Split, $minScore: Float) {
    run(id: $id) {
      id
      list: leastConfident(label: $label, first: $first, after: $after, split: $split, minScore: $minScore) {
        totalCount
        pageInfo {
          hasNextPage
          endCursor
        }
        edges {
          node {
            imageId
            latestDecision {
              ...ReviewDecisionFields
            }
            ...ReviewItemFields
          }
        }
      }
    }
  }
`);

const ConfidentlyWrongPage = graphql(`
  query ReviewConfidentlyWrong($id: ID!, $label: String!, $first: Int!, $after: String, $split: Split, $minScore: Float) {
    run(id: $id) {
      id
      list: confidentlyWrong(label: $label, first: $first, after: $after, split: $split, minScore: $minScore) {
        totalCount
        pageInfo {
          hasNextPage
          endCursor
        }
        edges {
          node {
            imageId
            latestDecision {
              ...ReviewDecisionFields
            }
            ...ReviewItemFields
          }
        }
      }
    }
  }
`);

const SuspectedIssuesPage = graphql(`
  query ReviewSuspectedIssues(
    $id: ID!
    $label: String!
    $first: Int!
    $after: String
    $split: Split
    $minScore: Float
    $includeUnflagged: Boolean
  ) {
    run(id: $id) {
      id
      list: suspectedLabelIssues(
        label: $label
        first: $first
        after: $after
        split: $split
        minScore: $minScore
        includeUnflagged: $includeUnflagged
      ) {
        totalCount
        pageInfo {
          hasNextPage
          endCursor
        }
        edges {
          node {
            imageId
            latestDecision {
              ...ReviewDecisionFields
            }
            ...ReviewItemFields
          }
        }
      }
    }
  }
`);

const BulkReviewMutation = graphql(`
  mutation BulkReview($input: ReviewPredictionsInput!) {
    reviewPredictions(input: $input) {
      ...ReviewDecisionFields
    }
  }
`);

const ReviewOneMutation = graphql(`
  mutation ReviewPrediction($input: ReviewPredictionInput!) {
    reviewPrediction(input: $input) {
      ...ReviewDecisionFields
    }
  }
`);

export type SectionKey = "mostConfident" | "leastConfident" | "confidentlyWrong" | "suspectedLabelIssues";

const QUERIES = {
  mostConfident: MostConfidentPage,
  leastConfident: LeastConfidentPage,
  confidentlyWrong: ConfidentlyWrongPage,
  suspectedLabelIssues: SuspectedIssuesPage,
} as const;

const SCORE_HELP: Record<SectionKey, string> = {
  mostConfident: "probability of the class",
  leastConfident: "probability of the class",
  confidentlyWrong: "probability of the wrong answer",
  suspectedLabelIssues: "label-issue score",
};

interface Item {
  imageId: string;
  ref: FragmentType<typeof ReviewItemFields>;
}

interface Pages {
  items: Item[];
  totalCount: number;
  endCursor: string | null;
  hasNextPage: boolean;
}

export function ReviewSection({
  section,
  runId,
  label,
  labels,
  canEdit,
  onDecided,
}: {
  section: { key: SectionKey; title: string; help: string };
  runId: string;
  label: string;
  labels: string[];
  canEdit: boolean;
  /** After any decision, so the page can offer undo. */
  onDecided(): void;
}) {
  const client = useClient();
  const [split, setSplit] = useState<Split | "">("");
  const [minScore, setMinScore] = useState("");
  const [includeUnflagged, setIncludeUnflagged] = useState(false);
  const [pages, setPages] = useState<Pages | null>(null);
  const [loading, setLoading] = useState(false);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [decisions, setDecisions] = useState<Map<string, Decision>>(new Map());
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [errors, setErrors] = useState<Map<string, string>>(new Map());
  const [bulkLabel, setBulkLabel] = useState(labels.find((l) => l !== label) ?? labels[0]);
  const [bulkState, bulk] = useMutation(BulkReviewMutation);
  const [oneState, reviewOne] = useMutation(ReviewOneMutation);

  const min = minScore.trim() === "" ? null : Number(minScore);
  const minInvalid = min !== null && !Number.isFinite(min);

  const load = useCallback(
    async (after: string | null) => {
      if (minInvalid) return;
      setLoading(true);
      setLoadError(null);
      const variables = {
        id: runId,
        label,
        first: PAGE_SIZE,
        after,
        split: split === "" ? null : split,
        minScore: min,
        includeUnflagged: section.key === "suspectedLabelIssues" ? includeUnflagged : undefined,
      };
      // biome-ignore lint/suspicious/noExplicitAny: the four list queries share variables and result shape.
      const query = QUERIES[section.key] as any;
      const result = await client.query(query, variables, { requestPolicy: "network-only" }).toPromise();
      setLoading(false);
      if (result.error || !result.data) {
        setLoadError(result.error ? errorMessage(result.error) : "No data came back; try again.");
        return;
      }
      const list = (result.data as { run: { list: PageResult } }).run.list;
      const fresh = list.edges.map(({ node }) => ({ imageId: node.imageId, ref: node }));
      setDecisions((current) => {
        const next = new Map(after === null ? [] : current);
        for (const { node } of list.edges) {
          if (node.latestDecision) next.set(node.imageId, decisionOf(node.latestDecision));
        }
        return next;
      });
      setPages((current) => ({
        items: after === null || !current ? fresh : [...current.items, ...fresh],
        totalCount: list.totalCount,
        endCursor: list.pageInfo.endCursor ?? null,
        hasNextPage: list.pageInfo.hasNextPage,
      }));
      if (after === null) setSelected(new Set());
    },
    [client, runId, label, split, min, minInvalid, includeUnflagged, section.key],
  );

  useEffect(() => {
    void load(null);
  }, [load]);

  const record = (decided: (Decision & { imageId: string })[]) => {
    setDecisions((current) => {
      const next = new Map(current);
      for (const d of decided) next.set(d.imageId, d);
      return next;
    });
    onDecided();
  };

  const decideOne = async (imageId: string, action: ReviewAction, newLabel: string | null) => {
    const res = await reviewOne({ input: { runId, imageId, action, newLabel } });
    setErrors((current) => {
      const next = new Map(current);
      if (res.error) next.set(imageId, errorMessage(res.error));
      else next.delete(imageId);
      return next;
    });
    if (res.data) record([decisionOf(res.data.reviewPrediction)]);
  };

  const decideSelected = async (action: ReviewAction) => {
    if (selected.size === 0) return;
    const res = await bulk({
      input: { runId, imageIds: [...selected], action, newLabel: action === "RELABEL" ? bulkLabel : null },
    });
    if (res.data) {
      record(res.data.reviewPredictions.map(decisionOf));
      setSelected(new Set());
    }
  };

  const items = pages?.items ?? [];
  return (
    <section aria-labelledby={`${section.key}-heading`} data-testid={`review-${section.key}`}>
      <h2 id={`${section.key}-heading`} style={{ marginBottom: 2 }}>
        {section.title} <span className="badge">{pages?.totalCount ?? "…"}</span>
      </h2>
      <p className="small muted">{section.help}</p>
      <div className="row small" style={{ gap: 8, marginBottom: 8, alignItems: "center" }}>
        <label>
          Split{" "}
          <select
            value={split}
            onChange={(e) => setSplit(e.target.value as Split | "")}
            data-testid={`review-${section.key}-split`}
          >
            <option value="">{section.key === "suspectedLabelIssues" ? "all" : "val + test"}</option>
            <option value="TRAIN">train</option>
            <option value="VAL">val</option>
            <option value="TEST">test</option>
          </select>
        </label>
        <label title={`Only items whose ${SCORE_HELP[section.key]} is at least this`}>
          {SCORE_HELP[section.key]} ≥{" "}
          <input
            type="number"
            min={0}
            max={1}
            step={0.05}
            value={minScore}
            onChange={(e) => setMinScore(e.target.value)}
            style={{ width: "5rem" }}
            aria-invalid={minInvalid}
            data-testid={`review-${section.key}-min-score`}
          />
        </label>
        {section.key === "suspectedLabelIssues" ? (
          <label title="The flagged items are those within the cut recommended for precision; the tail ranks every other training image">
            <input
              type="checkbox"
              checked={includeUnflagged}
              onChange={(e) => setIncludeUnflagged(e.target.checked)}
              data-testid="review-include-unflagged"
            />{" "}
            show the ranked tail beyond the cut
          </label>
        ) : null}
      </div>
      {canEdit && items.length > 0 ? (
        <div className="row small" style={{ gap: 6, marginBottom: 8, alignItems: "center" }} data-testid="bulk-bar">
          <button
            type="button"
            className="small"
            onClick={() =>
              setSelected(selected.size === items.length ? new Set() : new Set(items.map((i) => i.imageId)))
            }
          >
            {selected.size === items.length ? "Clear selection" : `Select all ${items.length} shown`}
          </button>
          <span className="muted">{selected.size} selected</span>
          <button
            type="button"
            className="small"
            disabled={selected.size === 0 || bulkState.fetching}
            onClick={() => decideSelected("CONFIRM")}
          >
            Confirm
          </button>
          <button
            type="button"
            className="small"
            disabled={selected.size === 0 || bulkState.fetching}
            onClick={() => decideSelected("AMBIGUOUS")}
          >
            Ambiguous
          </button>
          <button
            type="button"
            className="small"
            disabled={selected.size === 0 || bulkState.fetching}
            onClick={() => decideSelected("EXCLUDE")}
          >
            Exclude
          </button>
          <button
            type="button"
            className="small"
            disabled={selected.size === 0 || bulkState.fetching}
            onClick={() => decideSelected("RELABEL")}
            data-testid="bulk-relabel"
          >
            Relabel to
          </button>
          <select
            aria-label="Relabel the selection to"
            value={bulkLabel}
            onChange={(e) => setBulkLabel(e.target.value)}
          >
            {labels.map((l) => (
              <option key={l} value={l}>
                {l}
              </option>
            ))}
          </select>
          {bulkState.error ? (
            <span role="alert" style={{ color: "var(--danger)" }}>
              {errorMessage(bulkState.error)}
            </span>
          ) : null}
        </div>
      ) : null}
      {loadError ? (
        <p className="small" role="alert" style={{ color: "var(--danger)" }}>
          {loadError}{" "}
          <button type="button" className="small" onClick={() => load(pages?.endCursor ?? null)}>
            Retry
          </button>
        </p>
      ) : null}
      {pages && items.length === 0 ? (
        <p className="small muted">None for {label} with these filters.</p>
      ) : (
        <div className="card-list" style={{ gridTemplateColumns: "repeat(auto-fill, minmax(190px, 1fr))" }}>
          {items.map(({ imageId, ref }) => (
            <ReviewCard
              key={`${section.key}-${imageId}`}
              item={ref}
              labels={labels}
              canEdit={canEdit}
              decision={decisions.get(imageId) ?? null}
              busy={oneState.fetching}
              error={errors.get(imageId) ?? null}
              selected={selected.has(imageId)}
              onSelect={(on) =>
                setSelected((current) => {
                  const next = new Set(current);
                  if (on) next.add(imageId);
                  else next.delete(imageId);
                  return next;
                })
              }
              onDecide={(action, newLabel) => decideOne(imageId, action, newLabel)}
            />
          ))}
        </div>
      )}
      {pages?.hasNextPage ? (
        <p>
          <button
            type="button"
            onClick={() => load(pages.endCursor)}
            disabled={loading}
            data-testid={`review-${section.key}-more`}
          >
            {loading ? "Loading…" : `More (${items.length} of ${pages.totalCount} shown)`}
          </button>
        </p>
      ) : null}
    </section>
  );
}

interface PageResult {
  totalCount: number;
  pageInfo: { hasNextPage: boolean; endCursor?: string | null };
  edges: {
    node: FragmentType<typeof ReviewItemFields> & {
      imageId: string;
      latestDecision?: Parameters<typeof decisionOf>[0] | null;
    };
  }[];
}
