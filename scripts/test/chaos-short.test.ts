// The short chaos cases (2: trainer kill -9, 4: three trainers and twenty
// queued runs) against the real stack that `npm run chaos` uses: npm start
// itself with three trainers, then its Ctrl-C. Bounds are generous (a busy
// 2-core box); the assertions are the cases' outcomes and the issue's bounds.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CaseContext, queueOfTwenty, runCase, trainerKill } from "../chaos/cases.ts";
import { createTeam, uploadSample } from "../chaos/client.ts";
import { ChaosStack } from "../chaos/stack.ts";
import { isRunning } from "../lib/process-info.ts";

let stack: ChaosStack;
let ctx: CaseContext;

beforeAll(async () => {
  stack = await ChaosStack.start({ trainers: 3, log: (line) => console.log(line) });
  const team = await createTeam(stack);
  const { versionId } = await uploadSample(stack, team);
  ctx = { stack, team, versionId, log: (line) => console.log(line) };
}, 300_000);

afterAll(async () => {
  await stack?.close();
}, 120_000);

function explain(result: Awaited<ReturnType<typeof runCase>>): string {
  return `${result.problems.join("\n")}\nmeasured: ${JSON.stringify(result.measured)}\nnpm start's last lines:\n${stack.lines.slice(-30).join("\n")}`;
}

describe("chaos (short cases) over npm start --trainers 3", () => {
  it("case 2: a trainer killed with SIGKILL mid-run is restarted and the run resumes from its checkpoint", async () => {
    const result = await runCase(trainerKill, ctx);
    expect(result.status, explain(result)).toBe("pass");
    expect(result.measured).toMatchObject({ status: "SUCCEEDED", attempt: 2, epochMetrics: 25 });
  }, 300_000);

  it("case 4: three trainers execute each of twenty queued runs exactly once", async () => {
    const result = await runCase(queueOfTwenty, ctx);
    expect(result.status, explain(result)).toBe("pass");
    expect(result.measured.executedExactlyOnce).toBe(20);
  }, 620_000);

  it("Ctrl-C stops npm start and everything it started", async () => {
    const running = stack.running();
    const { exit, leftovers } = await stack.close();
    expect(exit).toEqual({ code: 0, signal: null });
    expect(leftovers).toEqual([]);
    for (const ref of Object.values(running.services)) expect(isRunning(ref)).toBe(false);
    expect(stack.has(/SIGINT: stopping everything/)).toBe(true);
    expect(stack.has(/\[start\]\s+stopped after/)).toBe(true);
  }, 120_000);
});
