import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  assignSplits,
  normalizeRatios,
  type SplitItem,
  splitCounts,
  stratumOf,
} from "../src/datasets/split-assignment.ts";

const sha = (s: string) => createHash("sha256").update(s).digest("hex");

function items(label: string, n: number): SplitItem[] {
  return Array.from({ length: n }, (_, i) => ({ id: `${label}-${i}`, sha256: sha(`${label}${i}`), stratum: label }));
}

function countBy(result: Map<string, string>, prefix: string) {
  const counts: Record<string, number> = { TRAIN: 0, VAL: 0, TEST: 0 };
  for (const [id, split] of result) if (id.startsWith(prefix)) counts[split] += 1;
  return counts;
}

describe("assignSplits", () => {
  it("splits each label 80/10/10 by default proportions", () => {
    const all = [...items("cat", 100), ...items("dog", 30), ...items("bird", 7)];
    const result = assignSplits(all, { train: 0.8, val: 0.1, test: 0.1 }, 42);
    expect(result.size).toBe(137);
    expect(countBy(result, "cat-")).toEqual({ TRAIN: 80, VAL: 10, TEST: 10 });
    expect(countBy(result, "dog-")).toEqual({ TRAIN: 24, VAL: 3, TEST: 3 });
    // 5.6 / 0.7 / 0.7 -> largest remainders give val and test one each.
    expect(countBy(result, "bird-")).toEqual({ TRAIN: 5, VAL: 1, TEST: 1 });
  });

  it("depends on the seed and content, not on input order", () => {
    const all = items("cat", 50);
    const a = assignSplits(all, { train: 8, val: 1, test: 1 }, 7);
    const b = assignSplits([...all].reverse(), { train: 8, val: 1, test: 1 }, 7);
    expect([...b].sort()).toEqual([...a].sort());
    const c = assignSplits(all, { train: 8, val: 1, test: 1 }, 8);
    expect([...c].sort()).not.toEqual([...a].sort());
  });

  it("puts a lone image of a class in train", () => {
    expect([...assignSplits(items("rare", 1), { train: 0.8, val: 0.1, test: 0.1 }, 1).values()]).toEqual(["TRAIN"]);
  });

  it("honours configurable ratios, including empty splits", () => {
    const result = assignSplits(items("cat", 20), { train: 0.5, val: 0.5, test: 0 }, 3);
    expect(countBy(result, "cat-")).toEqual({ TRAIN: 10, VAL: 10, TEST: 0 });
  });
});

describe("ratios and counts", () => {
  it("normalises percentages and refuses nonsense", () => {
    expect(normalizeRatios({ train: 80, val: 10, test: 10 })).toEqual({ train: 0.8, val: 0.1, test: 0.1 });
    expect(() => normalizeRatios({ train: -1, val: 1, test: 1 })).toThrow(/zero or more/);
    expect(() => normalizeRatios({ train: 0, val: 0, test: 0 })).toThrow(/above zero/);
    expect(() => normalizeRatios({ train: Number.NaN, val: 0, test: 1 })).toThrow();
  });

  it("always sums to n", () => {
    for (let n = 0; n < 40; n++) {
      const [a, b, c] = splitCounts(n, { train: 0.7, val: 0.2, test: 0.1 });
      expect(a + b + c).toBe(n);
    }
  });

  it("treats a multi-label set as one stratum regardless of order", () => {
    expect(stratumOf(["b", "a"])).toBe(stratumOf(["a", "b"]));
    expect(stratumOf(["a"])).not.toBe(stratumOf(["a", "b"]));
  });
});
