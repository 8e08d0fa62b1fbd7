"use client";
// The embedding map drawn on one canvas (no per-point DOM, so 10,000 points
// stay smooth): a dot per image coloured by its label, mistakes ringed in red,
// suspected label issues as black squares. Hovering shows the image's
// thumbnail; dragging draws a lasso whose points become the selection.
import { type PointerEvent, useEffect, useMemo, useRef, useState } from "react";
import { buildGrid, classColour, lassoSelect, nearestPoint, type Viewport } from "@/lib/embedding-map.ts";

export interface MapData {
  labels: string[];
  imageIds: string[];
  x: number[];
  y: number[];
  labelIndex: number[];
  mistakes: boolean[];
  suspected: boolean[];
}

const VIEW: Viewport = { width: 900, height: 560, padding: 12 };

export function EmbeddingMap({
  data,
  selected,
  onSelect,
}: {
  data: MapData;
  selected: Set<number>;
  onSelect(indices: number[]): void;
}) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const [hover, setHover] = useState<number>(-1);
  const [lasso, setLasso] = useState<[number, number][] | null>(null);
  const grid = useMemo(() => buildGrid(data, VIEW), [data]);

  useEffect(() => {
    const context = canvas.current?.getContext("2d");
    if (!context) return;
    const ratio = window.devicePixelRatio || 1;
    context.setTransform(ratio, 0, 0, ratio, 0, 0);
    context.clearRect(0, 0, VIEW.width, VIEW.height);
    const classCount = data.labels.length;
    // One fill per class: far fewer state changes than a colour per point.
    for (let c = -1; c < classCount; c++) {
      context.fillStyle = classColour(c, classCount);
      context.beginPath();
      for (let i = 0; i < grid.px.length; i++) {
        if (data.labelIndex[i] !== c) continue;
        context.moveTo(grid.px[i]! + 2.5, grid.py[i]!);
        context.arc(grid.px[i]!, grid.py[i]!, 2.5, 0, Math.PI * 2);
      }
      context.fill();
    }
    context.strokeStyle = "#d00";
    context.lineWidth = 1;
    context.beginPath();
    for (let i = 0; i < grid.px.length; i++) {
      if (!data.mistakes[i]) continue;
      context.moveTo(grid.px[i]! + 4, grid.py[i]!);
      context.arc(grid.px[i]!, grid.py[i]!, 4, 0, Math.PI * 2);
    }
    context.stroke();
    context.fillStyle = "#000";
    for (let i = 0; i < grid.px.length; i++) {
      if (data.suspected[i]) context.fillRect(grid.px[i]! - 2, grid.py[i]! - 2, 4, 4);
    }
    if (selected.size > 0) {
      context.strokeStyle = "#111";
      context.lineWidth = 1.5;
      context.beginPath();
      for (const i of selected) {
        context.moveTo(grid.px[i]! + 5, grid.py[i]!);
        context.arc(grid.px[i]!, grid.py[i]!, 5, 0, Math.PI * 2);
      }
      context.stroke();
    }
    if (lasso && lasso.length > 1) {
      context.strokeStyle = "#2563eb";
      context.setLineDash([4, 3]);
      context.beginPath();
      context.moveTo(lasso[0]![0], lasso[0]![1]);
      for (const [x, y] of lasso) context.lineTo(x, y);
      context.closePath();
      context.stroke();
      context.setLineDash([]);
    }
  }, [data, grid, selected, lasso]);

  const position = (e: PointerEvent<HTMLCanvasElement>): [number, number] => {
    const rect = e.currentTarget.getBoundingClientRect();
    return [((e.clientX - rect.left) * VIEW.width) / rect.width, ((e.clientY - rect.top) * VIEW.height) / rect.height];
  };

  const ratio = typeof window === "undefined" ? 1 : window.devicePixelRatio || 1;
  const hovered = hover >= 0 ? hover : -1;
  return (
    <div style={{ position: "relative", maxWidth: VIEW.width }}>
      <canvas
        ref={canvas}
        width={VIEW.width * ratio}
        height={VIEW.height * ratio}
        style={{
          width: "100%",
          aspectRatio: `${VIEW.width} / ${VIEW.height}`,
          border: "1px solid var(--border, #ddd)",
          touchAction: "none",
          cursor: "crosshair",
        }}
        aria-label={`Embedding map of ${data.imageIds.length} images; drag to lasso-select`}
        data-testid="embedding-map"
        data-points={data.imageIds.length}
        onPointerDown={(e) => {
          e.currentTarget.setPointerCapture(e.pointerId);
          setLasso([position(e)]);
        }}
        onPointerMove={(e) => {
          const [x, y] = position(e);
          if (lasso) setLasso([...lasso, [x, y]]);
          else setHover(nearestPoint(grid, x, y));
        }}
        onPointerUp={() => {
          if (lasso && lasso.length >= 3) onSelect(lassoSelect(grid, lasso));
          setLasso(null);
        }}
        onPointerLeave={() => setHover(-1)}
      />
      {hovered >= 0 && !lasso ? (
        <div
          className="card small"
          style={{
            position: "absolute",
            left: `${(grid.px[hovered]! / VIEW.width) * 100}%`,
            top: `${(grid.py[hovered]! / VIEW.height) * 100}%`,
            transform: "translate(8px, 8px)",
            padding: 4,
            pointerEvents: "none",
            zIndex: 2,
          }}
          data-testid="map-hover"
        >
          {/* eslint-disable-next-line @next/next/no-img-element */}
          <img src={`/thumbnails/${data.imageIds[hovered]}`} alt="" width={72} height={72} />
          <div>
            {data.labels[data.labelIndex[hovered]!] ?? "—"}
            {data.mistakes[hovered] ? " · mistake" : ""}
            {data.suspected[hovered] ? " · suspected" : ""}
          </div>
        </div>
      ) : null}
    </div>
  );
}
