// Confusion-matrix shaping: rows are the true class, columns the predicted
// one. Cell colour is the share of its row, so a rare class's mistakes are as
// visible as a common class's.

export interface ConfusionCell {
  truth: number;
  predicted: number;
  count: number;
  /** count / row total, 0 for an empty row. */
  rowShare: number;
}

export class ConfusionShapeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ConfusionShapeError";
  }
}

export function confusionCells(labels: readonly string[], matrix: readonly (readonly number[])[]): ConfusionCell[] {
  if (matrix.length !== labels.length || matrix.some((row) => row.length !== labels.length)) {
    throw new ConfusionShapeError(
      `A confusion matrix for ${labels.length} classes must be ${labels.length}×${labels.length}.`,
    );
  }
  const cells: ConfusionCell[] = [];
  matrix.forEach((row, truth) => {
    const total = row.reduce((a, b) => a + b, 0);
    row.forEach((count, predicted) => {
      cells.push({ truth, predicted, count, rowShare: total > 0 ? count / total : 0 });
    });
  });
  return cells;
}

/** The most frequent confusions (off-diagonal), largest first: what to look at in review. */
export function topConfusions(
  labels: readonly string[],
  matrix: readonly (readonly number[])[],
  limit = 3,
): { truth: string; predicted: string; count: number }[] {
  return confusionCells(labels, matrix)
    .filter((c) => c.truth !== c.predicted && c.count > 0)
    .sort((a, b) => b.count - a.count || a.truth - b.truth)
    .slice(0, limit)
    .map((c) => ({ truth: labels[c.truth], predicted: labels[c.predicted], count: c.count }));
}
