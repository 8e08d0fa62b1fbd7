// The data loop in chromium against a real stack (no trainer: the run and its
// 10,000 images are synthetic rows, written the way the trainer writes them,
// with clustered synthetic embeddings in the shared embedding cache): the
// review page shows the run's label-issue estimates, pages with "More" and a
// bulk relabel is undone in one click; the
// embedding map renders 10,000 points without page errors, and a lasso
// selection is relabelled (then another moved to the test split) and exactly
// those images change; the dataset's own map renders from the version's cached
// embeddings; images uploaded without a label go through the label queue,
// accepted with the keyboard.
import { createHash } from "node:crypto";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, screenshot, watchPageProblems } from "./browser.ts";
import { sampleImages } from "./sample-images.ts";
import { type Stack, startStack } from "./stack.ts";

const POINTS = 10_000;
const DIMS = 8;

let stack: Stack;
let browser: Browser;
let page: Page;
let problems: string[];
let runId: string;
let datasetId: string;
let labelIssueCounts: { flagged: number; scored: number };
const imageIds: string[] = [];

function failWithLogs(error: unknown): never {
  throw new Error(
    `${error instanceof Error ? error.message : String(error)}\n\nServer logs:\n${stack.logs().slice(-6000)}`,
  );
}

/** Little-endian float32, as the embedding cache stores vectors. */
function vectorBytes(values: number[]): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(values.length * 4);
  const view = new DataView(bytes.buffer);
  values.forEach((v, i) => view.setFloat32(i * 4, v, true));
  return bytes;
}

/** Draws a lasso through the given corners (fractions of the canvas) and returns how many points it selected. */
async function lasso(corners: [number, number][]): Promise<number> {
  const box = (await page.getByTestId("embedding-map").boundingBox())!;
  await page.mouse.move(box.x + box.width * corners[0]![0], box.y + box.height * corners[0]![1]);
  await page.mouse.down();
  for (const [fx, fy] of corners.slice(1)) {
    await page.mouse.move(box.x + box.width * fx, box.y + box.height * fy, { steps: 8 });
  }
  await page.mouse.up();
  const text = (await page.getByTestId("map-selection").textContent()) ?? "";
  return Number(/(\d+) selected/.exec(text)?.[1] ?? 0);
}

