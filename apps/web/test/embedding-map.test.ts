import { describe, expect, it } from "vitest";
import { buildGrid, insidePolygon, lassoSelect, nearestPoint, toCanvas } from "../src/lib/embedding-map.ts";

const view = { width: 200, height: 100, padding: 10 };

describe("embedding map geometry", () => {
  it("maps [-1, 1]² into the padded canvas with y upwards", () => {
    expect(toCanvas(-1, 1, view)).toEqual([10, 10]);
    expect(toCanvas(1, -1, view)).toEqual([190, 90]);
    expect(toCanvas(0, 0, view)).toEqual([100, 50]);
  });

  it("finds the nearest point within the radius through the grid, or none", () => {
    const grid = buildGrid({ x: [0, 0.5, -1], y: [0, 0, 1] }, view);
    expect(nearestPoint(grid, 102, 51)).toBe(0);
    expect(nearestPoint(grid, 144, 50)).toBe(1);
    expect(nearestPoint(grid, 11, 9)).toBe(2);
    expect(nearestPoint(grid, 60, 80)).toBe(-1);
  });

  it("selects exactly the points a lasso encloses", () => {
    const n = 10_000;
    const x = Array.from({ length: n }, (_, i) => ((i % 100) / 99) * 2 - 1);
    const y = Array.from({ length: n }, (_, i) => (Math.floor(i / 100) / 99) * 2 - 1);
    const grid = buildGrid({ x, y }, view);
    // The right half of the canvas: x > 100 px, i.e. map x > 0.
    const chosen = lassoSelect(grid, [
      [100.5, 0],
      [200, 0],
      [200, 100],
      [100.5, 100],
    ]);
    expect(chosen.length).toBe(n / 2);
    expect(chosen.every((i) => x[i]! > 0)).toBe(true);
    expect(
      lassoSelect(grid, [
        [0, 0],
        [1, 1],
      ]),
    ).toEqual([]);
    expect(
      insidePolygon(5, 5, [
        [0, 0],
        [10, 0],
        [10, 10],
        [0, 10],
      ]),
    ).toBe(true);
  });
});
