"use client";
// A windowed grid: only the rows in (and near) view are rendered, so a
// 10,000-image dataset scrolls as smoothly as a 50-image one, and images
// outside the window are never requested.
import { type KeyboardEvent, type ReactNode, useEffect, useRef, useState } from "react";
import { gridLayout, needsMore, visibleRange } from "../lib/virtual-grid.ts";

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

  useEffect(() => {
    if (hasMore && onNeedMore && needsMore(range, items.length, layout)) onNeedMore();
  }, [hasMore, onNeedMore, range.end, items.length, layout.columns]); // eslint-disable-line react-hooks/exhaustive-deps

  useEffect(() => {
    const el = ref.current;
    if (!el || focusIndex === null) return;
    const top = Math.floor(focusIndex / layout.columns) * layout.rowHeight;
    if (top < el.scrollTop) el.scrollTop = top;
    else if (top + layout.rowHeight > el.scrollTop + viewport) el.scrollTop = top + layout.rowHeight - viewport;
  }, [focusIndex, layout.columns, layout.rowHeight, viewport]);

  return (
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
          {items.slice(range.start, range.end).map((item, i) => (
            <div key={itemKey(item)} role="gridcell" style={{ height: layout.cell }}>
              {renderItem(item, range.start + i)}
            </div>
          ))}
        </div>
      </div>
    </div>
  );
}
