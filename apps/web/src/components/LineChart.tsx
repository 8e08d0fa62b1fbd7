"use client";
// A small responsive SVG line chart (no chart library: a few hundred bytes of
// SVG per curve, works offline, and prints). Each drawn point carries
// data-x so tests and screen readers can see which epochs arrived.
import { epochTicks, type Frame, linePath, type Series, scale, ticks, xDomain, yDomain } from "@/lib/chart-data.ts";

export interface ChartSeries extends Series {
  color: string;
}

interface Props {
  title: string;
  kind: "loss" | "accuracy";
  series: ChartSeries[];
  /** Draw the x axis to at least this epoch so a live chart grows into a fixed frame. */
  plannedEpochs?: number;
  /** Vertical guide lines, e.g. where fine-tuning starts. */
  markers?: { x: number; label: string }[];
  testId?: string;
}

const WIDTH = 560;
const HEIGHT = 240;
const PAD = { top: 12, right: 16, bottom: 28, left: 44 };

function formatY(kind: "loss" | "accuracy", v: number): string {
  return kind === "accuracy" ? `${Math.round(v * 100)}%` : String(Number(v.toFixed(3)));
}

export function LineChart({ title, kind, series, plannedEpochs = 0, markers = [], testId }: Props) {
  const frame: Frame = {
    width: WIDTH - PAD.left - PAD.right,
    height: HEIGHT - PAD.top - PAD.bottom,
    x: xDomain(series, plannedEpochs),
    y: yDomain(series, kind),
  };
  const yTicks = ticks(frame.y, 4);
  const xTicks = epochTicks(frame.x, 10);
  const last = series[0]?.points.findLast((p) => p.y !== null);
  const summary =
    series.length === 0 || !last
      ? `${title}: no epochs yet.`
      : `${title}: ${series.map((s) => `${s.label} ${formatY(kind, s.points.findLast((p) => p.y !== null)?.y ?? 0)}`).join(", ")} at epoch ${last.x}.`;

  return (
    <figure className="chart" data-testid={testId} style={{ margin: 0 }}>
      <figcaption className="row" style={{ justifyContent: "space-between", marginBottom: 4 }}>
        <strong>{title}</strong>
        <span className="legend">
          {series.map((s) => (
            <span key={s.key} style={{ color: s.color }}>
              <span className={`swatch${s.dashed ? " dashed" : ""}`} />
              <span className="muted">{s.label}</span>
            </span>
          ))}
        </span>
      </figcaption>
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label={summary}>
        <title>{summary}</title>
        <g transform={`translate(${PAD.left},${PAD.top})`}>
          <g className="grid axis">
            {yTicks.map((v) => {
              const y = scale(frame, { x: frame.x.min, y: v }).y;
              return (
                <g key={v}>
                  <line x1={0} x2={frame.width} y1={y} y2={y} />
                  <text x={-6} y={y} dy="0.32em" textAnchor="end">
                    {formatY(kind, v)}
                  </text>
                </g>
              );
            })}
            {xTicks.map((v) => {
              const x = scale(frame, { x: v, y: frame.y.min }).x;
              return (
                <text key={v} x={x} y={frame.height + 18} textAnchor="middle">
                  {v}
                </text>
              );
            })}
            <text x={frame.width} y={frame.height + 18} dx={14} textAnchor="start" className="muted">
              epoch
            </text>
          </g>
          {markers.map((m) => {
            const x = scale(frame, { x: m.x - 0.5, y: 0 }).x;
            return (
              <g key={m.label} className="axis">
                <line
                  x1={x}
                  x2={x}
                  y1={0}
                  y2={frame.height}
                  stroke="currentColor"
                  strokeDasharray="2 4"
                  opacity={0.4}
                />
                <text x={x + 4} y={10}>
                  {m.label}
                </text>
              </g>
            );
          })}
          {series.map((s) => (
            <g key={s.key} className="series" data-series={s.key}>
              <path d={linePath(s.points, frame)} stroke={s.color} strokeDasharray={s.dashed ? "6 4" : undefined} />
              {s.points.map((p) =>
                p.y === null ? null : (
                  <circle
                    key={p.x}
                    data-x={p.x}
                    cx={scale(frame, { x: p.x, y: p.y }).x}
                    cy={scale(frame, { x: p.x, y: p.y }).y}
                    r={3}
                    fill={s.color}
                  >
                    <title>{`${s.label}, epoch ${p.x}: ${formatY(kind, p.y)}`}</title>
                  </circle>
                ),
              )}
            </g>
          ))}
        </g>
      </svg>
    </figure>
  );
}
