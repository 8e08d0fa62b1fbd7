import { describe, expect, it } from 'vitest';
import {
  buildThresholdIndex,
  lowestThresholdFor,
  statsAt,
  thresholdCurve,
  ThresholdInputError,
  type ScoredPrediction,
} from '../src/lib/threshold.ts';

// Ten validation predictions: confident ones mostly right, unsure ones mostly wrong.
const preds: ScoredPrediction[] = [
  { probability: 0.99, correct: true },
  { probability: 0.97, correct: true },
  { probability: 0.95, correct: true },
  { probability: 0.9, correct: true },
  { probability: 0.85, correct: false },
  { probability: 0.8, correct: true },
  { probability: 0.7, correct: true },
  { probability: 0.6, correct: false },
  { probability: 0.55, correct: false },
  { probability: 0.5, correct: false },
];

describe('statsAt', () => {
  const index = buildThresholdIndex(preds);

  it('keeps everything at threshold 0: precision is plain accuracy', () => {
    expect(statsAt(index, 0)).toMatchObject({ kept: 10, keptCorrect: 6, precision: 0.6, recall: 1, withheld: 0 });
  });

  it('withholds predictions below the threshold and keeps those equal to it', () => {
    const s = statsAt(index, 0.8);
    expect(s).toMatchObject({ total: 10, kept: 6, keptCorrect: 5 });
    expect(s.precision).toBeCloseTo(5 / 6);
    expect(s.recall).toBeCloseTo(0.6);
    expect(s.withheld).toBeCloseTo(0.4);
  });

  it('reports precision 1 and everything withheld past the most confident prediction', () => {
    expect(statsAt(index, 1)).toMatchObject({ kept: 0, precision: 1, recall: 0, withheld: 1 });
  });

  it('agrees with a brute-force count at every slider position', () => {
    for (const s of thresholdCurve(index, 100)) {
      const kept = preds.filter((p) => p.probability >= s.threshold);
      expect(s.kept).toBe(kept.length);
      expect(s.keptCorrect).toBe(kept.filter((p) => p.correct).length);
    }
  });

  it('handles a run with no predictions', () => {
    expect(statsAt(buildThresholdIndex([]), 0.5)).toMatchObject({ total: 0, kept: 0, precision: 1, recall: 0 });
  });
});

describe('lowestThresholdFor', () => {
  const index = buildThresholdIndex(preds);

  it('finds the threshold that withholds the fewest images for a target precision', () => {
    // 0.9 keeps the top four, all correct; 0.85 would let a wrong one in.
    expect(lowestThresholdFor(index, 1)?.threshold).toBe(0.9);
    expect(lowestThresholdFor(index, 0.6)?.threshold).toBe(0);
    expect(lowestThresholdFor(buildThresholdIndex([{ probability: 0.9, correct: false }]), 0.5)).toBeNull();
  });
});

describe('bad input', () => {
  it('rejects probabilities outside [0, 1] and out-of-range thresholds with a typed error', () => {
    expect(() => buildThresholdIndex([{ probability: 1.2, correct: true }])).toThrow(ThresholdInputError);
    expect(() => buildThresholdIndex([{ probability: Number.NaN, correct: true }])).toThrow(/within \[0, 1\]/);
    expect(() => statsAt(buildThresholdIndex(preds), -0.1)).toThrow(ThresholdInputError);
  });
});
