// Window maths for the virtualised thumbnail grid: with 10,000 images only the
// rows near the viewport are in the DOM, so scrolling stays smooth and only
// visible thumbnails are requested.

export interface GridLayout {
  columns: number;
  /** Cell side in px (cells are square). */
  cell: number;
  gap: number;
  rowHeight: number;
  rows: number;
  totalHeight: number;
}

export function gridLayout(width: number, itemCount: number, minCell = 120, gap = 8): GridLayout {
  const usable = Math.max(width, minCell);
  const columns = Math.max(1, Math.floor((usable + gap) / (minCell + gap)));
  const cell = Math.floor((usable - gap * (columns - 1)) / columns);
  const rowHeight = cell + gap;
  const rows = Math.ceil(itemCount / columns);
  return { columns, cell, gap, rowHeight, rows, totalHeight: Math.max(0, rows * rowHeight - gap) };
}

export interface VisibleRange {
  firstRow: number;
  lastRow: number;
  /** Item indices [start, end) to render. */
  start: number;
  end: number;
  offsetTop: number;
}

export function visibleRange(
  layout: GridLayout,
  itemCount: number,
  scrollTop: number,
  viewportHeight: number,
  overscanRows = 2,
): VisibleRange {
  if (itemCount === 0 || layout.rows === 0) return { firstRow: 0, lastRow: -1, start: 0, end: 0, offsetTop: 0 };
  const top = Math.max(0, scrollTop);
  const firstRow = Math.max(0, Math.floor(top / layout.rowHeight) - overscanRows);
  const lastRow = Math.min(layout.rows - 1, Math.ceil((top + viewportHeight) / layout.rowHeight) + overscanRows);
  return {
    firstRow,
    lastRow,
    start: firstRow * layout.columns,
    end: Math.min(itemCount, (lastRow + 1) * layout.columns),
    offsetTop: firstRow * layout.rowHeight,
  };
}

/** Whether the rendered window is close enough to the loaded end to fetch the next page. */
export function needsMore(range: VisibleRange, loadedCount: number, layout: GridLayout, thresholdRows = 3): boolean {
  return range.end >= loadedCount - thresholdRows * layout.columns;
}
