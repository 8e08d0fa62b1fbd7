"use client";
// Every class of the confusion matrix, at any count: from six classes on the
// column heads are written vertically (ten side by side would need ~900 px),
// and a matrix still wider than its card scrolls sideways with the true-label
// column held in place. Each cell's title spells out what it counts.
import { confusionCells } from "@/lib/confusion.ts";

/** Above this many classes the column heads turn vertical. */
const HORIZONTAL_HEADS_UP_TO = 5;

export function ConfusionMatrix({ labels, matrix }: { labels: string[]; matrix: number[][] }) {
  const cells = confusionCells(labels, matrix);
  const size = labels.length;
  const compact = size > HORIZONTAL_HEADS_UP_TO;
  return (
    <section
      className={`table-wrap confusion${compact ? " compact" : ""}`}
      aria-label={`Confusion matrix, ${size} classes`}
      // biome-ignore lint/a11y/noNoninteractiveTabindex: a region that may scroll sideways must take focus, or keyboard users cannot reach its last columns (WCAG 2.1.1).
      tabIndex={0}
      data-testid="confusion-matrix"
    >
      <table aria-label="Confusion matrix: rows are the true label, columns the predicted label">
        <thead>
          <tr>
            <th scope="col" className="corner">
              <span className="small">true ↓ / predicted →</span>
            </th>
            {labels.map((l) => (
              <th key={l} scope="col" className="num predicted" title={`predicted ${l}`}>
                {l}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {labels.map((truthLabel, truth) => (
            <tr key={truthLabel}>
              <th scope="row">{truthLabel}</th>
              {cells.slice(truth * size, truth * size + size).map((c) => {
                const diagonal = c.truth === c.predicted;
                const alpha = Math.round(c.rowShare * 85) + (c.count > 0 ? 10 : 0);
                const colour = diagonal ? "var(--accent)" : "var(--danger)";
                return (
                  <td
                    key={c.predicted}
                    className="num"
                    title={`${c.count} ${truthLabel} predicted as ${labels[c.predicted]} (${Math.round(c.rowShare * 100)}% of ${truthLabel})`}
                    style={{ background: `color-mix(in srgb, ${colour} ${alpha}%, transparent)` }}
                  >
                    {c.count}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
