import { argmax, checkProbabilities } from "./validate.ts";

export interface FlaggedItem {
  /** Row index into the evaluated items. */
  index: number;
  trueLabel: number;
  predictedLabel: number;
  /** Probability the model gives the true class. */
  trueClassProbability: number;
  /** Probability of the predicted (top) class. */
  confidence: number;
}

export interface FlaggedForClass {
  label: number;
  /** True members of the class the model is surest about (highest probability for the class). */
  mostConfident: FlaggedItem[];
  /** True members of the class the model finds hardest (lowest probability for the class). */
  leastConfident: FlaggedItem[];
  /** True members predicted as another class, highest confidence first: likely label errors or blind spots. */
  confidentlyWrong: FlaggedItem[];
}

/**
 * The review lists of the reference recipe, grouped by true class, so a reviewer sees per class what
 * the model finds easy, what it finds hard, and what it gets wrong with conviction.
 */
export function flagPredictions(
  probabilities: ArrayLike<number>[],
  truth: number[],
  classCount: number,
  perList = 5,
): FlaggedForClass[] {
  checkProbabilities(probabilities, truth, classCount);
  const items: FlaggedItem[] = probabilities.map((row, index) => {
    const predictedLabel = argmax(row);
    return {
      index,
      trueLabel: truth[index],
      predictedLabel,
      trueClassProbability: row[truth[index]],
      confidence: row[predictedLabel],
    };
  });
  return Array.from({ length: classCount }, (_, label) => {
    const members = items.filter((item) => item.trueLabel === label);
    const byTrueProbability = [...members].sort(
      (a, b) => b.trueClassProbability - a.trueClassProbability || a.index - b.index,
    );
    return {
      label,
      mostConfident: byTrueProbability.slice(0, perList),
      leastConfident: byTrueProbability.reverse().slice(0, perList),
      confidentlyWrong: members
        .filter((item) => item.predictedLabel !== label)
        .sort((a, b) => b.confidence - a.confidence || a.index - b.index)
        .slice(0, perList),
    };
  });
}
