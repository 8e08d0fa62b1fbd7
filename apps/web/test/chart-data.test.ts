import { describe, expect, it } from "vitest";
import {
  bestEpoch,
  type EpochPoint,
  epochSeries,
  epochTicks,
  linePath,
  mergeEpochs,
  niceCeil,
  niceStep,
  ticks,
  xDomain,
  yDomain,
} from "@/lib/chart-data.ts";

const e = (epoch: number, loss: number, valAcc: number | null, phase = "head"): EpochPoint => ({
  epoch,
  phase,
  loss,
  acc: 1 - loss / 2,
  valLoss: valAcc === null ? null : loss * 1.1,
  valAcc,
});

describe("mergeEpochs", () => {
  it("keeps one point per epoch, the newest winning, in epoch order", () => {
    const shown = [e(1, 0.9, 0.6), e(2, 0.7, 0.7)];
    // A late subscriber's replay overlaps what the query returned, and a
    // resumed run re-reports epoch 2 with new numbers.
    const merged = mergeEpochs(shown, [e(3, 0.5, 0.8), e(2, 0.65, 0.72), e(1, 0.9, 0.6)]);
    expect(merged.map((p) => p.epoch)).toEqual([1, 2, 3]);
    expect(merged[1].loss).toBe(0.65);
  });

  it("returns the same list when nothing new arrives, so React skips a re-render", () => {
    const shown = [e(1, 0.9, 0.6)];
    expect(mergeEpochs(shown, [])).toBe(shown);
  });
});

describe("epochSeries", () => {
  it("splits train (solid) and validation (dashed) loss and accuracy", () => {
    const { loss, accuracy, fineTuneStartsAt } = epochSeries([e(2, 0.5, 0.8), e(1, 1, 0.5)]);
    expect(loss.map((s) => [s.key, s.dashed ?? false])).toEqual([
      ["loss", false],
      ["valLoss", true],
    ]);
    expect(loss[0].points).toEqual([
      { x: 1, y: 1 },
      { x: 2, y: 0.5 },
    ]);
    expect(accuracy[1].points.map((p) => p.y)).toEqual([0.5, 0.8]);
    expect(fineTuneStartsAt).toBeNull();
  });

  it("drops a validation series that has no values yet and marks where fine-tuning starts", () => {
    const { loss, fineTuneStartsAt } = epochSeries([e(1, 1, null), e(2, 0.8, null, "finetune")]);
    expect(loss.map((s) => s.key)).toEqual(["loss"]);
    expect(fineTuneStartsAt).toBe(2);
  });

  it("turns a diverged (NaN) loss into a gap, not a point", () => {
    const { loss } = epochSeries([e(1, 1, 0.5), e(2, Number.NaN, 0.5), e(3, 0.5, 0.6)]);
    expect(loss[0].points[1]).toEqual({ x: 2, y: null });
  });
});

describe("domains and ticks", () => {
  it("pins accuracy to [0, 1] and rounds the loss ceiling up to a nice number", () => {
    const { loss, accuracy } = epochSeries([e(1, 2.31, 0.4), e(2, 1.2, 0.6)]);
    expect(yDomain(accuracy, "accuracy")).toEqual({ min: 0, max: 1 });
    // The highest value drawn is the val loss 2.31 * 1.1 = 2.541.
    expect(yDomain(loss, "loss")).toEqual({ min: 0, max: 3 });
  });

  it("rounds axis ceilings up tightly and tick steps to 1, 2, 2.5 or 5 times a power of ten", () => {
    expect([0.07, 0.3, 1, 1.01, 2.2, 4, 7.5, 64].map(niceCeil)).toEqual([0.08, 0.3, 1, 1.2, 2.5, 4, 8, 80]);
    expect([0.07, 0.3, 1, 1.01, 2.2, 4, 7.5, 64].map(niceStep)).toEqual([0.1, 0.5, 1, 2, 2.5, 5, 10, 100]);
    expect(niceCeil(0)).toBe(1);
  });

  it("keeps the planned epochs as the x frame so a live chart grows into it", () => {
    const { loss } = epochSeries([e(1, 1, 0.5), e(2, 0.8, 0.6)]);
    expect(xDomain(loss, 10)).toEqual({ min: 1, max: 10 });
    expect(xDomain([], 0)).toEqual({ min: 1, max: 2 });
  });

  it("produces round ticks and thins epoch ticks", () => {
    expect(ticks({ min: 0, max: 1 }, 5)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(ticks({ min: 0, max: 2.5 }, 5)).toEqual([0, 0.5, 1, 1.5, 2, 2.5]);
    expect(epochTicks({ min: 1, max: 10 })).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(epochTicks({ min: 1, max: 50 }, 5)).toEqual([1, 11, 21, 31, 41]);
  });
});

describe("linePath", () => {
  const frame = { width: 100, height: 50, x: { min: 1, max: 3 }, y: { min: 0, max: 1 } };

  it("maps data to SVG coordinates with y growing downwards", () => {
    expect(
      linePath(
        [
          { x: 1, y: 0 },
          { x: 3, y: 1 },
        ],
        frame,
      ),
    ).toBe("M0,50L100,0");
  });

  it("lifts the pen over gaps", () => {
    expect(
      linePath(
        [
          { x: 1, y: 0 },
          { x: 2, y: null },
          { x: 3, y: 0.5 },
        ],
        frame,
      ),
    ).toBe("M0,50M100,25");
  });
});

describe("bestEpoch", () => {
  it("picks the highest val accuracy, breaking ties by lower val loss", () => {
    const best = bestEpoch([e(1, 1, 0.8), e(2, 0.5, 0.8), e(3, 0.7, 0.7), e(4, 0.4, null)]);
    expect(best?.epoch).toBe(2);
    expect(bestEpoch([e(1, 1, null)])).toBeNull();
  });
});
