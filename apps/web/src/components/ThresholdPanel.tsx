'use client';
// The threshold slider: as it moves, how precise the kept predictions are and
// how many images would go to a person instead.
import { useMemo, useState } from 'react';
import { buildThresholdIndex, statsAt, thresholdCurve, type ScoredPrediction } from '../lib/threshold.ts';
import { linePath } from '../lib/chart-data.ts';

const pct = (v: number) => `${(v * 100).toFixed(1)}%`;

export function ThresholdPanel({ predictions, initial }: { predictions: ScoredPrediction[]; initial: number }) {
  const index = useMemo(() => buildThresholdIndex(predictions), [predictions]);
  const curve = useMemo(() => thresholdCurve(index, 50), [index]);
  const [threshold, setThreshold] = useState(initial);
  const s = statsAt(index, threshold);
  const frame = { width: 300, height: 80, x: { min: 0, max: 1 }, y: { min: 0, max: 1 } };
  const markerX = threshold * frame.width;

  return (
    <div className="stack" data-testid="threshold-panel">
      <label className="field">
        <span>
          Withhold predictions below <span className="tabular" data-testid="threshold-value">{threshold.toFixed(2)}</span> confidence
        </span>
        <input
          type="range"
          min={0}
          max={1}
          step={0.01}
          value={threshold}
          onChange={(e) => setThreshold(Number(e.target.value))}
          aria-valuetext={`threshold ${threshold.toFixed(2)}: precision ${pct(s.precision)}, ${pct(s.withheld)} withheld`}
        />
      </label>
      <div className="metrics">
        <div className="metric">
          <div className="value" data-testid="threshold-precision">{pct(s.precision)}</div>
          <div className="label">precision: kept predictions that are right</div>
        </div>
        <div className="metric">
          <div className="value" data-testid="threshold-recall">{pct(s.recall)}</div>
          <div className="label">recall: images still answered automatically</div>
        </div>
        <div className="metric">
          <div className="value" data-testid="threshold-withheld">{pct(s.withheld)}</div>
          <div className="label">
            withheld for review ({s.total - s.kept} of {s.total})
          </div>
        </div>
      </div>
      <svg viewBox={`0 0 ${frame.width} ${frame.height}`} role="img" aria-label="Precision (solid) and recall (dashed) against the threshold" style={{ width: '100%', maxWidth: 420 }}>
        <path d={linePath(curve.map((c) => ({ x: c.threshold, y: c.precision })), frame)} stroke="var(--series-1)" fill="none" strokeWidth={2} />
        <path d={linePath(curve.map((c) => ({ x: c.threshold, y: c.recall })), frame)} stroke="var(--series-2)" fill="none" strokeWidth={2} strokeDasharray="5 3" />
        <line x1={markerX} x2={markerX} y1={0} y2={frame.height} stroke="currentColor" opacity={0.5} />
      </svg>
    </div>
  );
}
