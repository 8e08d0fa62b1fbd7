// `run show RUN_ID [--json]`: a run's status, figures, pixel baseline, diagnosis (with the config to
// start next) and, for an AUTO run, its trial table and why the winner won. Reads the database
// in-process through the same domain functions the API's Run fields use.

import type { PrismaClient } from "@headstart/db";
import { autoSummaryOf, diagnoseStoredRun, isUuid, runBaselineOf, trialRunsOf } from "@headstart/domain";
import { type FlagSpec, hasSwitch, type ParsedArgs, UsageError } from "../args.ts";

export const RUN_SHOW_USAGE = "run show RUN_ID [--json]";
export const RUN_SHOW_FLAGS: FlagSpec = { values: [], switches: ["json"] };

const pct = (x: number | null | undefined) => (typeof x === "number" ? `${(x * 100).toFixed(1)}%` : "–");

export async function runShowCommand(prisma: PrismaClient, args: ParsedArgs, io: { out(line: string): void }) {
  // positionals[0..1] are the command's words.
  const runId = args.positionals[2];
  if (!runId || args.positionals.length > 3) throw new UsageError(`Name one run id. Usage: ${RUN_SHOW_USAGE}`);
  const run = isUuid(runId) ? await prisma.run.findUnique({ where: { id: runId.toLowerCase() } }) : null;
  if (!run) throw new UsageError(`No run ${runId}; list a team's runs in the studio or over GraphQL (runs).`);
  const metrics = (run.metrics ?? {}) as { valAccuracy?: number; testAccuracy?: number; epochs?: number };
  const baseline = runBaselineOf(run);
  const diagnosis = await diagnoseStoredRun(prisma, run);
  const auto = autoSummaryOf(run);
  const trials = auto ? await trialRunsOf(prisma, run.id) : [];

  if (hasSwitch(args, "json")) {
    io.out(
      JSON.stringify(
        {
          id: run.id,
          name: run.name,
          status: run.status,
          error: run.error,
          parentRunId: run.parentRunId,
          config: run.config,
          valAccuracy: metrics.valAccuracy ?? null,
          testAccuracy: metrics.testAccuracy ?? null,
          baseline,
          diagnosis,
          auto: auto && { ...auto, trialRuns: trials.map((t) => ({ id: t.id, name: t.name, status: t.status })) },
        },
        null,
        2,
      ),
    );
    return;
  }
  io.out(`run ${run.id}${run.name ? ` (${run.name})` : ""}: ${run.status}${run.error ? `: ${run.error}` : ""}`);
  if (run.parentRunId) io.out(`trial of AUTO run ${run.parentRunId}`);
  io.out(`validation accuracy ${pct(metrics.valAccuracy)}, test accuracy ${pct(metrics.testAccuracy)}`);
  if (baseline) {
    io.out(
      `pixel baseline (logistic regression on ${baseline.size}-px pixels): validation ${pct(baseline.valAccuracy)}, test ${pct(baseline.testAccuracy)}`,
    );
    io.out(`  ${baseline.verdict}`);
  }
  if (auto) {
    io.out(`AUTO search (${auto.phase}; budget ${auto.budgetSeconds} s${auto.budgetExhausted ? ", ran out" : ""}):`);
    for (const t of auto.trials) {
      io.out(
        `  ${t.trialId.padEnd(36)} rung ${t.rung}  ${String(t.epochs).padStart(3)} epochs  val ${pct(t.valAccuracy).padStart(6)}  ${t.verdict ?? t.status}  run ${t.runId}`,
      );
    }
    if (auto.reason) io.out(`  ${auto.reason}`);
  }
  if (run.status === "SUCCEEDED") {
    io.out(diagnosis.length === 0 ? "diagnosis: nothing to fix" : "diagnosis:");
    for (const d of diagnosis) {
      io.out(`  [${d.severity}] ${d.kind}: ${d.message}`);
      if (d.suggestedConfig) io.out(`    start this run with config: ${JSON.stringify(d.suggestedConfig)}`);
    }
  }
}
