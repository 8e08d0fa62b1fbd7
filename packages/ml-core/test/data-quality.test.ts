import { describe, expect, it } from "vitest";
import {
  DataQualityInputError,
  findNearDuplicates,
  findOutliers,
  fitSoftmaxRegression,
  nearestNeighbors,
  orderForLabelling,
  outOfFoldProbabilities,
  projectEmbeddings,
  stratifiedFolds,
  TrainingRng,
} from "../src/index.ts";

/** Non-negative, sparse-ish vectors like pooled ReLU features: `clusters` class centres plus noise. */
function embeddings(n: number, dim: number, clusters: number, seed: number, noise = 0.6) {
  const rng = new TrainingRng(seed);
  const centres = Array.from({ length: clusters }, () =>
    Float32Array.from({ length: dim }, () => (rng.next() < 0.3 ? rng.next() * 3 : 0)),
  );
  const labels = Array.from({ length: n }, (_, i) => i % clusters);
  const vectors = labels.map((c) =>
    centres[c].map((v) => Math.max(0, v + (rng.next() - 0.5) * noise * 2 * (rng.next() < 0.5 ? 1 : 0.2))),
  );
  return { vectors, labels, rng };
}

const cosine = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let d = 0; d < a.length; d++) {
    dot += a[d] * b[d];
    na += a[d] * a[d];
    nb += b[d] * b[d];
  }
  return dot / Math.sqrt(na * nb);
};

describe("findNearDuplicates", () => {
  it("flags a slightly altered copy across splits as a leak and a copy within a split as a group", () => {
    const { vectors, rng } = embeddings(300, 96, 6, 1);
    const splits = vectors.map((_, i) => (i < 240 ? "TRAIN" : "TEST"));
    const nudge = (v: Float32Array) => v.map((x) => x * (1 + (rng.next() - 0.5) * 0.02));
    vectors.push(nudge(vectors[3])); // item 300: train image 3 again, in the test split
    splits.push("TEST");
    vectors.push(nudge(vectors[10])); // item 301: train image 10 again, in train
    splits.push("TRAIN");
    const report = findNearDuplicates(vectors, { splits, threshold: 0.995 });
    expect(report.leaks.map((p) => [p.a, p.b])).toContainEqual([3, 300]);
    const leakGroup = report.groups.find((g) => g.members.includes(300));
    expect(leakGroup).toMatchObject({ leak: true, splits: ["TEST", "TRAIN"] });
    const within = report.groups.find((g) => g.members.includes(301));
    expect(within).toMatchObject({ leak: false, splits: ["TRAIN"] });
    expect(within?.members).toContain(10);
    expect(report.pairs.every((p) => p.similarity >= 0.995 && p.a < p.b)).toBe(true);
  });

  it("finds exactly the pairs a brute-force scan finds, at several thresholds", () => {
    const { vectors } = embeddings(400, 64, 4, 2, 0.3);
    for (const threshold of [0.9, 0.95, 0.98]) {
      const expected: string[] = [];
      for (let i = 0; i < vectors.length; i++) {
        for (let j = i + 1; j < vectors.length; j++) {
          if (cosine(vectors[i], vectors[j]) >= threshold) expected.push(`${i}-${j}`);
        }
      }
      const report = findNearDuplicates(vectors, { threshold, projectionDims: 16 });
      expect(report.pairs.map((p) => `${p.a}-${p.b}`).sort()).toEqual(expected.sort());
      expect(report.stats.exactChecks).toBeLessThan(report.stats.pairs);
    }
  });

  it("rejects ragged or non-finite embeddings and mismatched splits with a clear error", () => {
    expect(() => findNearDuplicates([new Float32Array(4), new Float32Array(3)])).toThrow(DataQualityInputError);
    expect(() => findNearDuplicates([Float32Array.of(1, Number.NaN), Float32Array.of(1, 0)])).toThrow(/re-compute/);
    expect(() => findNearDuplicates([Float32Array.of(1, 0)], { splits: [] })).toThrow(/one split per vector/);
  });
});

describe("projectEmbeddings", () => {
  it("gives one point per embedding in [-1, 1], the same on every run, and separates clusters", () => {
    const { vectors, labels } = embeddings(500, 128, 2, 3);
    const first = projectEmbeddings(vectors);
    const second = projectEmbeddings(vectors);
    expect(first.coordinates).toHaveLength(1000);
    expect(Array.from(first.coordinates)).toEqual(Array.from(second.coordinates));
    expect(Math.max(...Array.from(first.coordinates).map(Math.abs))).toBeLessThanOrEqual(1 + 1e-6);
    expect(first.explainedVariance[0]).toBeGreaterThan(first.explainedVariance[1]);
    // The two clusters fall on opposite sides of the first axis.
    const meanX = (c: number) => {
      const xs = labels.flatMap((l, i) => (l === c ? [first.coordinates[2 * i]] : []));
      return xs.reduce((a, b) => a + b, 0) / xs.length;
    };
    expect(Math.sign(meanX(0))).not.toBe(Math.sign(meanX(1)));
    expect(() => projectEmbeddings([new Float32Array(3)])).toThrow(/at least 2/);
  });
});

