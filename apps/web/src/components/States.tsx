"use client";
// The three states every page shows while data is not (yet) there.
import type { CombinedError } from "@urql/core";
import type { ReactNode } from "react";

export function Loading({ label = "Loading…", lines = 3 }: { label?: string; lines?: number }) {
  return (
    <div role="status" aria-live="polite" className="stack" style={{ gap: 8 }}>
      <span className="muted small">{label}</span>
      {Array.from({ length: lines }, (_, i) => 90 - i * 15).map((width) => (
        <div key={width} className="skeleton" style={{ height: 18, width: `${width}%` }} />
      ))}
    </div>
  );
}

/** The message a person can act on: the API's own message, never a stack or a raw network error. */
export function errorMessage(error: CombinedError | Error | string): string {
  if (typeof error === "string") return error;
  if ("graphQLErrors" in error && error.graphQLErrors.length > 0) {
    return error.graphQLErrors.map((e) => e.message).join(" ");
  }
  if ("networkError" in error && error.networkError) {
    return "Cannot reach the Headstart server. Check that it is running, then try again.";
  }
  return error.message.replace(/^\[(GraphQL|Network)\]\s*/, "");
}

export function ErrorState({
  error,
  title = "Something went wrong",
  retry,
}: {
  error: CombinedError | Error | string;
  title?: string;
  retry?: () => void;
}) {
  return (
    <div className="notice error" role="alert">
      <strong>{title}.</strong> {errorMessage(error)}
      {retry ? (
        <div style={{ marginTop: 8 }}>
          <button type="button" onClick={retry}>
            Try again
          </button>
        </div>
      ) : null}
    </div>
  );
}

export function Empty({ title, children, action }: { title: string; children?: ReactNode; action?: ReactNode }) {
  return (
    <div className="card empty">
      <h2>{title}</h2>
      {children ? <p>{children}</p> : null}
      {action}
    </div>
  );
}

export function ProgressBar({
  value,
  max,
  label,
  tone,
}: {
  value: number;
  max: number;
  label: string;
  tone?: "error";
}) {
  const pct = max > 0 ? Math.min(100, Math.max(0, (value / max) * 100)) : 0;
  return (
    <div
      className={`progress${tone === "error" ? " error" : ""}`}
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={max}
      aria-valuenow={value}
    >
      <div style={{ width: `${pct}%` }} />
    </div>
  );
}
