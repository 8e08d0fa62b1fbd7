// Threshold maths behind the run page's slider. A prediction whose top-class
// probability is below the threshold is withheld for a person to decide. The
// API evaluates every threshold of a fixed grid over all stored predictions
// (RunEvaluation.thresholds); the slider moves along that grid, so the figures
// it shows are exact, never interpolated. Definitions (as the API's):
//   precision = accuracy of the predictions that are kept,
//   recall    = share of images that still get an automatic answer (coverage),
//   withheld  = share of images sent to a person (1 - recall).

export interface ThresholdPoint {
  threshold: number;
  precision: number;
  recall: number;
  withheld: number;
}

export class ThresholdTableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ThresholdTableError";
  }
}

const inUnit = (v: number) => Number.isFinite(v) && v >= 0 && v <= 1;

/** Validates the API's table and sorts it by threshold, one point per threshold. */
export function thresholdTable(points: readonly ThresholdPoint[]): ThresholdPoint[] {
  for (const p of points) {
    if (![p.threshold, p.precision, p.recall, p.withheld].every(inUnit)) {
      throw new ThresholdTableError(`Threshold table values must lie within [0, 1]; got ${JSON.stringify(p)}.`);
    }
  }
  const byThreshold = new Map<number, ThresholdPoint>();
  for (const p of points) byThreshold.set(p.threshold, p);
  return [...byThreshold.values()].sort((a, b) => a.threshold - b.threshold);
}

/**
 * Index of the grid point to show for a threshold: the highest one not above
 * it (what a model deployed at that threshold would at least withhold).
 */
export function indexAt(table: readonly ThresholdPoint[], threshold: number): number {
  let index = 0;
  for (let i = 0; i < table.length; i++) {
    if (table[i].threshold <= threshold + 1e-9) index = i;
    else break;
  }
  return index;
}

/** Images withheld out of `total` at a point, as a whole number. */
export function withheldCount(point: ThresholdPoint, total: number): number {
  return Math.round(point.withheld * total);
}

/** Precision and recall as chart series over the threshold. */
export function thresholdSeries(table: readonly ThresholdPoint[]): {
  precision: { x: number; y: number }[];
  recall: { x: number; y: number }[];
} {
  return {
    precision: table.map((p) => ({ x: p.threshold, y: p.precision })),
    recall: table.map((p) => ({ x: p.threshold, y: p.recall })),
  };
}
