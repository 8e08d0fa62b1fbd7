"use client";
// A windowed grid: only the rows in (and near) view are rendered, so a
// 10,000-image dataset scrolls as smoothly as a 50-image one, and images
// outside the window are never requested.
import { type KeyboardEvent, type ReactNode, useEffect, useRef, useState } from "react";
import { gridLayout, needsMore, visibleRange } from "@/lib/virtual-grid.ts";

interface Props<T> {
  items: T[];
  itemKey(item: T): string;
  renderItem(item: T, index: number): ReactNode;
  /** Called when the window nears the end of the loaded items. */
  onNeedMore?(): void;
  hasMore?: boolean;
  minCell?: number;
  height?: number;
  label: string;
  onKeyDown?(e: KeyboardEvent<HTMLDivElement>): void;
  /** Scrolls this item into view when it changes (keyboard navigation). */
  focusIndex?: number | null;
}

export function VirtualGrid<T>({
  items,
  itemKey,
  renderItem,
  onNeedMore,
  hasMore = false,
  minCell = 128,
  height = 560,
  label,
  onKeyDown,
  focusIndex = null,
}: Props<T>) {
  const ref = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(800);
  const [scrollTop, setScrollTop] = useState(0);

  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const observer = new ResizeObserver((entries) => setWidth(entries[0].contentRect.width));
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  const layout = gridLayout(width, items.length, minCell);
  const viewport = Math.min(height, Math.max(layout.totalHeight, minCell));
  const range = visibleRange(layout, items.length, scrollTop, viewport);

  // Decided during render, so the effect depends on the answer rather than on
  // the layout objects it was computed from (new every render).
  const wantMore = hasMore && onNeedMore !== undefined && needsMore(range, items.length, layout);
  useEffect(() => {
    if (wantMore) onNeedMore?.();
  }, [wantMore, onNeedMore]);

  useEffect(() => {
    const el = ref.current;
    if (!el || focusIndex === null) return;
    const top = Math.floor(focusIndex / layout.columns) * layout.rowHeight;
    if (top < el.scrollTop) el.scrollTop = top;
    else if (top + layout.rowHeight > el.scrollTop + viewport) el.scrollTop = top + layout.rowHeight - viewport;
  }, [focusIndex, layout.columns, layout.rowHeight, viewport]);

  const rows: T[][] = [];
  for (let start = range.start; start < range.end; start += layout.columns) {
    rows.push(items.slice(start, Math.min(range.end, start + layout.columns)));
  }

  return (
    // biome-ignore lint/a11y/useSemanticElements: an ARIA grid, not a <table>: its column count follows the width and its rows are windowed, and arrow keys move the selection inside it.
    <div
      ref={ref}
      className="virtual-scroller"
      style={{ height: viewport }}
      onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)}
      role="grid"
      aria-label={label}
      aria-rowcount={layout.rows}
      tabIndex={0}
      onKeyDown={onKeyDown}
    >
      <div style={{ height: layout.totalHeight, position: "relative" }}>
        <div
          className="thumb-grid"
          style={{
            position: "absolute",
            top: range.offsetTop,
            left: 0,
            right: 0,
            gridTemplateColumns: `repeat(${layout.columns}, ${layout.cell}px)`,
            gap: layout.gap,
          }}
        >
          {rows.map((row, r) => {
            const first = range.start + r * layout.columns;
            return (
              // biome-ignore lint/a11y/useSemanticElements: a row of the ARIA grid above; display: contents keeps the cells on the CSS grid.
              <div
                key={itemKey(row[0])}
                role="row"
                aria-rowindex={range.firstRow + r + 1}
                tabIndex={-1}
                style={{ display: "contents" }}
              >
                {row.map((item, i) => (
                  // biome-ignore lint/a11y/useSemanticElements: a cell of the ARIA grid above (see the grid's note).
                  <div key={itemKey(item)} role="gridcell" tabIndex={-1} style={{ height: layout.cell }}>
                    {renderItem(item, first + i)}
                  </div>
                ))}
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}
