// `npm run chaos`: starts the real stack (npm start with 3 trainers, its own
// Postgres, a tmpfs data folder where possible) on free loopback ports, runs
// the chaos cases of issue 11, prints one line per case and one JSON summary
// line last, and stops everything it started. Exit code 1 if a case fails.
//   CHAOS_CASES=2,4   only these cases (default: 2,4,5,3,6,1, CPU hogs last)
//   CHAOS_FULL=1      the CPU-hog case at 224 px on 500 + 100 sample images, as the issue states it
//   CHAOS_VERBOSE=1   echo npm start's output
import { ALL_CASES, type CaseResult, runCase } from "./cases.ts";
import { createTeam, uploadSample } from "./client.ts";
import { ChaosStack } from "./stack.ts";

const say = (line: string) => process.stdout.write(`${line}\n`);
const started = Date.now();

function selectedCases() {
  const raw = process.env.CHAOS_CASES?.trim();
  if (!raw) return ALL_CASES;
  const ids = raw.split(",").map((part) => Number(part.trim()));
  const unknown = ids.filter((id) => !ALL_CASES.some((c) => c.id === id));
  if (unknown.length > 0) {
    throw new Error(
      `CHAOS_CASES=${raw} names unknown case(s) ${unknown.join(", ")}; the cases are ${ALL_CASES.map((c) => c.id).join(", ")}.`,
    );
  }
  return ids.map((id) => ALL_CASES.find((c) => c.id === id)!);
}

function summaryLine(results: CaseResult[], extra: Record<string, unknown>): string {
  return JSON.stringify({
    chaos: {
      passed: results.filter((r) => r.status === "pass").length,
      failed: results.filter((r) => r.status === "fail").length,
      skipped: results.filter((r) => r.status === "skip").length,
      seconds: Math.round((Date.now() - started) / 1000),
      ...extra,
      cases: results,
    },
  });
}

let stack: ChaosStack | undefined;
const results: CaseResult[] = [];

async function main(): Promise<number> {
  const cases = selectedCases();
  stack = await ChaosStack.start({ trainers: 3, tmpfsMegabytes: 1024, log: say });
  const team = await createTeam(stack);
  const { versionId } = await uploadSample(stack, team);
  for (const chaosCase of cases) {
    const result = await runCase(chaosCase, { stack, team, versionId, log: say });
    results.push(result);
    const figures = Object.entries(result.measured)
      .map(([key, value]) => `${key}=${typeof value === "object" ? JSON.stringify(value) : value}`)
      .join(" ");
    say(`chaos case ${result.id} (${result.name}): ${result.status.toUpperCase()} in ${result.seconds} s  ${figures}`);
    for (const problem of result.problems) say(`    problem: ${problem}`);
    if (result.status === "fail") {
      say("    npm start's last lines:");
      for (const line of stack.lines.slice(-25)) say(`      ${line}`);
    }
  }
  const shutdown = await stack.close();
  const cleanShutdown = shutdown.exit.code === 0 && shutdown.leftovers.length === 0;
  say(summaryLine(results, { shutdown: { npmStartExit: shutdown.exit, leftovers: shutdown.leftovers } }));
  return results.some((r) => r.status === "fail") || !cleanShutdown ? 1 : 0;
}

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    say(`${signal}: stopping the chaos stack`);
    void (stack?.close() ?? Promise.resolve()).finally(() => {
      say(summaryLine(results, { interrupted: signal }));
      process.exit(130);
    });
  });
}

main().then(
  (code) => process.exit(code),
  async (error: Error) => {
    say(`chaos: ${error.message}`);
    await stack?.close().catch(() => undefined);
    say(summaryLine(results, { error: error.message }));
    process.exit(1);
  },
);
