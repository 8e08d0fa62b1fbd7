// Number formats shared by the run page's sections.

/** A share as a percentage with one decimal; "–" when the API has no figure. */
export const pct = (v: number | null | undefined) => (v === null || v === undefined ? "–" : `${(v * 100).toFixed(1)}%`);

/** Four significant digits, without trailing zeros (losses, seconds, rates). */
export const fmt = (v: number) => String(Number(v.toPrecision(4)));
