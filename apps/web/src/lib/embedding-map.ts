// Geometry of the embedding map, pure so it is unit-tested: map coordinates
// ([-1, 1]²) to canvas pixels, the nearest point under the pointer through a
// uniform grid (hover stays O(1) at 10,000 points), and which points a lasso
// polygon encloses (even-odd ray casting).

export interface MapPoints {
  x: readonly number[];
  y: readonly number[];
}

export interface Viewport {
  width: number;
  height: number;
  /** Pixels kept free on every side. */
  padding: number;
}

export function toCanvas(x: number, y: number, view: Viewport): [number, number] {
  const w = view.width - 2 * view.padding;
  const h = view.height - 2 * view.padding;
  // y grows downwards on a canvas; the map's y upwards.
  return [view.padding + ((x + 1) / 2) * w, view.padding + ((1 - y) / 2) * h];
}

export interface PointGrid {
  cell: number;
  columns: number;
  rows: number;
  /** Point indices per cell. */
  cells: number[][];
  px: Float32Array;
  py: Float32Array;
}

/** Buckets every point's canvas position into cells of `cell` pixels. */
export function buildGrid(points: MapPoints, view: Viewport, cell = 16): PointGrid {
  const columns = Math.max(1, Math.ceil(view.width / cell));
  const rows = Math.max(1, Math.ceil(view.height / cell));
  const cells: number[][] = Array.from({ length: columns * rows }, () => []);
  const n = points.x.length;
  const px = new Float32Array(n);
  const py = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const [cx, cy] = toCanvas(points.x[i]!, points.y[i]!, view);
    px[i] = cx;
    py[i] = cy;
    const c = Math.min(columns - 1, Math.max(0, Math.floor(cx / cell)));
    const r = Math.min(rows - 1, Math.max(0, Math.floor(cy / cell)));
    cells[r * columns + c]!.push(i);
  }
  return { cell, columns, rows, cells, px, py };
}

/** The point nearest to (cx, cy) within `radius` pixels, or -1. */
export function nearestPoint(grid: PointGrid, cx: number, cy: number, radius = 8): number {
  const c0 = Math.floor((cx - radius) / grid.cell);
  const c1 = Math.floor((cx + radius) / grid.cell);
  const r0 = Math.floor((cy - radius) / grid.cell);
  const r1 = Math.floor((cy + radius) / grid.cell);
  let best = -1;
  let bestDistance = radius * radius;
  for (let r = Math.max(0, r0); r <= Math.min(grid.rows - 1, r1); r++) {
    for (let c = Math.max(0, c0); c <= Math.min(grid.columns - 1, c1); c++) {
      for (const i of grid.cells[r * grid.columns + c]!) {
        const d = (grid.px[i]! - cx) ** 2 + (grid.py[i]! - cy) ** 2;
        if (d <= bestDistance) {
          bestDistance = d;
          best = i;
        }
      }
    }
  }
  return best;
}

/** Whether (x, y) lies inside the polygon (even-odd rule). */
export function insidePolygon(x: number, y: number, polygon: readonly [number, number][]): boolean {
  let inside = false;
  for (let i = 0, j = polygon.length - 1; i < polygon.length; j = i++) {
    const [xi, yi] = polygon[i]!;
    const [xj, yj] = polygon[j]!;
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/** Indices of the points a lasso (canvas pixels) encloses; a lasso of fewer than 3 points holds none. */
export function lassoSelect(grid: PointGrid, polygon: readonly [number, number][]): number[] {
  if (polygon.length < 3) return [];
  const selected: number[] = [];
  for (let i = 0; i < grid.px.length; i++) if (insidePolygon(grid.px[i]!, grid.py[i]!, polygon)) selected.push(i);
  return selected;
}

/** A colour per class, evenly spaced in hue so neighbouring classes differ. */
export function classColour(index: number, classCount: number): string {
  if (index < 0) return "#888";
  const hue = Math.round((index * 360) / Math.max(1, classCount)) % 360;
  return `hsl(${hue} 70% 45%)`;
}
