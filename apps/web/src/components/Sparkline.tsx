// A tiny inline trend line for tables (validation accuracy per epoch).
import { linePath } from "@/lib/chart-data.ts";

export function Sparkline({
  values,
  max,
  label,
}: {
  values: (number | null | undefined)[];
  max: number;
  label: string;
}) {
  const width = 96;
  const height = 24;
  if (values.length === 0) return <span className="small muted">–</span>;
  const frame = { width, height, x: { min: 0, max: Math.max(1, values.length - 1) }, y: { min: 0, max } };
  const points = values.map((v, i) => ({ x: i, y: typeof v === "number" && Number.isFinite(v) ? v : null }));
  return (
    <svg width={width} height={height} viewBox={`0 0 ${width} ${height}`} role="img" aria-label={label}>
      <path d={linePath(points, frame)} fill="none" stroke="var(--accent)" strokeWidth={1.5} />
    </svg>
  );
}
