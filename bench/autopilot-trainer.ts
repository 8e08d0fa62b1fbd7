// Issue 12's AUTO figures through the product itself: each held-out task (Fashion-MNIST's train file,
// .data/heldout) is uploaded over the multipart route with its train/val/test splits, frozen, and
// trained by a real trainer daemon as one AUTO run (createRun, strategy AUTO, the default 600-s
// budget) against a throwaway Postgres and API. The figures are the run's own: the test accuracy of
// the model it kept (chosen on validation only), its validation figure, what it kept and the trial
// table, and the wall time from createRun to SUCCEEDED. bench/autopilot.ts replays the same search
// in-process for the pixel baseline, the reference recipe and the recommended single run.
// Alone: node --import tsx bench/autopilot-trainer.ts (HEADSTART_AUTOPILOT_TASKS picks tasks).
// HEADSTART_AUTOPILOT_DUMP=dir writes, for development draws only, every trial's and the AUTO run's
// validation and test probabilities (dir/<task>.json), to study how the ensemble's members combine
// without training them again; held-out tasks are never dumped, so their test split cannot be tuned on.
import { mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import { loadavg } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type pg from "pg";
import { DEVELOPMENT_TASKS, HELDOUT_TASKS } from "./autopilot.ts";
import { type BenchTeam, createBenchTeam, createRun, type SampleFile, uploadFiles } from "./lib/runs-client.ts";
import { withRunsStack } from "./lib/runs-stack.ts";
import { isMain, type Report, runStandalone } from "./lib/standalone.ts";

const HELDOUT_DIR = path.resolve(fileURLToPath(new URL("../.data/heldout", import.meta.url)));
/** Files per upload request (the API takes up to 1,000). */
const CHUNK = 250;
const TERMINAL = new Set(["SUCCEEDED", "FAILED", "CANCELLED"]);

async function uploadTask(
  team: BenchTeam,
  task: string,
): Promise<{ versionId: string; counts: Record<string, number> }> {
  const root = path.join(HELDOUT_DIR, task);
  const labels = (await readdir(path.join(root, "train"))).sort();
  const created = await team.gql.data<{ createDataset: { id: string } }>(
    `mutation ($input: CreateDatasetInput!) { createDataset(input: $input) { id } }`,
    {
      input: {
        teamId: team.teamId,
        name: `${task}-${Date.now().toString(36)}`,
        task: labels.length === 2 ? "BINARY" : "MULTICLASS",
        labels,
      },
    },
  );
  const datasetId = created.createDataset.id;
  const counts: Record<string, number> = {};
  for (const [dir, split] of [
    ["train", "TRAIN"],
    ["val", "VAL"],
    ["test", "TEST"],
  ] as const) {
    for (const label of labels) {
      const folder = path.join(root, dir, label);
      const names = (await readdir(folder)).filter((name) => name.endsWith(".png")).sort();
      for (let from = 0; from < names.length; from += CHUNK) {
        const files: SampleFile[] = await Promise.all(
          names
            .slice(from, from + CHUNK)
            .map(async (name) => ({ label, name, bytes: await readFile(path.join(folder, name)) })),
        );
        await uploadFiles(team, datasetId, split, files);
      }
      counts[split] = (counts[split] ?? 0) + names.length;
    }
  }
  const frozen = await team.gql.data<{ freezeDatasetVersion: { id: string } }>(
    `mutation ($input: FreezeDatasetVersionInput!) { freezeDatasetVersion(input: $input) { id } }`,
    { input: { datasetId } },
  );
  return { versionId: frozen.freezeDatasetVersion.id, counts };
}

interface AutoSummaryJson {
  winner?: { trialId: string; reason: string } | null;
  final?: { label: string; note: string; compared: { label: string; valAccuracy: number | null }[] } | null;
  trials: {
    trialId: string;
    runId?: string | null;
    rung: number;
    epochs: number;
    status: string;
    valAccuracy: number | null;
    seconds: number | null;
  }[];
}

/** Every trial's and the AUTO run's VAL and TEST probabilities with their given labels (development draws only). */
async function dumpPredictions(
  sql: pg.Client,
  file: string,
  autoRunId: string,
  summary: AutoSummaryJson | null,
): Promise<void> {
  const runs = [
    { trialId: "AUTO", runId: autoRunId },
    ...(summary?.trials ?? []).flatMap((t) =>
      t.runId ? [{ trialId: `${t.trialId}@${t.epochs}`, runId: t.runId }] : [],
    ),
  ];
  type Row = { imageId: string; name: string | null; split: string; givenLabel: string; probabilities: number[] };
  const out: Record<string, Row[]> = {};
  for (const { trialId, runId } of runs) {
    const { rows } = await sql.query<Row>(
      `SELECT p."imageId", i."originalName" AS name, p.split, p."givenLabel", p.probabilities FROM "Prediction" p JOIN "Image" i ON i.id = p."imageId" WHERE p."runId" = $1 AND p.split IN ('VAL', 'TEST')`,
      [runId],
    );
    out[trialId] = rows;
  }
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, JSON.stringify(out));
}

