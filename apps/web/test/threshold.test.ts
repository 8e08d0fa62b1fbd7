import { describe, expect, it } from "vitest";
import {
  indexAt,
  type ThresholdPoint,
  ThresholdTableError,
  thresholdSeries,
  thresholdTable,
  withheldCount,
} from "@/lib/threshold.ts";

// Shaped like RunEvaluation.thresholds: as the threshold rises, precision
// rises and more images are withheld.
const api: ThresholdPoint[] = [
  { threshold: 0.9, precision: 1, recall: 0.4, withheld: 0.6 },
  { threshold: 0, precision: 0.6, recall: 1, withheld: 0 },
  { threshold: 0.5, precision: 0.6, recall: 1, withheld: 0 },
  { threshold: 0.75, precision: 5 / 6, recall: 0.6, withheld: 0.4 },
];

describe("thresholdTable", () => {
  it("sorts the grid by threshold", () => {
    expect(thresholdTable(api).map((p) => p.threshold)).toEqual([0, 0.5, 0.75, 0.9]);
  });

  it("keeps one point per threshold", () => {
    expect(thresholdTable([...api, { threshold: 0.5, precision: 0.7, recall: 0.9, withheld: 0.1 }])).toHaveLength(4);
  });

  it("refuses values outside [0, 1] with a typed error", () => {
    expect(() => thresholdTable([{ threshold: 0.5, precision: 1.2, recall: 1, withheld: 0 }])).toThrow(
      ThresholdTableError,
    );
    expect(() => thresholdTable([{ threshold: Number.NaN, precision: 1, recall: 1, withheld: 0 }])).toThrow(
      /within \[0, 1\]/,
    );
  });
});

describe("indexAt", () => {
  const table = thresholdTable(api);

  it("shows the grid point at or just below the threshold", () => {
    expect(table[indexAt(table, 0.75)].threshold).toBe(0.75);
    expect(table[indexAt(table, 0.8)].threshold).toBe(0.75);
    expect(table[indexAt(table, 1)].threshold).toBe(0.9);
    expect(indexAt(table, 0)).toBe(0);
  });

  it("tolerates float noise from a slider (0.1 + 0.2 style)", () => {
    expect(table[indexAt(table, 0.7499999999)].threshold).toBe(0.75);
  });
});

describe("withheldCount and thresholdSeries", () => {
  it("turns the withheld share into whole images", () => {
    expect(withheldCount(api[3], 50)).toBe(20);
    expect(withheldCount({ threshold: 0.5, precision: 1, recall: 2 / 3, withheld: 1 / 3 }, 3)).toBe(1);
  });

  it("gives precision and recall curves over the threshold", () => {
    const { precision, recall } = thresholdSeries(thresholdTable(api));
    expect(precision.map((p) => p.y)).toEqual([0.6, 0.6, 5 / 6, 1]);
    expect(recall.at(-1)).toEqual({ x: 0.9, y: 0.4 });
  });
});
