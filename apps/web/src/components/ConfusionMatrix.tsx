"use client";
import { confusionCells } from "@/lib/confusion.ts";

export function ConfusionMatrix({ labels, matrix }: { labels: string[]; matrix: number[][] }) {
  const cells = confusionCells(labels, matrix);
  const size = labels.length;
  return (
    <div className="table-wrap" data-testid="confusion-matrix">
      <table
        style={{ width: "auto" }}
        aria-label="Confusion matrix: rows are the true label, columns the predicted label"
      >
        <thead>
          <tr>
            <th scope="col">
              <span className="small">true ↓ / predicted →</span>
            </th>
            {labels.map((l) => (
              <th key={l} scope="col" className="num">
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
                    style={{ background: `color-mix(in srgb, ${colour} ${alpha}%, transparent)`, minWidth: 48 }}
                  >
                    {c.count}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