/** Writes a dataset of POINTS images in two clusters, a frozen version, a finished run with predictions, and cached embeddings. */
async function seed(teamId: string): Promise<void> {
  const { prisma } = stack.db;
  const dataset = await prisma.dataset.create({
    data: {
      teamId,
      name: "synthetic map",
      task: "BINARY",
      labels: {
        create: [
          { name: "left", position: 0 },
          { name: "right", position: 1 },
        ],
      },
    },
    include: { labels: true },
  });
  datasetId = dataset.id;
  const labelId = new Map(dataset.labels.map((l) => [l.name, l.id]));
  const rows = Array.from({ length: POINTS }, (_, i) => {
    const sha256 = createHash("sha256").update(`synthetic-${i}`).digest("hex");
    // Two clusters along the first axis; the second and third axes spread the points out.
    // Uploaded per label, as people do. 60/40, so the map's orientation is known: the projection puts
    // the heavier tail (the smaller cluster) on the positive side, i.e. "right" on the right.
    const side = i < POINTS * 0.6 ? "left" : "right";
    const angle = (i * 2.399963) % (2 * Math.PI);
    const radius = ((i * 7919) % 1000) / 1000;
    const vector = Array.from({ length: DIMS }, (_, d) =>
      d === 0
        ? side === "left"
          ? -3
          : 3
        : d === 1
          ? radius * Math.cos(angle)
          : d === 2
            ? radius * Math.sin(angle)
            : 0.01 * ((i + d) % 7),
    );
    return { sha256, side, vector, split: i % 10 === 0 ? "VAL" : "TRAIN" };
  });
  const images = rows.map((row) => ({
    datasetId,
    sha256: row.sha256,
    width: 1,
    height: 1,
    byteSize: 1,
    mime: "image/png",
    blobKey: row.sha256,
    split: row.split as "TRAIN" | "VAL",
  }));
  await prisma.image.createMany({ data: images });
  const stored = await prisma.image.findMany({ where: { datasetId }, select: { id: true, sha256: true } });
  const idOf = new Map(stored.map((s) => [s.sha256, s.id]));
  for (const row of rows) imageIds.push(idOf.get(row.sha256)!);
  await prisma.imageLabel.createMany({
    data: rows.map((row, i) => ({ imageId: imageIds[i]!, labelId: labelId.get(row.side)! })),
  });
  const version = await prisma.datasetVersion.create({
    data: {
      datasetId,
      number: 1,
      imageCount: POINTS,
      snapshot: {
        format: 1,
        task: "BINARY",
        labels: ["left", "right"],
        images: rows.map((row, i) => ({
          id: imageIds[i]!,
          sha256: row.sha256,
          blobKey: row.sha256,
          split: row.split,
          labels: [row.side],
        })),
      },
    },
  });
  // The label-issue estimates as the trainer stores them beside its flags (every 97th training image).
  const trainCount = rows.filter((row) => row.split === "TRAIN").length;
  const flaggedCount = rows.filter((row, i) => row.split === "TRAIN" && i % 97 === 0).length;
  const run = await prisma.run.create({
    data: {
      teamId,
      datasetId,
      versionId: version.id,
      config: {},
      status: "SUCCEEDED",
      finishedAt: new Date(),
      metrics: {
        labelIssues: {
          candidates: flaggedCount,
          scored: trainCount,
          folds: 5,
          flagged: flaggedCount,
          scoreThreshold: 0.25,
          estimatedIssues: 140.2,
          estimatedErrors: 88.6,
          estimatedPrecision: 0.84,
          estimatedRecall: 0.79,
          members: ["embedding_head", "pixel_lr"],
          memberWeights: [0.6, 0.4],
        },
      },
    },
  });
  labelIssueCounts = { flagged: flaggedCount, scored: trainCount };
  runId = run.id;
  await prisma.prediction.createMany({
    data: rows.map((row, i) => ({
      runId,
      imageId: imageIds[i]!,
      split: row.split as "TRAIN" | "VAL",
      givenLabel: row.side,
      // Every 50th image is a mistake, every 97th training image a flagged label.
      predictedLabel: i % 50 === 0 ? (row.side === "left" ? "right" : "left") : row.side,
      probability: 0.9,
      probabilities: row.side === "left" ? [0.9, 0.1] : [0.1, 0.9],
      correct: i % 50 !== 0,
      labelIssueScore: row.split === "TRAIN" ? (i % 97) / 97 : null,
      labelIssueRank: null,
      labelIssueFlagged: row.split === "TRAIN" && i % 97 === 0,
    })),
  });
  await prisma.embeddingCacheEntry.createMany({
    data: rows.map((row) => ({
      key: `synthetic@1/96px/none/features/original/${row.sha256}`,
      backbone: "synthetic@1",
      dims: DIMS,
      vector: vectorBytes(row.vector),
    })),
    skipDuplicates: true,
  });
}

beforeAll(async () => {
  stack = await startStack();
  browser = await launchBrowser();
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  page = await context.newPage();
  page.setDefaultTimeout(30_000);
  problems = watchPageProblems(page);
  await page.goto(`${stack.webUrl}/team`);
  await page.getByRole("link", { name: "Create an account" }).click();
  await page.getByLabel("Your name").fill("Grace");
  await page.getByLabel("Email").fill(`grace-${Date.now()}@example.com`);
  await page.getByLabel("Password").fill("correct horse battery");
  await page.getByLabel("Team name").fill("Map lab");
  await page.getByRole("button", { name: "Create account" }).click();
  await page.waitForURL(/\/team$/);
  const team = await stack.db.prisma.team.findFirstOrThrow({ where: { name: "Map lab" } });
  await seed(team.id);
});

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

