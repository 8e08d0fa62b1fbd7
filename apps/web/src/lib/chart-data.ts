// Shapes epoch metrics into what the SVG charts draw. Pure functions so the
// live-update logic (late subscribers get a replay that overlaps the query,
// events may arrive twice or out of order) is tested without a browser.

export interface EpochPoint {
  epoch: number;
  /** "head" while only the head trains, "finetune" once backbone blocks unfreeze. */
  phase: string;
  loss: number;
  acc: number;
  valLoss?: number | null;
  valAcc?: number | null;
  /** Wall time of the epoch, when known. */
  seconds?: number;
}

export interface Point {
  x: number;
  y: number;
}

export interface Series {
  key: string;
  label: string;
  /** Non-finite values are kept as gaps (null) so a diverged epoch shows as a break, not a cliff. */
  points: { x: number; y: number | null }[];
  dashed?: boolean;
}

export interface Domain {
  min: number;
  max: number;
}

/**
 * Merges incoming epoch events into the list already shown: one entry per
 * epoch (the newest wins, since a resumed run re-reports its epoch), sorted.
 */
export function mergeEpochs(current: readonly EpochPoint[], incoming: readonly EpochPoint[]): EpochPoint[] {
  if (incoming.length === 0) return current as EpochPoint[];
  const byEpoch = new Map<number, EpochPoint>();
  for (const e of current) byEpoch.set(e.epoch, e);
  for (const e of incoming) byEpoch.set(e.epoch, e);
  return [...byEpoch.values()].sort((a, b) => a.epoch - b.epoch);
}

function finiteOrNull(value: number | null | undefined): number | null {
  return typeof value === "number" && Number.isFinite(value) ? value : null;
}

/** Loss and accuracy series (train solid, validation dashed) plus where fine-tuning starts. */
export function epochSeries(epochs: readonly EpochPoint[]): {
  loss: Series[];
  accuracy: Series[];
  fineTuneStartsAt: number | null;
} {
  const sorted = mergeEpochs([], epochs);
  const pick = (f: (e: EpochPoint) => number | null | undefined) =>
    sorted.map((e) => ({ x: e.epoch, y: finiteOrNull(f(e)) }));
  const withValues = (series: Series[]) => series.filter((s) => s.points.some((p) => p.y !== null));
  const firstFineTune = sorted.find((e) => e.phase !== "head");
  return {
    loss: withValues([
      { key: "loss", label: "train loss", points: pick((e) => e.loss) },
      { key: "valLoss", label: "val loss", points: pick((e) => e.valLoss), dashed: true },
    ]),
    accuracy: withValues([
      { key: "acc", label: "train accuracy", points: pick((e) => e.acc) },
      { key: "valAcc", label: "val accuracy", points: pick((e) => e.valAcc), dashed: true },
    ]),
    fineTuneStartsAt: firstFineTune ? firstFineTune.epoch : null,
  };
}

/**
 * The y range covering every drawn value. Accuracy charts pin to [0, 1] so
 * curves from different runs are comparable at a glance; loss starts at 0.
 */
export function yDomain(series: readonly Series[], kind: "loss" | "accuracy"): Domain {
  if (kind === "accuracy") return { min: 0, max: 1 };
  let max = 0;
  for (const s of series) for (const p of s.points) if (p.y !== null && p.y > max) max = p.y;
  return { min: 0, max: max > 0 ? niceCeil(max) : 1 };
}

/** x range: at least the planned epochs, so a live chart grows into a fixed frame instead of rescaling. */
export function xDomain(series: readonly Series[], plannedEpochs = 0): Domain {
  let max = plannedEpochs;
  let min = Infinity;
  for (const s of series) {
    for (const p of s.points) {
      if (p.x > max) max = p.x;
      if (p.x < min) min = p.x;
    }
  }
  if (!Number.isFinite(min)) min = 1;
  min = Math.min(min, 1);
  return { min, max: Math.max(max, min + 1) };
}

function roundUpTo(value: number, mantissas: readonly number[]): number {
  if (!(value > 0)) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  for (const m of mantissas) {
    if (value <= m * power * (1 + 1e-12)) return Number((m * power).toPrecision(12));
  }
  return 10 * power;
}

/** A round axis ceiling close above the value, so curves fill most of the chart. */
export function niceCeil(value: number): number {
  return roundUpTo(value, [1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10]);
}

/** A tick step of 1, 2, 2.5 or 5 times a power of ten. */
export function niceStep(value: number): number {
  return roundUpTo(value, [1, 2, 2.5, 5, 10]);
}

/** About `count` evenly spaced round tick values covering the domain. */
export function ticks(domain: Domain, count = 5): number[] {
  const span = domain.max - domain.min;
  if (!(span > 0)) return [domain.min];
  const step = niceStep(span / count);
  const first = Math.ceil(domain.min / step - 1e-9) * step;
  const out: number[] = [];
  for (let v = first; v <= domain.max + step * 1e-9; v += step) out.push(Number(v.toFixed(10)));
  return out;
}

/** Integer epoch ticks, thinned so labels never crowd on a phone-width chart. */
export function epochTicks(domain: Domain, maxTicks = 10): number[] {
  const span = Math.ceil(domain.max) - Math.floor(domain.min);
  const step = Math.max(1, Math.ceil(span / maxTicks));
  const out: number[] = [];
  for (let v = Math.ceil(domain.min); v <= domain.max; v += step) out.push(v);
  return out;
}

export interface Frame {
  width: number;
  height: number;
  x: Domain;
  y: Domain;
}

export function scale(frame: Frame, p: Point): Point {
  const sx = frame.x.max === frame.x.min ? 0 : (p.x - frame.x.min) / (frame.x.max - frame.x.min);
  const sy = frame.y.max === frame.y.min ? 0 : (p.y - frame.y.min) / (frame.y.max - frame.y.min);
  return { x: sx * frame.width, y: frame.height - sy * frame.height };
}

/** An SVG path through the points; a null value lifts the pen so gaps stay visible. */
export function linePath(points: readonly { x: number; y: number | null }[], frame: Frame): string {
  let d = "";
  let penDown = false;
  for (const p of points) {
    if (p.y === null) {
      penDown = false;
      continue;
    }
    const s = scale(frame, { x: p.x, y: p.y });
    d += `${penDown ? "L" : "M"}${round(s.x)},${round(s.y)}`;
    penDown = true;
  }
  return d;
}

function round(v: number): number {
  return Math.round(v * 100) / 100;
}

/** The best validation epoch (highest val accuracy, lowest val loss on ties), for the chart marker. */
export function bestEpoch(epochs: readonly EpochPoint[]): EpochPoint | null {
  let best: EpochPoint | null = null;
  for (const e of epochs) {
    const acc = finiteOrNull(e.valAcc);
    if (acc === null) continue;
    const bestAcc = best ? (best.valAcc as number) : -Infinity;
    if (
      acc > bestAcc ||
      (acc === bestAcc && (finiteOrNull(e.valLoss) ?? Infinity) < (finiteOrNull(best?.valLoss) ?? Infinity))
    )
      best = e;
  }
  return best;
}
