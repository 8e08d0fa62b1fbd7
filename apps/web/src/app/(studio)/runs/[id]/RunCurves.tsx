"use client";
// Loss and accuracy per epoch, training beside validation, growing as epochs
// arrive; a marker where fine-tuning starts.
import { useMemo } from "react";
import { LineChart } from "@/components/LineChart.tsx";
import { type EpochPoint, epochSeries } from "@/lib/chart-data.ts";

const COLORS: Record<string, string> = {
  loss: "var(--series-1)",
  valLoss: "var(--series-2)",
  acc: "var(--series-1)",
  valAcc: "var(--series-2)",
};

export function RunCurves({ epochs, plannedEpochs }: { epochs: EpochPoint[]; plannedEpochs: number }) {
  const series = useMemo(() => epochSeries(epochs), [epochs]);
  const markers = series.fineTuneStartsAt ? [{ x: series.fineTuneStartsAt, label: "fine-tuning" }] : [];
  return (
    <div className="grid-2" style={{ marginBottom: "1rem" }}>
      <section className="card">
        <LineChart
          title="Loss"
          kind="loss"
          testId="chart-loss"
          plannedEpochs={plannedEpochs}
          markers={markers}
          series={series.loss.map((s) => ({ ...s, color: COLORS[s.key] }))}
        />
      </section>
      <section className="card">
        <LineChart
          title="Accuracy"
          kind="accuracy"
          testId="chart-accuracy"
          plannedEpochs={plannedEpochs}
          markers={markers}
          series={series.accuracy.map((s) => ({ ...s, color: COLORS[s.key] }))}
        />
      </section>
    </div>
  );
}
