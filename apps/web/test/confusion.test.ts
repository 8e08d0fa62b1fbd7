import { describe, expect, it } from "vitest";
import { ConfusionShapeError, confusionCells, topConfusions } from "@/lib/confusion.ts";

const labels = ["cat", "dog", "fox"];
const matrix = [
  [8, 2, 0],
  [1, 9, 0],
  [0, 5, 0],
];

describe("confusionCells", () => {
  it("colours each cell by its share of the true class", () => {
    const cells = confusionCells(labels, matrix);
    expect(cells).toHaveLength(9);
    expect(cells[1]).toEqual({ truth: 0, predicted: 1, count: 2, rowShare: 0.2 });
    expect(cells[7]).toMatchObject({ truth: 2, predicted: 1, rowShare: 1 });
  });

  it("gives an empty row share 0 instead of NaN", () => {
    expect(
      confusionCells(
        ["a", "b"],
        [
          [0, 0],
          [1, 1],
        ],
      )[0].rowShare,
    ).toBe(0);
  });

  it("refuses a matrix that does not match the labels", () => {
    expect(() =>
      confusionCells(labels, [
        [1, 2],
        [3, 4],
      ]),
    ).toThrow(ConfusionShapeError);
  });
});

describe("topConfusions", () => {
  it("lists the off-diagonal mistakes, largest first", () => {
    expect(topConfusions(labels, matrix, 2)).toEqual([
      { truth: "fox", predicted: "dog", count: 5 },
      { truth: "cat", predicted: "dog", count: 2 },
    ]);
  });
});
