// The runs benchmarks (issue 5) against one throwaway stack: Postgres, the API
// process and trainer processes. `npm run bench` runs them after the ml-core
// figures; `node --import tsx bench/runs-suite.ts` runs them alone and prints
// its own JSON summary line last. Runs train at the reference 224 px (embeddings
// on ONNX Runtime); BENCH_RUN_SIZE=96 trains at 96 px for a quicker look.
import os from "node:os";
import { createBenchTeam, uploadSample } from "./lib/runs-client.ts";
import { withRunsStack } from "./lib/runs-stack.ts";
import { isMain, runStandalone } from "./lib/standalone.ts";
import { benchEpochFanOut } from "./runs-fanout.ts";
import { benchPredict } from "./runs-predict.ts";
import { benchRunTraining, type Report } from "./runs-training.ts";

const countLines = (text: string, pattern: RegExp) => text.split("\n").filter((line) => pattern.test(line)).length;

const load = () => os.loadavg().map((x) => Math.round(x * 100) / 100);

export async function runsBenchmarks(report: Report): Promise<void> {
  const inputSize = process.env.BENCH_RUN_SIZE === "96" ? 96 : 224;
  report("runs_machine", { cores: os.availableParallelism(), loadavg_1_5_15: load() }, "before the runs benchmarks");
  await withRunsStack(
    (line) => console.log(line),
    async (stack) => {
      const team = await createBenchTeam(stack.api);
      const sample = await uploadSample(team);
      report(
        "runs_sample_upload_seconds",
        Math.round(sample.uploadSeconds * 100) / 100,
        `${sample.trainCount} train + ${sample.valCount} val PNGs over the multipart upload route, then frozen`,
      );

      const trainer = await stack.startTrainer("bench-trainer");
      const training = await benchRunTraining(stack, team, sample, trainer, inputSize, report);
      // Issue 11: a busy machine once made the trainer fail its writes and the API's reaper fail its
      // passes; a full bench must print none of those lines.
      report(
        "runs_trainer_database_write_failed_lines",
        countLines(trainer.output(), /database write failed/i),
        "target 0 (trainer log during the cold and warm runs)",
      );
      // The predict and fan-out figures are taken with no idle trainer polling beside them.
      await trainer.stop();

      await benchPredict(stack, team, sample, training.cold.runId, report);
      await benchEpochFanOut(stack, team, sample, training.baseConfig, report);
      report(
        "runs_api_reaper_failed_lines",
        countLines(stack.apiOutput(), /Reaper pass failed/i),
        "target 0 (API log over the whole runs part)",
      );
      report("runs_machine_after", { loadavg_1_5_15: load() }, "after the runs benchmarks");
    },
  );
}

if (isMain(import.meta.url)) await runStandalone(runsBenchmarks);
