import { describe, expect, it } from "vitest";
import {
  expectedRungSeconds,
  fittedRungPace,
  rungPace,
  type SearchEvent,
  successiveHalving,
} from "../src/autopilot/successive-halving.ts";
import { TrainingInputError } from "../src/train/config.ts";

describe("fittedRungPace", () => {
  it("prices an epoch from the last two rungs' extra seconds over their extra epochs", () => {
    // 3 epochs in 40 s, 9 in 100 s: 10 s an epoch, 10 s fixed.
    expect(
      fittedRungPace([
        { epochs: 3, seconds: 40 },
        { epochs: 9, seconds: 100 },
      ]),
    ).toEqual({ perEpoch: 10, fixed: 10 });
    expect(
      fittedRungPace([
        { epochs: 1, seconds: 5 },
        { epochs: 3, seconds: 40 },
        { epochs: 9, seconds: 100 },
      ]),
    ).toEqual({ perEpoch: 10, fixed: 10 });
  });

  it("has no answer from one rung, or from rungs whose seconds did not grow", () => {
    expect(fittedRungPace([{ epochs: 3, seconds: 40 }])).toBeNull();
    expect(
      fittedRungPace([
        { epochs: 3, seconds: 40 },
        { epochs: 9, seconds: 30 },
      ]),
    ).toBeNull();
  });
});

describe("rungPace", () => {
  it("takes the fixed seconds out before dividing by the epochs", () => {
    const pace = rungPace(32, 2, 30);
    expect(pace).toEqual({ perEpoch: 1, fixed: 30 });
    // A rung three times longer costs the fixed part once, not three times.
    expect(expectedRungSeconds(pace, 6)).toBe(36);
  });

  it("counts everything as per-epoch cost when nothing fixed was measured", () => {
    expect(rungPace(32, 2)).toEqual({ perEpoch: 16, fixed: 0 });
    expect(expectedRungSeconds(undefined, 6)).toBe(0);
  });

  it("caps a fixed part larger than the rung, and ignores a negative or non-finite one", () => {
    expect(rungPace(10, 2, 25)).toEqual({ perEpoch: 0, fixed: 10 });
    expect(rungPace(10, 2, -3)).toEqual({ perEpoch: 5, fixed: 0 });
    expect(rungPace(10, 2, Number.NaN)).toEqual({ perEpoch: 5, fixed: 0 });
  });

  it("rejects a rung of no epochs", () => {
    expect(() => rungPace(10, 0)).toThrow(TrainingInputError);
  });
});

describe("successiveHalving with fixed per-rung seconds", () => {
  it("runs the next rung when only the per-epoch part has to fit in the time left", async () => {
    // A clock the trials advance: each rung costs 30 s of setup plus 1 s per epoch.
    let clock = 0;
    const events: SearchEvent<{ quality: number }>[] = [];
    const result = await successiveHalving({
      trials: [
        { id: "a", config: { quality: 0.9 } },
        { id: "b", config: { quality: 0.8 } },
      ],
      budgetSeconds: 100,
      minEpochs: 2,
      eta: 2,
      now: () => clock,
      onEvent: (event) => events.push(event),
      trainTrial: async (config, epochs) => {
        clock += (30 + epochs) * 1000;
        return { valAccuracy: config.quality, valLoss: 1 - config.quality, fixedSeconds: 30 };
      },
    });
    // Rung 0 took 64 s; rung 1 (4 epochs) needs 34 s of the 36 left. Counting the setup as per-epoch
    // cost (16 s/epoch) would have predicted 64 s and skipped it.
    expect(result.budgetExhausted).toBe(false);
    expect(result.winner.id).toBe("a");
    expect(result.winner.rungs.map((r) => r.epochs)).toEqual([2, 4]);
    expect(result.elapsedSeconds).toBe(98);
    expect(events.filter((e) => e.type === "budget-exhausted")).toEqual([]);
  });
});
