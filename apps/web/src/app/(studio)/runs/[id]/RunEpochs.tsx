"use client";
// One row per finished epoch, the best validation epoch in bold.
import type { EpochPoint } from "@/lib/chart-data.ts";
import { fmt, pct } from "./run-format.ts";

export function RunEpochs({ epochs, bestEpoch }: { epochs: EpochPoint[]; bestEpoch: number | null }) {
  return (
    <section className="card">
      <h3>Epochs</h3>
      {epochs.length === 0 ? (
        <p className="small muted">No epoch has finished yet.</p>
      ) : (
        <div className="table-wrap">
          <table data-testid="epoch-table">
            <thead>
              <tr>
                <th>Epoch</th>
                <th>Phase</th>
                <th className="num">Loss</th>
                <th className="num">Accuracy</th>
                <th className="num">Val loss</th>
                <th className="num">Val accuracy</th>
                <th className="num">Seconds</th>
              </tr>
            </thead>
            <tbody>
              {epochs.map((e) => (
                <tr key={e.epoch} style={bestEpoch === e.epoch ? { fontWeight: 650 } : undefined}>
                  <td>{e.epoch}</td>
                  <td>{e.phase}</td>
                  <td className="num">{fmt(e.loss)}</td>
                  <td className="num">{pct(e.acc)}</td>
                  <td className="num">{e.valLoss === null || e.valLoss === undefined ? "–" : fmt(e.valLoss)}</td>
                  <td className="num">{pct(e.valAcc)}</td>
                  <td className="num">{e.seconds === undefined ? "–" : fmt(e.seconds)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
