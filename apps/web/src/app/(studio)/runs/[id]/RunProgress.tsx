"use client";
// What an unfinished run is doing now (loading, embedding, training …) and how far it is.
import { ProgressBar } from "@/components/States.tsx";
import { describeProgress, type LiveRun } from "@/lib/run-live.ts";

export function RunProgress({ live, plannedEpochs }: { live: LiveRun; plannedEpochs: number }) {
  const progress = describeProgress(live.progress, live.status);
  return (
    <section className="card" style={{ marginBottom: "1rem" }} aria-label="Progress" data-testid="run-progress">
      <div className="row" style={{ justifyContent: "space-between", marginBottom: 6 }}>
        <span>{progress.text}</span>
        <span className="small muted tabular">
          epoch {live.currentEpoch} of {plannedEpochs}
        </span>
      </div>
      <ProgressBar value={progress.done} max={progress.total || 1} label={progress.text} />
    </section>
  );
}
