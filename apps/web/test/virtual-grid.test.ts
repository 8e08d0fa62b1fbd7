import { describe, expect, it } from "vitest";
import { gridLayout, needsMore, visibleRange } from "@/lib/virtual-grid.ts";

describe("gridLayout", () => {
  it("fits as many cells of at least the minimum size as the width allows", () => {
    const layout = gridLayout(1000, 10_000, 120, 8);
    expect(layout.columns).toBe(7); // 7 * 120 + 6 * 8 = 888 <= 1000 < 8 * 120 + 7 * 8
    expect(layout.cell).toBe(Math.floor((1000 - 6 * 8) / 7));
    expect(layout.rows).toBe(Math.ceil(10_000 / 7));
    expect(layout.totalHeight).toBe(layout.rows * layout.rowHeight - 8);
  });

  it("keeps one column on a very narrow screen", () => {
    expect(gridLayout(60, 3).columns).toBe(1);
  });
});

describe("visibleRange", () => {
  const layout = gridLayout(1000, 10_000, 120, 8);

  it("renders only the rows in view plus overscan, for a 10,000 image dataset", () => {
    const range = visibleRange(layout, 10_000, 50 * layout.rowHeight, 600, 2);
    expect(range.firstRow).toBe(48);
    expect(range.start).toBe(48 * 7);
    expect(range.end - range.start).toBeLessThan(100);
    expect(range.offsetTop).toBe(48 * layout.rowHeight);
  });

  it("clamps at both ends and handles an empty dataset", () => {
    expect(visibleRange(layout, 10_000, -50, 600).firstRow).toBe(0);
    const bottom = visibleRange(layout, 10_000, layout.totalHeight, 600);
    expect(bottom.end).toBe(10_000);
    expect(visibleRange(layout, 0, 0, 600)).toMatchObject({ start: 0, end: 0 });
  });

  it("asks for the next page when the window nears the loaded end", () => {
    const range = visibleRange(layout, 10_000, 0, 600);
    expect(needsMore(range, 40, layout)).toBe(true);
    expect(needsMore(range, 400, layout)).toBe(false);
  });
});
