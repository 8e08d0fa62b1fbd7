/** Thrown when evaluation inputs are inconsistent (lengths, label indices, probability rows). */
export class EvaluationInputError extends Error {
  override name = "EvaluationInputError";
}

/** Checks that every row has `classCount` probabilities and every label is a valid class index. */
export function checkProbabilities(probabilities: ArrayLike<number>[], labels: number[], classCount: number): void {
  if (probabilities.length !== labels.length) {
    throw new EvaluationInputError(
      `got ${probabilities.length} probability rows but ${labels.length} labels; pass one row per labelled item`,
    );
  }
  if (classCount < 2) throw new EvaluationInputError(`need at least 2 classes, got ${classCount}`);
  probabilities.forEach((row, i) => {
    if (row.length !== classCount) {
      throw new EvaluationInputError(
        `row ${i} has ${row.length} probabilities, expected ${classCount} (one per class)`,
      );
    }
  });
  labels.forEach((label, i) => {
    if (!Number.isInteger(label) || label < 0 || label >= classCount) {
      throw new EvaluationInputError(`label ${label} at row ${i} is not a class index in [0, ${classCount})`);
    }
  });
}

/** Index of the largest entry; ties go to the lowest index so results are deterministic. */
export function argmax(row: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < row.length; i++) if (row[i] > row[best]) best = i;
  return best;
}
