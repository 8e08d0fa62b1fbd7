// AUTO runs through a real trainer daemon on the shipped sample: the search measures the version,
// trains its trials as runs of their own under the AUTO run, keeps to the budget, retrains the best
// trial by validation as the AUTO run itself, spends the budget left on more seeds of the winner,
// keeps the best model by validation, and a cancel of the AUTO run stops its trials.

import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { createTestDatabase, type TestDatabase } from "@headstart/db/testing";
import { ENSEMBLE_AVERAGE_LAYER, importModel, initBackend, predict, sha256Hex } from "@headstart/ml-core";
import { enqueueRun, parseRunConfig, readModelBundle, requestCancel } from "@headstart/runs";
import { createBlobStore, type FsBlobStore } from "@headstart/storage";
import { createSampleVersion, type SampleVersion, startTrainer, type TrainerProcess } from "@headstart/trainer/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AutoSummary } from "../src/auto-run/auto-search.ts";
import { ensembleMargin, MIN_SEED_EPOCH_SHARE } from "../src/auto-run/final-model.ts";

let database: TestDatabase;
let dataDir: string;
let blobs: FsBlobStore;
let sample: SampleVersion;
let trainer: TrainerProcess;

const BUDGET_SECONDS = 240;

beforeAll(async () => {
  database = await createTestDatabase();
  dataDir = await mkdtemp(path.join(os.tmpdir(), "headstart-auto-test-"));
  blobs = createBlobStore(dataDir);
  // 2 × (16 train + 8 val + 4 test) real Fashion-MNIST images: small enough for 2 cores.
  sample = await createSampleVersion(database.prisma, blobs, { train: 16, val: 8, test: 4 });
  trainer = await startTrainer("auto-1", { databaseUrl: database.url, dataDir, timing: "daemon-defaults" });
});

