import { describe, expect, it } from "vitest";
import { runConfigInputFromJson } from "@/lib/config-json.ts";

describe("runConfigInputFromJson", () => {
  it("turns run-config values into createRun's input names", () => {
    const input = runConfigInputFromJson(
      JSON.stringify({
        backbone: "scratch",
        inputSize: 32,
        optimizer: "adam",
        schedule: "one-cycle",
        augmentation: { rotation: 0, widthShift: 0.1, heightShift: 0.1, zoom: 0, horizontalFlip: true, variants: 8 },
        earlyStoppingPatience: 13,
        strategy: "MANUAL",
        featureLayer: null,
        auto: null,
      }),
    );
    expect(input).toEqual({
      backbone: "scratch",
      inputSize: 32,
      optimizer: "ADAM",
      schedule: "ONE_CYCLE",
      augmentation: { rotation: 0, widthShift: 0.1, heightShift: 0.1, zoom: 0, horizontalFlip: true, variants: 8 },
      earlyStoppingPatience: 13,
      strategy: "MANUAL",
    });
  });

  it("switches augmentation off with enabled: false and keeps a null patience (never stop early)", () => {
    const input = runConfigInputFromJson(
      JSON.stringify({
        augmentation: null,
        earlyStoppingPatience: null,
        schedule: "cosine",
        featureLayer: "block_13",
        headKind: "kernel",
      }),
    );
    expect(input).toEqual({
      headKind: "KERNEL",
      augmentation: { enabled: false },
      earlyStoppingPatience: null,
      schedule: "COSINE",
      featureLayer: "block_13",
    });
  });

  it("refuses JSON that is not an object", () => {
    expect(() => runConfigInputFromJson("[1, 2]")).toThrow(/not an object/);
  });
});