describe("the data loop in the studio", () => {
  it("pages a review section with More, bulk-relabels a selection and undoes it", async () => {
    try {
      await page.goto(`${stack.webUrl}/runs/${runId}/review?class=left`);
      // The run's label-issue estimates head the page: the cut, its score and the estimated errors.
      const estimates = page.getByTestId("label-issue-estimates");
      await estimates.waitFor();
      expect(await estimates.getByTestId("label-issue-cut").textContent()).toContain(
        `${labelIssueCounts.flagged} of ${labelIssueCounts.scored.toLocaleString("en")} training images flagged`,
      );
      expect(await estimates.getByTestId("label-issue-threshold").textContent()).toBe("0.250");
      expect(await estimates.getByTestId("label-issue-estimated-errors").textContent()).toBe("89");
      expect(await estimates.textContent()).toContain("84.0%");
      expect(await estimates.textContent()).toContain("embedding_head 0.60, pixel_lr 0.40");
      const section = page.getByTestId("review-mostConfident");
      await section.getByTestId("review-item").first().waitFor();
      const before = await section.getByTestId("review-item").count();
      await section.getByTestId("review-mostConfident-more").click();
      await page.waitForFunction(
        (n) => document.querySelectorAll('[data-testid="review-mostConfident"] [data-testid="review-item"]').length > n,
        before,
      );
      const items = section.getByTestId("review-item");
      const ids = [
        await items.nth(0).getAttribute("data-image-id"),
        await items.nth(1).getAttribute("data-image-id"),
      ] as string[];
      await items.nth(0).getByTestId("review-select").check();
      await items.nth(1).getByTestId("review-select").check();
      await section.getByLabel("Relabel the selection to").selectOption("right");
      await section.getByTestId("bulk-relabel").click();
      await section.locator('[data-testid="review-item"][data-decision="RELABEL"]').nth(1).waitFor();
      const labelsOf = async () =>
        (
          await stack.db.prisma.imageLabel.findMany({
            where: { imageId: { in: ids } },
            include: { label: true },
          })
        ).map((l) => l.label.name);
      expect(await labelsOf()).toEqual(["right", "right"]);
      await page.getByTestId("review-undo").click();
      await page.getByTestId("review-undone").filter({ hasText: "bulk action on 2 images" }).waitFor();
      expect(await labelsOf()).toEqual(["left", "left"]);
      await screenshot(page, "32-review-undo");
    } catch (error) {
      failWithLogs(error);
    }
  });

  it("draws 10,000 points on the embedding map and relabels a lasso selection", async () => {
    try {
      await page.goto(`${stack.webUrl}/runs/${runId}/map`);
      const canvas = page.getByTestId("embedding-map");
      await canvas.waitFor({ timeout: 60_000 });
      expect(await canvas.getAttribute("data-points")).toBe(String(POINTS));
      await screenshot(page, "30-embedding-map");
      const box = (await canvas.boundingBox())!;
      // Hovering a dense spot shows a thumbnail card.
      await page.mouse.move(box.x + box.width * 0.1, box.y + box.height * 0.5);
      // Lasso: a rectangle over the left fifth of the canvas (the "left" cluster's side).
      // Its top quarter only: a few hundred to a thousand images keep the bulk relabel short on CI.
      const corners: [number, number][] = [
        [0.01, 0.01],
        [0.2, 0.01],
        [0.2, 0.25],
        [0.01, 0.25],
        [0.01, 0.02],
      ];
      await page.mouse.move(box.x + box.width * corners[0]![0], box.y + box.height * corners[0]![1]);
      await page.mouse.down();
      for (const [fx, fy] of corners.slice(1)) {
        await page.mouse.move(box.x + box.width * fx, box.y + box.height * fy, { steps: 8 });
      }
      await page.mouse.up();
      const selection = page.getByTestId("map-selection");
      const text = (await selection.textContent()) ?? "";
      const chosen = Number(/(\d+) selected/.exec(text)?.[1] ?? 0);
      expect(chosen).toBeGreaterThan(0);
      expect(chosen).toBeLessThan(POINTS);
      const relabelledFrom = new Date();
      await page.getByTestId("map-relabel-to").selectOption("right");
      await page.getByTestId("map-relabel").click();
      await page.getByTestId("map-done").waitFor({ timeout: 120_000 });
      await screenshot(page, "31-embedding-map-relabelled");
      // Exactly the lassoed images changed: each with a review decision and an audit row.
      const { prisma } = stack.db;
      const decisions = await prisma.reviewDecision.findMany({
        where: { runId, undoneAt: null, createdAt: { gte: relabelledFrom } },
        select: { imageId: true },
      });
      expect(decisions).toHaveLength(chosen);
      const changes = await prisma.labelChange.findMany({
        where: { imageId: { in: decisions.map((d) => d.imageId) }, createdAt: { gte: relabelledFrom } },
      });
      // The lasso held the "left" cluster only, so every chosen image moved from left to right.
      expect(changes).toHaveLength(chosen);
      expect(changes.every((c) => c.from[0] === "left" && c.to[0] === "right")).toBe(true);
      const nowRight = await prisma.imageLabel.count({
        where: { imageId: { in: decisions.map((d) => d.imageId) }, label: { name: "right" } },
      });
      expect(nowRight).toBe(chosen);
    } catch (error) {
      failWithLogs(error);
    }
  });

  it("moves a lasso selection on the run's map to the test split, one audited decision each", async () => {
    try {
      await page.goto(`${stack.webUrl}/runs/${runId}/map`);
      await page.getByTestId("embedding-map").waitFor({ timeout: 60_000 });
      // The bottom quarter of the left side: other images than the relabel test's lasso.
      const chosen = await lasso([
        [0.01, 0.75],
        [0.2, 0.75],
        [0.2, 0.99],
        [0.01, 0.99],
        [0.01, 0.76],
      ]);
      expect(chosen).toBeGreaterThan(0);
      expect(chosen).toBeLessThan(POINTS);
      const movedFrom = new Date();
      await page.getByTestId("map-move-to").selectOption("TEST");
      await page.getByTestId("map-move").click();
      await page.getByTestId("map-done").filter({ hasText: "Moved to TEST" }).waitFor({ timeout: 120_000 });
      const { prisma } = stack.db;
      const decisions = await prisma.reviewDecision.findMany({
        where: { runId, action: "MOVE_SPLIT", createdAt: { gte: movedFrom } },
        select: { imageId: true, newSplit: true, previousSplit: true, userId: true },
      });
      expect(decisions).toHaveLength(chosen);
      expect(decisions.every((d) => d.newSplit === "TEST" && d.previousSplit !== null && d.userId !== null)).toBe(true);
      expect(await prisma.image.count({ where: { id: { in: decisions.map((d) => d.imageId) }, split: "TEST" } })).toBe(
        chosen,
      );
    } catch (error) {
      failWithLogs(error);
    }
  });

  it("draws the dataset's own map from the version's cached embeddings and audits a lasso exclusion", async () => {
    try {
      await page.goto(`${stack.webUrl}/datasets/${datasetId}`);
      await page.getByTestId("dataset-map-link").click();
      await page.waitForURL(new RegExp(`/datasets/${datasetId}/map$`));
      const canvas = page.getByTestId("embedding-map");
      await canvas.waitFor({ timeout: 60_000 });
      expect(await canvas.getAttribute("data-points")).toBe(String(POINTS));
      await screenshot(page, "33-dataset-embedding-map");
      // A lasso here is audited like one on the run's map: review decisions of the version's latest
      // finished run (the seeded run), one per image, and Undo takes the batch back.
      const chosen = await lasso([
        [0.8, 0.01],
        [0.99, 0.01],
        [0.99, 0.25],
        [0.8, 0.25],
        [0.8, 0.02],
      ]);
      expect(chosen).toBeGreaterThan(0);
      const excludedFrom = new Date();
      await page.getByRole("button", { name: "Exclude" }).click();
      await page.getByTestId("map-done").filter({ hasText: "Excluded" }).waitFor({ timeout: 120_000 });
      const { prisma } = stack.db;
      const decisions = await prisma.reviewDecision.findMany({
        where: { runId, action: "EXCLUDE", createdAt: { gte: excludedFrom } },
        select: { imageId: true, userId: true, previousExcluded: true, batchId: true },
      });
      expect(decisions).toHaveLength(chosen);
      expect(decisions.every((d) => d.userId !== null && d.previousExcluded === false)).toBe(true);
      const ids = decisions.map((d) => d.imageId);
      expect(await prisma.image.count({ where: { id: { in: ids }, excluded: true } })).toBe(chosen);
      await page.getByTestId("map-undo").click();
      await page.getByTestId("map-done").filter({ hasText: "Undone" }).waitFor({ timeout: 60_000 });
      expect(await prisma.image.count({ where: { id: { in: ids }, excluded: true } })).toBe(0);
    } catch (error) {
      failWithLogs(error);
    }
  });

  it("queues images uploaded without a label and labels them from the keyboard", async () => {
    try {
      await page.goto(`${stack.webUrl}/datasets/${datasetId}`);
      const files = sampleImages("train", "sneaker", 2);
      const uploadedFrom = new Date();
      await page.getByTestId("upload-label").selectOption(".unlabeled");
      await page.getByTestId("upload-split").selectOption("TRAIN");
      await page.getByTestId("file-input").setInputFiles(files);
      await page.getByTestId("upload-summary").filter({ hasText: "2 stored" }).waitFor({ timeout: 60_000 });
      const { prisma } = stack.db;
      const unlabeled = await prisma.image.findMany({
        where: { datasetId, labels: { none: {} }, createdAt: { gte: uploadedFrom } },
        orderBy: { createdAt: "asc" },
      });
      expect(unlabeled).toHaveLength(2);
      // Suggestions as suggestLabels writes them from a finished run (this stack has no trainer to
      // produce a model): the first image torn (small margin, so first in the queue), suggested "right".
      await prisma.labelSuggestion.createMany({
        data: unlabeled.map((image, k) => ({
          imageId: image.id,
          datasetId,
          runId,
          suggestedLabel: "right",
          confidence: k === 0 ? 0.55 : 0.9,
          margin: k === 0 ? 0.1 : 0.8,
          entropy: k === 0 ? 0.69 : 0.33,
          probabilities: k === 0 ? [0.45, 0.55] : [0.1, 0.9],
        })),
      });
      await page.getByTestId("label-queue-link").click();
      const item = page.getByTestId("queue-item");
      await item.waitFor();
      expect(await item.getAttribute("data-image-id")).toBe(unlabeled[0]!.id);
      // The suggestion is pre-selected: Enter accepts it.
      await page.locator('[data-testid="queue-label"][data-label="right"][aria-pressed="true"]').waitFor();
      await page.keyboard.press("Enter");
      await page.locator(`[data-testid="queue-item"][data-image-id="${unlabeled[1]!.id}"]`).waitFor();
      // The number keys pick another label: 1 = "left", then Enter.
      await page.keyboard.press("1");
      await page.locator('[data-testid="queue-label"][data-label="left"][aria-pressed="true"]').waitFor();
      await page.keyboard.press("Enter");
      await page.getByTestId("queue-empty").waitFor();
      await screenshot(page, "34-label-queue-done");
      const labelOf = async (imageId: string) =>
        (await prisma.imageLabel.findMany({ where: { imageId }, include: { label: true } })).map((l) => l.label.name);
      expect(await labelOf(unlabeled[0]!.id)).toEqual(["right"]);
      expect(await labelOf(unlabeled[1]!.id)).toEqual(["left"]);
      // Each label has its audit row, as a relabel does.
      const changes = await prisma.labelChange.findMany({ where: { imageId: { in: unlabeled.map((i) => i.id) } } });
      expect(changes.map((c) => c.to[0]).sort()).toEqual(["left", "right"]);
    } catch (error) {
      failWithLogs(error);
    }
  });

  it("logged no page errors or failed requests", () => {
    // Synthetic images have no blobs: their thumbnails answer 404, which is expected here.
    expect(problems.filter((p) => !/thumbnails|images\/|404/.test(p))).toEqual([]);
  });
});