afterAll(async () => {
  trainer?.kill("SIGKILL");
  await trainer?.exited;
  await database?.drop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

async function enqueueAuto(auto: Record<string, number>): Promise<string> {
  const config = parseRunConfig({ strategy: "AUTO", auto, seed: 5 });
  const { id } = await enqueueRun(database.prisma, { ...sample, config, name: "auto" });
  return id;
}

async function waitFor<T>(what: string, probe: () => Promise<T | null>, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== null) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}\n${trainer.output().slice(-3000)}`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

describe("AUTO runs", () => {
  it("searches with trial runs under the AUTO run, within the budget, and retrains the best trial by validation", async () => {
    const runId = await enqueueAuto({ budgetSeconds: BUDGET_SECONDS, maxTrials: 2, minEpochs: 1, eta: 2 });
    const run = await waitFor(
      "the AUTO run to finish",
      async () => {
        const row = await database.prisma.run.findUniqueOrThrow({ where: { id: runId } });
        return ["SUCCEEDED", "FAILED", "CANCELLED"].includes(row.status) ? row : null;
      },
      (BUDGET_SECONDS + 120) * 1000,
    );
    expect(run.error).toBeNull();
    expect(run.status).toBe("SUCCEEDED");

    // The budget covers measuring, the search and the retrain; saving the model is allowed a little over.
    const wall = (run.finishedAt!.getTime() - run.startedAt!.getTime()) / 1000;
    expect(wall).toBeLessThan(BUDGET_SECONDS * 1.1);

    const trials = await database.prisma.run.findMany({ where: { parentRunId: runId }, orderBy: { createdAt: "asc" } });
    const summary = run.autoSummary as unknown as AutoSummary;
    expect(trials.length).toBeGreaterThanOrEqual(2);
    expect(summary.trials.map((t) => t.runId).sort()).toEqual(trials.map((t) => t.id).sort());
    // Every trial is a real run: its own epochs and figures, finished, in the AUTO run's team and version.
    for (const trial of trials) {
      expect(trial.versionId).toBe(sample.versionId);
      expect(["SUCCEEDED", "CANCELLED"]).toContain(trial.status);
      if (trial.status === "SUCCEEDED") {
        expect(await database.prisma.epochMetric.count({ where: { runId: trial.id } })).toBeGreaterThan(0);
        expect((trial.metrics as { valAccuracy: number }).valAccuracy).toBeGreaterThan(0);
      }
    }
    // Both first-rung trials (distinct recipes) trained.
    const firstRung = summary.trials.filter((t) => t.rung === 0);
    expect(new Set(firstRung.map((t) => t.trialId)).size).toBe(2);

    // The winner is the best finished trial by validation accuracy at the highest rung reached.
    // (The rows of extra seeds, trained after the search, are not part of it.)
    const finished = summary.trials.filter((t) => t.status === "finished" && !t.trialId.includes("~seed"));
    const top = Math.max(...finished.map((t) => t.rung));
    const finalists = finished.filter((t) => t.rung === top);
    const bestAccuracy = Math.max(...finalists.map((t) => t.valAccuracy!));
    expect(summary.winner).not.toBeNull();
    expect(summary.winner!.valAccuracy).toBe(bestAccuracy);
    const winnerRun = trials.find((t) => t.id === summary.winner!.runId)!;
    expect((winnerRun.metrics as { valAccuracy: number }).valAccuracy).toBe(bestAccuracy);
    if (summary.winner!.reason.includes("trained in full")) {
      // The search's winner was another strategy than the recommended recipe (first in the first rung),
      // so that recipe also trained in full, one rung up, and validated better: it is the winner.
      const full = summary.trials.find((t) => t.runId === summary.winner!.runId)!;
      expect(full.trialId).toBe(firstRung[0]!.trialId);
      expect(full.rung).toBe(top);
      expect(full.verdict).toBe("winner");
      const searchWinner = summary.trials.find((t) => t.verdict === "promoted" && t.rung === top - 1)!;
      expect(searchWinner.trialId).not.toBe(full.trialId);
      expect(full.valAccuracy!).toBeGreaterThan(searchWinner.valAccuracy!);
      expect(full.epochs).toBeGreaterThan(searchWinner.epochs);
    } else {
      expect(summary.winner!.reason).toMatch(/won with validation accuracy/);
    }

    // The AUTO run itself is the retrained winner: its config's recipe, its own epochs, figures and baseline.
    expect(summary.retrain!.epochs).toBeGreaterThanOrEqual(1);
    const metrics = run.metrics as { valAccuracy: number; testAccuracy: number; baseline: { valAccuracy: number } };
    expect(metrics.valAccuracy).toBeGreaterThan(0);
    expect(metrics.testAccuracy).toBeGreaterThan(0);
    expect(metrics.baseline.valAccuracy).toBeGreaterThan(0.5);
    // The AUTO run keeps the best by validation of its retrain, the winning trial and the extra seeds
    // of the winner trained with the budget the retrain left; its own figures are the kept model's.
    const final = summary.final!;
    const compared = final.compared.filter((c) => c.valAccuracy !== null).map((c) => c.valAccuracy!);
    expect(final.compared[0].label).toBe("retrain");
    expect(final.compared[1].runId).toBe(summary.winner!.runId);
    expect(final.compared[1].valAccuracy).toBe(bestAccuracy);
    if (final.source === "ensemble") {
      // The ensemble is kept unless a single model validates better by more than the split's noise.
      const valImages = await database.prisma.image.count({ where: { datasetId: sample.datasetId, split: "VAL" } });
      const singles = final.compared.filter((c) => c.label !== final.label && c.valAccuracy !== null);
      expect(Math.max(...singles.map((c) => c.valAccuracy!))).toBeLessThanOrEqual(
        final.valAccuracy! + ensembleMargin(valImages),
      );
    } else {
      expect(final.valAccuracy).toBe(Math.max(...compared));
    }
    expect(metrics.valAccuracy).toBe(final.valAccuracy);
    expect(summary.winner!.reason).toContain(final.note);
    const seeds = summary.trials.filter((t) => t.trialId.includes("~seed"));
    const partner = summary.partner ?? null;
    // A kernel head's retrain fits every labelled image and validates by leave-one-out; with nothing
    // left to vary it has no extra runs of its own (only a partner's, when there is one).
    const kernelWinner = summary.winner!.config.headKind === "kernel";
    expect(summary.retrain!.config.leaveOneOutValidation).toBe(kernelWinner);
    if (kernelWinner && !partner) expect(seeds).toEqual([]);
    else expect(seeds.length).toBeGreaterThanOrEqual(1);
    for (const seed of seeds) {
      if (partner && seed.trialId.startsWith(`${partner.trialId}~`)) {
        // The partner's recipe in full: up to its epochs, down to 70% of them.
        expect(seed.epochs).toBeGreaterThanOrEqual(Math.ceil(partner.config.epochs * MIN_SEED_EPOCH_SHARE));
        expect(seed.epochs).toBeLessThanOrEqual(partner.config.epochs);
      } else {
        // The same settings, with as many epochs as the retrain's pace fits in the time left (up to the
        // recipe's, down to 70% of the retrain's).
        expect(seed.trialId.startsWith(`${summary.winner!.trialId}~`)).toBe(true);
        expect(seed.epochs).toBeGreaterThanOrEqual(Math.ceil(summary.retrain!.epochs * MIN_SEED_EPOCH_SHARE));
        expect(seed.epochs).toBeLessThanOrEqual(summary.winner!.config.epochs);
      }
      if (seed.status === "finished") {
        // An ensemble keeps every seed it averages; otherwise only the kept seed is.
        const kept = final.source === "ensemble" || seed.runId === final.runId;
        expect(seed.verdict).toBe(kept ? "kept" : "not kept");
      }
    }
    if (final.source === "ensemble") {
      // The retrain and every finished seed, stored as ONE model whose output is the mean of theirs:
      // its own predictions (re-predicted here through the stored model), no single head.
      const finishedSeeds = seeds.filter((seed) => seed.status === "finished");
      // (Seeds trained two at a time may start, and so be listed, in either order.)
      expect(final.members![0]!.runId).toBeNull();
      expect(
        final
          .members!.slice(1)
          .map((m) => m.runId)
          .sort(),
      ).toEqual(finishedSeeds.map((seed) => seed.runId).sort());
      expect(await database.prisma.modelArtifact.count({ where: { runId, kind: "HEAD" } })).toBe(0);
      const artifact = await database.prisma.modelArtifact.findUniqueOrThrow({
        where: { runId_kind: { runId, kind: "FULL" } },
      });
      expect((artifact.manifest as { ensembleMembers: number }).ensembleMembers).toBe(final.members!.length);
      expect((artifact.manifest as { onnx: { file?: string } }).onnx.file).toBe("model.onnx");
      const files = await readModelBundle(blobs, artifact.blobKey);
      expect(Object.keys(files).sort()).toEqual(["manifest.json", "model.json", "model.onnx", "weights.bin"]);
      // Read back as a client would, on a tfjs backend of this test's own (the trainer's main thread has none).
      await initBackend("cpu");
      const classifier = await importModel({
        "model.json": files["model.json"]!,
        "weights.bin": files["weights.bin"]!,
        "manifest.json": files["manifest.json"]!,
      });
      try {
        expect(classifier.model.layers.at(-1)!.name).toBe(ENSEMBLE_AVERAGE_LAYER);
        const stored = await database.prisma.prediction.findMany({
          where: { runId, split: "TEST" },
          select: { probabilities: true, image: { select: { sha256: true } } },
        });
        const bySha = new Map(stored.map((row) => [row.image.sha256, row.probabilities]));
        const predicted = await predict(
          classifier,
          sample.testImages.map((image) => image.bytes),
        );
        predicted.forEach((prediction, i) => {
          const row = bySha.get(sha256Hex(sample.testImages[i]!.bytes))!;
          prediction.probabilities.forEach((p, c) => expect(p).toBeCloseTo(row[c]!, 4));
        });
      } finally {
        classifier.model.dispose();
      }
      const ensembleMetrics = metrics as unknown as { ensemble: { members: unknown[] } };
      expect(ensembleMetrics.ensemble.members).toHaveLength(final.members!.length);
    }
    if (final.runId !== null) {
      // A child's model was kept: the AUTO run serves the same model blobs, curves and predictions.
      const [own, child] = await Promise.all(
        [runId, final.runId].map((id) =>
          database.prisma.modelArtifact.findUniqueOrThrow({ where: { runId_kind: { runId: id, kind: "FULL" } } }),
        ),
      );
      expect(own.blobKey).toBe(child.blobKey);
      expect((metrics as unknown as { modelFromRunId: string }).modelFromRunId).toBe(final.runId);
      for (const table of ["epochMetric", "prediction"] as const) {
        const count = (id: string) =>
          (database.prisma[table] as typeof database.prisma.prediction).count({ where: { runId: id } });
        expect(await count(runId)).toBe(await count(final.runId));
      }
    }
    expect(await database.prisma.epochMetric.count({ where: { runId } })).toBeGreaterThanOrEqual(1);
    expect(await database.prisma.modelArtifact.count({ where: { runId, kind: "FULL" } })).toBe(1);
    // The measurement is stored for the version, so the next AUTO run (and the API) reuse it.
    expect(await database.prisma.configRecommendation.count({ where: { versionId: sample.versionId } })).toBe(1);
    console.log(
      `AUTO run: ${wall.toFixed(0)} s of a ${BUDGET_SECONDS}-s budget (measuring ${summary.measureSeconds.toFixed(0)} s, ` +
        `search ${summary.searchSeconds?.toFixed(0)} s); trials ${summary.trials.map((t) => `${t.trialId}@${t.epochs}: ${t.valAccuracy?.toFixed(3)} ${t.verdict}`).join(", ")}; ` +
        `retrain ${summary.retrain!.epochs} epochs; ${final.note} Test ${metrics.testAccuracy.toFixed(3)}, baseline val ${metrics.baseline.valAccuracy.toFixed(3)}`,
    );
  });

  it("cancelling the AUTO run cancels the trial it is training", async () => {
    // The scratch CNN's trial at 60 epochs: with the version's measurement stored by the test above, a
    // 2-epoch trial on this small sample finished in 0.3 s, before the cancel could reach it (it then
    // ends SUCCEEDED), and a head on fixed features (gradients, frozen MobileNet) trains 60 epochs of
    // 32 images in well under a second. The scratch CNN is among the first four candidates on small images.
    const runId = await enqueueAuto({ budgetSeconds: BUDGET_SECONDS, maxTrials: 4, minEpochs: 60, eta: 2 });
    const trial = await waitFor(
      "the scratch CNN's trial to start training",
      async () => {
        const running = await database.prisma.run.findMany({ where: { parentRunId: runId, status: "RUNNING" } });
        return running.find((run) => (run.config as { backbone?: string }).backbone === "scratch") ?? null;
      },
      120_000,
    );
    const cancelledAt = Date.now();
    expect(await requestCancel(database.prisma, runId)).toBe("CANCEL_REQUESTED");
    await waitFor(
      "the AUTO run and its trial to be CANCELLED",
      async () => {
        const rows = await database.prisma.run.findMany({ where: { id: { in: [runId, trial.id] } } });
        return rows.every((r) => r.status === "CANCELLED") ? rows : null;
      },
      60_000,
    );
    const seconds = (Date.now() - cancelledAt) / 1000;
    expect(seconds).toBeLessThan(30);
    expect(
      await database.prisma.run.count({ where: { parentRunId: runId, status: { in: ["QUEUED", "RUNNING"] } } }),
    ).toBe(0);
    console.log(`AUTO cancel: parent and trial CANCELLED ${seconds.toFixed(1)} s after the request`);
  });
});
