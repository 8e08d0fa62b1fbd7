import { describe, expect, it } from "vitest";
import { DEFAULT_RESTART_POLICY, decideRestart, type Life } from "../lib/restart-policy.ts";

/** Lives that each last `upMs` and are separated by the delay the policy chose, from t = 0. */
function crashLoop(count: number, upMs: number): { lives: Life[]; delays: number[] } {
  const lives: Life[] = [];
  const delays: number[] = [];
  let t = 0;
  for (let i = 0; i < count; i++) {
    lives.push({ startedAt: t, exitedAt: t + upMs });
    const decision = decideRestart(lives);
    if (decision.action === "give-up") break;
    delays.push(decision.delayMs);
    t += upMs + decision.delayMs;
  }
  return { lives, delays };
}

describe("decideRestart", () => {
  it("doubles the delay from 1 s for each crash of a streak", () => {
    const { delays } = crashLoop(4, 500);
    expect(delays).toEqual([1_000, 2_000, 4_000, 8_000]);
  });

  it("gives up on the fifth crash within two minutes, saying why", () => {
    const lives: Life[] = [];
    for (let i = 0; i < 5; i++) lives.push({ startedAt: i * 20_000, exitedAt: i * 20_000 + 1_000 });
    const decision = decideRestart(lives);
    expect(decision).toEqual({
      action: "give-up",
      crashesInWindow: 5,
      reason: "5 crashes within 120 s (the limit is 5)",
    });
  });

  it("caps the delay at 30 s", () => {
    // Crashes 25 s apart: never five within two minutes, so the streak grows past the cap.
    const lives: Life[] = [];
    const delays: number[] = [];
    for (let i = 0; i < 8; i++) {
      lives.push({ startedAt: i * 40_000, exitedAt: i * 40_000 + 100 });
      const decision = decideRestart(lives);
      expect(decision.action).toBe("restart");
      if (decision.action === "restart") delays.push(decision.delayMs);
    }
    expect(delays).toEqual([1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000, 30_000]);
  });

  it("starts a new streak after a life that stayed up long enough", () => {
    const lives: Life[] = [
      { startedAt: 0, exitedAt: 100 },
      { startedAt: 1_100, exitedAt: 1_200 },
      { startedAt: 3_200, exitedAt: 3_300 },
      // Up for 61 s: healthy, so this crash restarts after 1 s again (the three before it still count
      // towards the crash-loop limit).
      { startedAt: 7_300, exitedAt: 68_300 },
    ];
    expect(decideRestart(lives)).toEqual({ action: "restart", delayMs: 1_000, crashesInWindow: 4 });
    lives.push({ startedAt: 69_300, exitedAt: 200_000 });
    expect(decideRestart(lives)).toEqual({ action: "restart", delayMs: 1_000, crashesInWindow: 1 });
    lives.push({ startedAt: 201_000, exitedAt: 201_100 });
    expect(decideRestart(lives)).toMatchObject({ action: "restart", delayMs: 2_000 });
  });

  it("forgets crashes older than the window", () => {
    const lives: Life[] = [0, 1, 2, 3].map((i) => ({ startedAt: i * 1_000, exitedAt: i * 1_000 + 500 }));
    // The fifth crash comes 3 minutes later: only it is in the window.
    lives.push({ startedAt: 180_000, exitedAt: 180_500 });
    expect(decideRestart(lives)).toMatchObject({ action: "restart", crashesInWindow: 1 });
  });

  it("honours a custom policy and refuses an empty history", () => {
    const policy = { ...DEFAULT_RESTART_POLICY, initialDelayMs: 100, maxDelayMs: 250, maxCrashes: 3 };
    expect(decideRestart([{ startedAt: 0, exitedAt: 1 }], policy)).toMatchObject({ delayMs: 100 });
    expect(
      decideRestart(
        [
          { startedAt: 0, exitedAt: 1 },
          { startedAt: 2, exitedAt: 3 },
        ],
        policy,
      ),
    ).toMatchObject({ delayMs: 200 });
    expect(
      decideRestart(
        [0, 1, 2].map((i) => ({ startedAt: i, exitedAt: i })),
        policy,
      ).action,
    ).toBe("give-up");
    expect(() => decideRestart([], policy)).toThrow(/at least the crash/);
  });
});