describe("findOutliers", () => {
  it("flags an item unlike every class but not a member of another class under the wrong label", () => {
    const { vectors, labels, rng } = embeddings(300, 64, 3, 4, 0.3);
    const odd = Float32Array.from({ length: 64 }, () => rng.next());
    vectors.push(odd);
    labels.push(0);
    vectors.push(vectors[1].slice()); // a class-1 image...
    labels.push(0); // ...labelled 0: a label issue, not an outlier
    const scores = findOutliers(vectors, labels, 3);
    expect(scores[300].outlier).toBe(true);
    expect(scores[301]).toMatchObject({ outlier: false, nearestClass: 1 });
    const mostOutlying = [...scores].sort((a, b) => a.score - b.score)[0];
    expect(mostOutlying.index).toBe(300);
    expect(scores.filter((s) => s.outlier).length).toBeLessThanOrEqual(3);
  });
});

describe("orderForLabelling", () => {
  const probabilities = [
    [0.98, 0.01, 0.01], // sure
    [0.5, 0.45, 0.05], // torn between two: smallest margin
    [0.4, 0.3, 0.3], // spread over three: highest entropy, least confident
    [0.7, 0.2, 0.1],
  ];
  it("puts the most uncertain items first by margin, entropy or confidence", () => {
    expect(orderForLabelling(probabilities, "margin").map((q) => q.index)).toEqual([1, 2, 3, 0]);
    expect(orderForLabelling(probabilities, "entropy").map((q) => q.index)).toEqual([2, 1, 3, 0]);
    expect(orderForLabelling(probabilities, "least_confident").map((q) => q.index)).toEqual([2, 1, 3, 0]);
    expect(orderForLabelling(probabilities, "margin")[0]).toMatchObject({ suggestedLabel: 0, confidence: 0.5 });
  });
  it("gives a seeded random order for comparison and rejects non-probabilities", () => {
    const a = orderForLabelling(probabilities, "random", 5).map((q) => q.index);
    expect(orderForLabelling(probabilities, "random", 5).map((q) => q.index)).toEqual(a);
    expect([...a].sort()).toEqual([0, 1, 2, 3]);
    expect(() => orderForLabelling([[2, -1]], "margin")).toThrow(/not a probability/);
  });
});

describe("out-of-fold probabilities and the linear probe", () => {
  it("scores every item by a model that never saw it, with stratified folds", async () => {
    const { vectors, labels } = embeddings(200, 32, 4, 5, 0.4);
    const folds = stratifiedFolds(labels, 4, 5, 1);
    for (let f = 0; f < 5; f++) {
      const inFold = labels.filter((_, i) => folds[i] === f);
      for (let c = 0; c < 4; c++) expect(inFold.filter((l) => l === c)).toHaveLength(10);
    }
    const seen = new Set<number>();
    const probabilities = await outOfFoldProbabilities({
      labels,
      classCount: 4,
      fitPredict: (trainIdx, testIdx) => {
        const train = new Set(trainIdx);
        for (const i of testIdx) {
          expect(train.has(i)).toBe(false);
          seen.add(i);
        }
        return fitSoftmaxRegression(
          trainIdx.map((i) => vectors[i]),
          trainIdx.map((i) => labels[i]),
          { classCount: 4, epochs: 10 },
        ).predict(testIdx.map((i) => vectors[i]));
      },
    });
    expect(seen.size).toBe(200);
    const correct = probabilities.filter((row, i) => row.indexOf(Math.max(...row)) === labels[i]).length;
    expect(correct / 200).toBeGreaterThan(0.95);
    await expect(outOfFoldProbabilities({ labels, classCount: 4, fitPredict: () => [] })).rejects.toThrow(
      /returned 0 rows/,
    );
  });

  it("fits tied columns (columnRepeats) to the model on the repeated columns", () => {
    const { vectors, labels } = embeddings(120, 24, 3, 8, 0.5);
    const repeated = vectors.map((v) => Float32Array.from({ length: v.length * 3 }, (_, i) => v[Math.floor(i / 3)]));
    for (const standardize of [false, true]) {
      const settings = { classCount: 3, epochs: 8, learningRate: 0.01, seed: 4, standardize };
      const full = fitSoftmaxRegression(repeated, labels, settings).predict(repeated.slice(0, 40));
      const tied = fitSoftmaxRegression(vectors, labels, { ...settings, columnRepeats: 3 }).predict(
        vectors.slice(0, 40),
      );
      let gap = 0;
      full.forEach((row, i) => row.forEach((p, c) => (gap = Math.max(gap, Math.abs(p - tied[i][c])))));
      // Only the order of a dot product's additions differs.
      expect(gap).toBeLessThan(1e-6);
      expect(full[0][0]).not.toBeCloseTo(1 / 3, 2);
    }
    expect(() => fitSoftmaxRegression(vectors, labels, { classCount: 3, columnRepeats: 0 })).toThrow(/columnRepeats/);
  });

  it("finds each item's nearest other items exactly", () => {
    const { vectors } = embeddings(60, 16, 3, 6);
    const { indices, similarities } = nearestNeighbors(vectors, 3);
    for (const i of [0, 17, 59]) {
      const best = vectors
        .map((v, j) => ({ j, s: j === i ? Number.NEGATIVE_INFINITY : cosine(vectors[i], v) }))
        .sort((a, b) => b.s - a.s)
        .slice(0, 3);
      expect(Array.from(indices.slice(i * 3, i * 3 + 3))).toEqual(best.map((b) => b.j));
      expect(similarities[i * 3]).toBeCloseTo(best[0].s, 5);
    }
  });
});