export async function autopilotTrainerBenchmarks(report: Report): Promise<void> {
  const tasks = process.env.HEADSTART_AUTOPILOT_TASKS?.split(",")
    .map((t) => t.trim())
    .filter(Boolean) ?? [...HELDOUT_TASKS];
  const known: readonly string[] = [...HELDOUT_TASKS, ...DEVELOPMENT_TASKS];
  const unknown = tasks.filter((task) => !known.includes(task));
  if (unknown.length > 0)
    throw new Error(`HEADSTART_AUTOPILOT_TASKS: unknown task(s) ${unknown.join(", ")}; use any of ${known.join(", ")}`);
  await withRunsStack(
    (line) => console.log(line),
    async (stack) => {
      const team = await createBenchTeam(stack.api);
      const trainer = await stack.startTrainer("bench-autopilot-trainer");
      for (const task of tasks) {
        const key = `autopilot_trainer_${task.replaceAll("-", "_")}`;
        const uploaded = await uploadTask(team, task);
        const loadAtStart = loadavg()[0];
        const started = performance.now();
        const runId = await createRun(team, uploaded.versionId, `AUTO ${task}`, { strategy: "AUTO" });
        let row: { status: string; metrics: Record<string, unknown> | null; autoSummary: AutoSummaryJson | null };
        for (;;) {
          const { rows } = await stack.sql.query<typeof row>(
            'SELECT status, metrics, "autoSummary" FROM "Run" WHERE id = $1',
            [runId],
          );
          row = rows[0]!;
          if (TERMINAL.has(row.status)) break;
          await new Promise((resolve) => setTimeout(resolve, 2000));
        }
        const wall = (performance.now() - started) / 1000;
        const metrics = row.metrics ?? {};
        const summary = row.autoSummary;
        const figure = (name: string) => (typeof metrics[name] === "number" ? (metrics[name] as number) : null);
        report(
          `${key}_status`,
          row.status,
          `${uploaded.counts.TRAIN} train, ${uploaded.counts.VAL} val, ${uploaded.counts.TEST} test images`,
        );
        report(
          `${key}_auto_test_accuracy`,
          figure("testAccuracy"),
          `val ${figure("valAccuracy")?.toFixed(3) ?? "n/a"}; kept: ${summary?.final?.label ?? "?"}; ${wall.toFixed(0)} s of the 600-s budget; load ${loadAtStart.toFixed(1)} at its start, ${loadavg()[0].toFixed(1)} at its end`,
        );
        report(
          `${key}_auto_wall_seconds`,
          Math.round(wall * 10) / 10,
          "createRun -> SUCCEEDED; issue 12: at most 600 s on 2 cores",
        );
        const dumpDir = process.env.HEADSTART_AUTOPILOT_DUMP;
        if (dumpDir && (DEVELOPMENT_TASKS as readonly string[]).includes(task)) {
          await dumpPredictions(stack.sql, path.join(dumpDir, `${task}.json`), runId, summary);
        }
        report(
          `${key}_auto_trials`,
          (summary?.trials ?? []).map(
            (t) =>
              `${t.trialId} ${t.epochs} ep ${t.status} ${t.valAccuracy?.toFixed(3) ?? "-"} ${t.seconds?.toFixed(0) ?? "-"} s`,
          ),
          summary?.final?.note ?? "",
        );
      }
      await trainer.stop();
    },
  );
}

if (isMain(import.meta.url)) {
  await runStandalone(async (report) => {
    report("load_average_1m_at_start", loadavg()[0]);
    await autopilotTrainerBenchmarks(report);
  });
}
