"use client";
// The threshold slider: as it moves along the API's evaluated grid, how
// precise the kept predictions are and how many images go to a person instead.
import { useMemo, useState } from "react";
import { linePath } from "@/lib/chart-data.ts";
import { indexAt, type ThresholdPoint, thresholdSeries, thresholdTable, withheldCount } from "@/lib/threshold.ts";

const pct = (v: number) => `${(v * 100).toFixed(1)}%`;

export function ThresholdPanel({
  points,
  initial,
  total,
  recommended,
  targetPrecision,
}: {
  points: ThresholdPoint[];
  initial: number;
  total: number;
  recommended: number | null;
  targetPrecision: number;
}) {
  const table = useMemo(() => thresholdTable(points), [points]);
  const series = useMemo(() => thresholdSeries(table), [table]);
  const [index, setIndex] = useState(() => indexAt(table, initial));
  if (table.length === 0) return <p className="muted">No threshold figures for this run.</p>;
  const point = table[Math.min(index, table.length - 1)];
  const frame = { width: 300, height: 80, x: { min: 0, max: 1 }, y: { min: 0, max: 1 } };
  const markerX = point.threshold * frame.width;

  return (
    <div className="stack" data-testid="threshold-panel">
      <label className="field">
        <span>
          Withhold predictions below{" "}
          <span className="tabular" data-testid="threshold-value">
            {point.threshold.toFixed(2)}
          </span>{" "}
          confidence
        </span>
        <input
          type="range"
          min={0}
          max={table.length - 1}
          step={1}
          value={index}
          onChange={(e) => setIndex(Number(e.target.value))}
          aria-valuetext={`threshold ${point.threshold.toFixed(2)}: precision ${pct(point.precision)}, ${pct(point.withheld)} withheld`}
        />
      </label>
      <div className="metrics">
        <div className="metric">
          <div className="value" data-testid="threshold-precision">
            {pct(point.precision)}
          </div>
          <div className="label">precision: kept predictions that are right</div>
        </div>
        <div className="metric">
          <div className="value" data-testid="threshold-recall">
            {pct(point.recall)}
          </div>
          <div className="label">recall: images still answered automatically</div>
        </div>
        <div className="metric">
          <div className="value" data-testid="threshold-withheld">
            {pct(point.withheld)}
          </div>
          <div className="label">
            withheld for review ({withheldCount(point, total)} of {total})
          </div>
        </div>
      </div>
      <p className="small muted" style={{ margin: 0 }}>
        {recommended === null
          ? `No threshold reaches ${pct(targetPrecision)} precision on this split.`
          : `Lowest threshold reaching ${pct(targetPrecision)} precision: ${recommended.toFixed(2)}.`}{" "}
        <button type="button" className="small" onClick={() => setIndex(indexAt(table, recommended ?? initial))}>
          {recommended === null ? "Back to the run’s threshold" : "Use it"}
        </button>
      </p>
      <span className="legend">
        <span style={{ color: "var(--series-1)" }}>
          <span className="swatch" />
          <span className="muted">precision</span>
        </span>
        <span style={{ color: "var(--series-2)" }}>
          <span className="swatch dashed" />
          <span className="muted">recall</span>
        </span>
        <span className="muted">against the threshold, 0 to 1</span>
      </span>
      <svg
        viewBox={`0 0 ${frame.width} ${frame.height}`}
        role="img"
        aria-label="Precision (solid) and recall (dashed) against the threshold"
        style={{ width: "100%", maxWidth: 420 }}
      >
        <path d={linePath(series.precision, frame)} stroke="var(--series-1)" fill="none" strokeWidth={2} />
        <path
          d={linePath(series.recall, frame)}
          stroke="var(--series-2)"
          fill="none"
          strokeWidth={2}
          strokeDasharray="5 3"
        />
        <line x1={markerX} x2={markerX} y1={0} y2={frame.height} stroke="currentColor" opacity={0.5} />
      </svg>
    </div>
  );
}
