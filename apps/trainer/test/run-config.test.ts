// Issue 12's run settings reach training: trainConfigOf maps every one onto ml-core's TrainConfig,
// and a daemon trains a frozen head on a lower MobileNetV2 block (featureLayer) with a cosine
// schedule, label smoothing and weight decay, and the scratch CNN at its small native size.

import { enqueueRun, parseRunConfig, readModelBundle } from "@headstart/runs";
import { describe, expect, it } from "vitest";
import { trainConfigOf } from "../src/compute/attempt.ts";
import { useTrainerFixture } from "./trainer-fixture.ts";

const fixture = useTrainerFixture({
  dataDirPrefix: "headstart-trainer-config-",
  sample: { train: 20, val: 8, test: 4 },
});

describe("run config → training", () => {
  it("maps schedule, label smoothing, weight decay and the fine-tune layer decay onto ml-core's TrainConfig", () => {
    const config = parseRunConfig({
      schedule: "one-cycle",
      labelSmoothing: 0.1,
      weightDecay: 0.0005,
      fineTuneBlocks: 2,
      fineTuneLayerDecay: 0.5,
      seed: 3,
    });
    expect(trainConfigOf(config)).toMatchObject({
      schedule: "one-cycle",
      labelSmoothing: 0.1,
      weightDecay: 0.0005,
      fineTuneBlocks: 2,
      fineTuneLayerDecay: 0.5,
      endToEnd: false,
      seed: 3,
    });
    expect(trainConfigOf(parseRunConfig({ backbone: "scratch", inputSize: 32 })).endToEnd).toBe(true);
  });

  it("trains heads on a lower block (featureLayer) and the scratch CNN at 32 px", async () => {
    const { prisma: db, blobs, sample } = fixture;
    const trainer = await fixture.startTrainer("trainer-config");
    const common = { batchSize: 8, epochs: 3, augmentation: null, earlyStoppingPatience: null } as const;
    const runs = {
      block13: {
        ...common,
        inputSize: 96,
        seed: 9,
        featureLayer: "block_13",
        schedule: "cosine",
        labelSmoothing: 0.1,
        weightDecay: 0.0001,
      },
      scratch32: { ...common, backbone: "scratch", inputSize: 32, seed: 10, schedule: "one-cycle" },
    };
    const ids: Record<string, string> = {};
    for (const [name, config] of Object.entries(runs)) {
      ids[name] = (await enqueueRun(db, { ...sample, config: parseRunConfig(config) })).id;
    }
    for (const id of Object.values(ids))
      await trainer.waitForOutput(new RegExp(`run ${id}: (SUCCEEDED|FAILED);`), 240_000);

    for (const id of Object.values(ids)) {
      const run = await db.run.findUniqueOrThrow({ where: { id }, include: { epochs: true } });
      expect(run.error).toBeNull();
      expect(run.epochs).toHaveLength(3);
    }
    const manifestOf = async (runId: string) =>
      (await db.modelArtifact.findUniqueOrThrow({ where: { runId_kind: { runId, kind: "FULL" } } })).manifest as {
        inputSize: number;
        backbone: { version: string; featureSize: number };
      };
    // block_13 of MobileNetV2 is the first 160-channel block; out_relu would give 1280 features.
    const cut = await manifestOf(ids.block13!);
    expect(cut.backbone.featureSize).toBe(160);
    expect(cut.backbone.version).toMatch(/@block_13$/);
    // Its embeddings were cached at that width, apart from the full backbone's.
    const cached = await db.embeddingCacheEntry.findMany({
      select: { dims: true, backbone: true },
      distinct: ["dims"],
    });
    expect(cached.map((entry) => entry.dims)).toContain(160);
    expect((await manifestOf(ids.scratch32!)).inputSize).toBe(32);
    // The head reads 160 features: its model.json says so.
    const full = await db.modelArtifact.findUniqueOrThrow({
      where: { runId_kind: { runId: ids.block13!, kind: "HEAD" } },
    });
    const headJson = JSON.parse((await readModelBundle(blobs, full.blobKey))["model.json"]!.toString("utf8"));
    expect(JSON.stringify(headJson.modelTopology)).toContain("[null,160]");
  });
});
