// The AUTO run's trial table as the real search fills it: each rung's verdict, and the note of a winner
// that a rung had dropped (a closed-form fit that competed at the last rung).

import { successiveHalving } from "@headstart/ml-core";
import { describe, expect, it } from "vitest";
import { crownWinner, recordSearchEvent, SETTLED_WINNER_NOTE, type TrialRow } from "../src/auto-run/auto-search.ts";

/**
 * The held-out T-shirt vs shirt search on scripted figures: a learner validates 0.875 after 3 epochs,
 * a closed-form fit 0.870 at any epochs; with one place at the next rung the fit is dropped, and the
 * learner ends at `last` after 9 epochs. Rows are added as trainChildRun adds them, one per rung.
 */
async function searchTable(last: number) {
  const rows: TrialRow[] = [];
  const result = await successiveHalving<{ settled: boolean }>({
    trials: [
      { id: "learner", config: { settled: false } },
      { id: "closed-form", config: { settled: true } },
    ],
    trainTrial: async (config, epochs, { trialId, rung }) => {
      const figures = config.settled
        ? { valAccuracy: 0.87, valLoss: 0.4 }
        : { valAccuracy: rung === 0 ? 0.875 : last, valLoss: rung === 0 ? 0.45 : 0.35 };
      rows.push({
        trialId,
        runId: `${trialId}-${rung}`,
        rung,
        epochs,
        status: "finished",
        ...figures,
        seconds: 1,
        verdict: null,
        note: null,
      });
      return { ...figures, settled: config.settled };
    },
    budgetSeconds: 300,
    minEpochs: 3,
    maxEpochs: 9,
    eta: 4,
    onEvent: (event) => recordSearchEvent(rows, event),
  });
  const best = result.winner.rungs.at(-1)!;
  const winnerRow = rows.find((row) => row.trialId === result.winner.id && row.rung === best.rung)!;
  crownWinner(winnerRow);
  return { result, rows: rows.map(({ runId, verdict, note }) => ({ runId, verdict, note })) };
}

describe("the AUTO trial table", () => {
  it("names a dropped closed-form fit the winner, with a note that says why it still competed", async () => {
    const { result, rows } = await searchTable(0.865);
    expect(result.winner.id).toBe("closed-form");
    expect(rows).toEqual([
      { runId: "learner-0", verdict: "promoted", note: null },
      { runId: "closed-form-0", verdict: "winner", note: SETTLED_WINNER_NOTE },
      {
        runId: "learner-1",
        verdict: "dropped",
        note: "validation accuracy 0.865 after 9 epochs lost to closed-form's 0.870 after 3 epochs in the final comparison",
      },
    ]);
  });

  it("says a closed-form fit that the learner beat at the last rung lost the final comparison", async () => {
    const { result, rows } = await searchTable(0.9);
    expect(result.winner.id).toBe("learner");
    expect(rows).toEqual([
      { runId: "learner-0", verdict: "promoted", note: null },
      {
        runId: "closed-form-0",
        verdict: "dropped",
        note: "validation accuracy 0.870 after 3 epochs (a closed-form fit, compared at the last rung) lost to learner's 0.900 after 9 epochs in the final comparison",
      },
      { runId: "learner-1", verdict: "winner", note: null },
    ]);
  });
});
