import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { type SearchEvent, successiveHalving, type TrainTrial } from "../src/autopilot/successive-halving.ts";
import { TrainingAbortedError } from "../src/train/abort.ts";
import { DEFAULT_HEAD_CONFIG, predictVectors, trainHeadOnVectors } from "../src/train/head-training.ts";
import { TrainingRng } from "../src/train/rng.ts";

beforeAll(async () => {
  await tf.setBackend("cpu");
});

/** Three noisy clusters in 16 dimensions: learnable, but not in one step at a tiny rate. */
function clusters(count: number, seed: number) {
  const rng = new TrainingRng(seed);
  const vectors: Float32Array[] = [];
  const labels: number[] = [];
  for (let i = 0; i < count; i++) {
    const label = i % 3;
    const v = Float32Array.from({ length: 16 }, (_, d) => (rng.next() - 0.5) * 2 + (d === label ? 1.5 : 0));
    vectors.push(v);
    labels.push(label);
  }
  return { vectors, labels };
}

const train = clusters(300, 1);
const val = clusters(150, 2);

interface TrialConfig {
  learningRate: number;
  headUnits: number;
}

/** A real (small) training run per trial: a head on the vectors, scored on the validation vectors. */
const trainTrial: TrainTrial<TrialConfig> = async (config, epochs, { signal }) => {
  const { head } = await trainHeadOnVectors({
    classMode: "multiclass",
    classCount: 3,
    featureSize: 16,
    train: { variants: train.vectors.map((v) => [v]), labels: train.labels.map((l) => [l]) },
    config: { ...DEFAULT_HEAD_CONFIG, ...config, epochs, batchSize: 32, dropout: 0 },
    signal,
  });
  const probs = await predictVectors(head, "multiclass", val.vectors);
  head.dispose();
  let hits = 0;
  let loss = 0;
  probs.forEach((p, i) => {
    const best = p.indexOf(Math.max(...p));
    if (best === val.labels[i]) hits++;
    loss -= Math.log(Math.max(1e-7, p[val.labels[i]]));
  });
  return { valAccuracy: hits / probs.length, valLoss: loss / probs.length };
};

const trials = [
  { id: "tiny-rate", config: { learningRate: 1e-6, headUnits: 8 } },
  { id: "good", config: { learningRate: 0.01, headUnits: 32 } },
  { id: "slow-rate", config: { learningRate: 1e-5, headUnits: 16 } },
  { id: "ok", config: { learningRate: 0.003, headUnits: 16 } },
];

