"use client";
// One image under review: its thumbnail, given and predicted labels, the
// label-issue score and rank where it has one, a selection box for bulk
// actions, and one-click decisions (C / R / A / X while a control of the card
// has focus). The section owns the decision state, so bulk actions and undo
// update the card too.
import { type KeyboardEvent, useState } from "react";
import type { ReviewAction } from "@/gql/graphql.ts";
import { type FragmentType, getFragmentData, graphql } from "@/gql/index.ts";

export const ReviewItemFields = graphql(`
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
    labelIssueRank
    labelIssueFlagged
    suspectedLabel
  }
`);

export const ReviewDecisionFields = graphql(`
  fragment ReviewDecisionFields on ReviewDecision {
    id
    imageId
    action
    newLabel
    createdAt
    user {
      email
    }
  }
`);

export type Decision = {
  action: ReviewAction;
  newLabel?: string | null;
  user?: { email: string } | null;
};

export function decisionOf(ref: FragmentType<typeof ReviewDecisionFields>): Decision & { imageId: string } {
  return getFragmentData(ReviewDecisionFields, ref);
}

const ACTION_KEYS: Record<string, ReviewAction> = { c: "CONFIRM", r: "RELABEL", a: "AMBIGUOUS", x: "EXCLUDE" };
const ACTION_TEXT: Record<ReviewAction, string> = {
  CONFIRM: "confirmed",
  RELABEL: "relabelled",
  AMBIGUOUS: "ambiguous",
  EXCLUDE: "excluded",
  MOVE_SPLIT: "moved to another split",
};

export function ReviewCard({
  item: itemRef,
  labels,
  canEdit,
  decision,
  busy,
  error,
  selected,
  onSelect,
  onDecide,
}: {
  item: FragmentType<typeof ReviewItemFields>;
  labels: string[];
  canEdit: boolean;
  decision: Decision | null;
  busy: boolean;
  error: string | null;
  selected: boolean;
  onSelect(selected: boolean): void;
  onDecide(action: ReviewAction, newLabel: string | null): void;
}) {
  const item = getFragmentData(ReviewItemFields, itemRef);
  const suggestion =
    item.suspectedLabel ??
    (item.predictedLabel !== item.givenLabel ? item.predictedLabel : labels.find((l) => l !== item.givenLabel));
  const [relabelTo, setRelabelTo] = useState(suggestion ?? labels[0]);

  const decide = (action: ReviewAction) => {
    if (!canEdit || busy) return;
    onDecide(action, action === "RELABEL" ? relabelTo : null);
  };
  // Keys pressed on any control of the card (its image link first) decide;
  // the relabel <select> keeps its own type-to-find letters.
  const onKeyDown = (e: KeyboardEvent<HTMLElement>) => {
    if (e.target instanceof HTMLSelectElement) return;
    const action = ACTION_KEYS[e.key.toLowerCase()];
    if (action && !e.metaKey && !e.ctrlKey && !e.altKey) {
      e.preventDefault();
      decide(action);
    }
  };

  return (
    <article
      className="card"
      style={{ padding: 8, outline: selected ? "2px solid var(--accent, #2563eb)" : undefined }}
      onKeyDown={onKeyDown}
      aria-label={`${item.givenLabel} image predicted ${item.predictedLabel} at ${(item.probability * 100).toFixed(0)}%`}
      data-testid="review-item"
      data-image-id={item.imageId}
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
        {canEdit ? (
          <label style={{ float: "right" }} title="Select for a bulk action">
            <input
              type="checkbox"
              checked={selected}
              onChange={(e) => onSelect(e.target.checked)}
              aria-label="Select"
              data-testid="review-select"
            />
          </label>
        ) : null}
        given <strong>{item.givenLabel}</strong>
        {item.correct ? (
          ""
        ) : (
          <>
            {" "}
            · predicted <strong style={{ color: "var(--danger)" }}>{item.predictedLabel}</strong>
          </>
        )}
        {item.suspectedLabel && item.labelIssueScore != null ? (
          <div className="muted" data-testid="label-issue-score">
            {item.suspectedLabel !== item.predictedLabel || item.correct ? `suspected: ${item.suspectedLabel} · ` : ""}
            score {item.labelIssueScore.toFixed(2)}
            {item.labelIssueRank != null ? ` · rank ${item.labelIssueRank}` : ""}
            {item.labelIssueFlagged ? "" : " · below the cut"}
          </div>
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
      {error ? (
        <p className="small" style={{ color: "var(--danger)", margin: "6px 0 0" }} role="alert">
          {error}
        </p>
      ) : null}
    </article>
  );
}