describe("successiveHalving", () => {
  it("drops weak trials by validation, gives the survivors more epochs and says why the winner won", async () => {
    const events: SearchEvent<TrialConfig>[] = [];
    const result = await successiveHalving({
      trials,
      trainTrial,
      budgetSeconds: 300,
      minEpochs: 2,
      maxEpochs: 8,
      eta: 2,
      onEvent: (e) => events.push(e),
    });
    expect(result.budgetExhausted).toBe(false);
    // The winner is the best trial by validation among those that reached the last rung.
    const finalRung = Math.max(...result.trials.flatMap((t) => t.rungs.map((r) => r.rung)));
    const finalists = result.trials.filter((t) => t.rungs.at(-1)?.rung === finalRung);
    const bestFinal = Math.max(...finalists.map((t) => t.rungs.at(-1)!.metrics.valAccuracy));
    expect(result.winner.rungs.at(-1)!.metrics.valAccuracy).toBe(bestFinal);
    expect(["good", "ok"]).toContain(result.winner.id);
    expect(result.winner.status).toBe("winner");
    expect(result.reason).toMatch(new RegExp(`^${result.winner.id} won with validation accuracy`));
    // Rung 0 ran every trial for 2 epochs; the tiny-rate trial never got past it.
    expect(result.trials.every((t) => t.rungs[0].epochs === 2)).toBe(true);
    expect(result.trials.find((t) => t.id === "tiny-rate")!.status).toBe("dropped");
    expect(result.winner.rungs.map((r) => r.epochs)).toEqual([2, 4, 8]);
    expect(events.filter((e) => e.type === "trial-dropped")).toHaveLength(3);
    // 4 → 2 → 1, and the last survivor still trains its final rung.
    expect(events.filter((e) => e.type === "rung-finished").map((e) => (e as { kept: string[] }).kept.length)).toEqual([
      2, 1, 1,
    ]);
  });

  it("ends the search at a rung whose kept trials are all settled (a closed-form fit), not before", async () => {
    // Nearest class mean: solved in closed form, so its figures are the same whatever the epochs.
    const means = [0, 1, 2].map((label) => {
      const own = train.vectors.filter((_, i) => train.labels[i] === label);
      return Array.from({ length: 16 }, (_, d) => own.reduce((sum, v) => sum + v[d], 0) / own.length);
    });
    const calls = new Map<string, number[]>();
    const withCentroid: TrainTrial<TrialConfig & { centroid?: boolean }> = async (config, epochs, context) => {
      calls.set(context.trialId, [...(calls.get(context.trialId) ?? []), epochs]);
      if (!config.centroid) return trainTrial(config, epochs, context);
      let hits = 0;
      val.vectors.forEach((v, i) => {
        const distance = means.map((m) => m.reduce((sum, x, d) => sum + (x - v[d]) ** 2, 0));
        if (distance.indexOf(Math.min(...distance)) === val.labels[i]) hits++;
      });
      return { valAccuracy: hits / val.vectors.length, valLoss: 1 - hits / val.vectors.length, settled: true };
    };
    const centroid = { id: "centroid", config: { learningRate: 0, headUnits: 0, centroid: true } };
    const search = (list: { id: string; config: TrialConfig & { centroid?: boolean } }[]) =>
      successiveHalving({
        trials: list,
        trainTrial: withCentroid,
        budgetSeconds: 300,
        minEpochs: 2,
        maxEpochs: 8,
        eta: 2,
      });

    // Kept alone after the first rung: nothing is left to compare, and training it again would repeat it.
    const alone = await search([centroid, trials[0]]);
    expect(alone.winner.id).toBe("centroid");
    expect(calls.get("centroid")).toEqual([2]);
    expect(alone.winner.rungs).toHaveLength(1);
    expect(alone.reason).toMatch(/more epochs cannot change its figures .* so the search stopped there\.$/);

    // Kept beside a trial that still learns: the search goes on, and both train the next rung.
    calls.clear();
    const mixed = await search([centroid, trials[1], trials[0], trials[2]]);
    expect(calls.get("centroid")!.length).toBeGreaterThan(1);
    expect(calls.get("good")!.length).toBeGreaterThan(1);
    // It stops early only where the one it kept is the settled trial.
    const stoppedEarly = mixed.winner.id === "centroid" && mixed.winner.rungs.at(-1)!.epochs < 8;
    expect(mixed.reason.includes("search stopped there")).toBe(stoppedEarly);
  });

  it("keeps a settled trial a finalist when a rung drops it: a trial that edged past it must still beat it at the last rung", async () => {
    // The search's rule alone, on scripted figures: a learner validates 0.875 after its first rung,
    // just above a closed-form fit's 0.870 (the held-out T-shirt vs shirt search), so with one place at
    // the next rung (eta 4 of 2 trials) the cut drops the settled trial; then the learner ends at `last`.
    const calls: string[] = [];
    const drops: string[] = [];
    const search = (last: number) =>
      successiveHalving<{ settled: boolean }>({
        trials: [
          { id: "learner", config: { settled: false } },
          { id: "closed-form", config: { settled: true } },
        ],
        trainTrial: async (config, epochs, context) => {
          calls.push(`${context.trialId}@${epochs}`);
          if (config.settled) return { valAccuracy: 0.87, valLoss: 0.4, settled: true };
          return { valAccuracy: context.rung === 0 ? 0.875 : last, valLoss: context.rung === 0 ? 0.45 : 0.35 };
        },
        budgetSeconds: 300,
        minEpochs: 3,
        maxEpochs: 9,
        eta: 4,
        onEvent: (e) => {
          if (e.type === "trial-dropped") drops.push(`${e.trialId}@${e.rung}: ${e.reason}`);
        },
      });

    // It fell back below the settled figure: the settled trial wins with its one fit.
    const fell = await search(0.865);
    expect(calls).toEqual(["learner@3", "closed-form@3", "learner@9"]);
    expect(fell.winner.id).toBe("closed-form");
    expect(fell.winner.status).toBe("winner");
    expect(fell.trials.find((t) => t.id === "learner")!.rungs.at(-1)!.epochs).toBe(9);
    // The learner the last rung had kept ends dropped, with the comparison that decided it.
    expect(fell.trials.find((t) => t.id === "learner")!.status).toBe("dropped");
    expect(drops).toEqual([
      "closed-form@0: validation accuracy 0.870 after 3 epochs was not in the top 1 of 2",
      "learner@1: validation accuracy 0.865 after 9 epochs lost to closed-form's 0.870 after 3 epochs in the final comparison",
    ]);
    expect(fell.reason).toBe(
      "closed-form won with validation accuracy 0.870 (loss 0.400) after 3 epochs, ahead of learner (0.865 after 9 epochs); " +
        "closed-form is a closed-form fit whose figures hold at every rung, so it competed at the last one.",
    );

    // It kept improving past it: the learner wins at the last rung, and the reason names what it beat.
    calls.length = 0;
    drops.length = 0;
    const rose = await search(0.89);
    expect(calls).toEqual(["learner@3", "closed-form@3", "learner@9"]);
    expect(rose.winner.id).toBe("learner");
    expect(rose.trials.find((t) => t.id === "closed-form")!.status).toBe("dropped");
    // Its cut is restated by the final comparison it also lost.
    expect(drops).toEqual([
      "closed-form@0: validation accuracy 0.870 after 3 epochs was not in the top 1 of 2",
      "closed-form@0: validation accuracy 0.870 after 3 epochs (a closed-form fit, compared at the last rung) lost to learner's 0.890 after 9 epochs in the final comparison",
    ]);
    expect(rose.reason).toMatch(
      /^learner won with validation accuracy 0\.890 \(loss 0\.350\) after 9 epochs, ahead of closed-form \(0\.870 after 3 epochs\); closed-form is a closed-form fit/,
    );

    // It ended level with it: validation loss decides, and the sentence says so.
    drops.length = 0;
    const level = await search(0.87);
    expect(level.winner.id).toBe("learner");
    expect(drops.at(-1)).toBe(
      "closed-form@0: validation accuracy 0.870 after 3 epochs (a closed-form fit, compared at the last rung) tied with learner's after 9 epochs and lost on validation loss (0.400 against 0.350) in the final comparison",
    );
  });

  it("stops at the budget: nothing is started that cannot finish, a running trial is aborted", async () => {
    // 16 trials, rungs of 1, 2, 4, 8, 16 epochs: 80 trial-epochs in all. Each epoch also costs a fixed
    // 0.5 s of wall time (besides its real training), so the search needs about 40 s however fast the
    // machine or the optimizer: the 6-second budget runs out during the first rung.
    const many = Array.from({ length: 16 }, (_, k) => ({
      id: `lr-${k}`,
      config: { learningRate: 0.0005 * (k + 1), headUnits: 16 },
    }));
    const heavy: TrainTrial<TrialConfig> = async (config, epochs, context) => {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(resolve, epochs * 500);
        context.signal.addEventListener("abort", () => {
          clearTimeout(timer);
          reject(new TrainingAbortedError());
        });
      });
      return trainTrial(config, epochs, context);
    };
    const started = performance.now();
    const result = await successiveHalving({ trials: many, trainTrial: heavy, budgetSeconds: 6, minEpochs: 1, eta: 2 });
    const elapsed = (performance.now() - started) / 1000;
    expect(result.budgetExhausted).toBe(true);
    // A little slack: an abort lands between batches.
    expect(elapsed).toBeLessThan(6 + 2);
    expect(result.trials.some((t) => t.status === "out-of-budget")).toBe(true);
    expect(result.reason).toMatch(/time budget ended the search early/);
  });

  it("cancels through the caller's signal with TrainingAbortedError", async () => {
    const controller = new AbortController();
    let finished = 0;
    const search = successiveHalving({
      trials,
      trainTrial,
      budgetSeconds: 300,
      minEpochs: 2,
      signal: controller.signal,
      onEvent: (e) => {
        if (e.type === "trial-finished" && ++finished === 1) controller.abort();
      },
    });
    await expect(search).rejects.toBeInstanceOf(TrainingAbortedError);
    expect(finished).toBe(1);
  });

  it("refuses bad settings with the field's name", async () => {
    await expect(successiveHalving({ trials: [], trainTrial, budgetSeconds: 10 })).rejects.toThrow(
      /at least one trial/,
    );
    await expect(successiveHalving({ trials, trainTrial, budgetSeconds: 0 })).rejects.toThrow(/budgetSeconds/);
    await expect(successiveHalving({ trials, trainTrial, budgetSeconds: 10, eta: 1 })).rejects.toThrow(/eta/);
  });
});
