// Issue 6's "first five minutes", timed in a real browser against a running
// stack: sign up, Load sample dataset (the two-class Fashion-MNIST sample),
// Start a run with the form's defaults untouched, watch it until SUCCEEDED.
// Budget: first trained model within 30 s of signing up, on 2 cores (issue 10's target; issue 6
// asked for 3 minutes).
//
//   npm start                        # or with API_PORT/WEB_PORT/HEADSTART_PG_PORT/HEADSTART_DATA_DIR
//   node --import tsx apps/web/bench/first-model.ts [http://localhost:3000] [--variants N]
//
// --variants N types N into the augmented-variants knob (the one default this
// script lets you vary, to see what each variant costs a first run).
//
// Prints the seconds of each step and the total, with the load average at the start and the end
// (the figure means little without it on a shared machine); exits 1 past the budget.
// Use a fresh data directory for a cold figure: a second run on the same
// sample reuses the embedding cache and is much faster.
import { loadavg } from "node:os";
import type { Page } from "playwright-core";
import { launchBrowser, screenshot, watchPageProblems } from "../test/e2e/browser.ts";

const BUDGET_S = 30;
const args = process.argv.slice(2);
const variantsFlag = args.indexOf("--variants");
const variantsOverride = variantsFlag >= 0 ? args.splice(variantsFlag, 2)[1] : undefined;
if (variantsFlag >= 0 && !/^\d+$/.test(variantsOverride ?? "")) {
  console.error("--variants needs a whole number, e.g. --variants 4");
  process.exit(2);
}
const webUrl = (args[0] ?? process.env.HEADSTART_WEB_URL ?? "http://localhost:3000").replace(/\/$/, "");

const loadAtStart = loadavg();
const started = Date.now();
const steps: { step: string; seconds: number }[] = [];
let last = started;
function lap(step: string): void {
  const now = Date.now();
  steps.push({ step, seconds: (now - last) / 1000 });
  console.log(
    `${step.padEnd(44)} ${((now - last) / 1000).toFixed(1).padStart(6)} s   (total ${((now - started) / 1000).toFixed(1)} s)`,
  );
  last = now;
}

async function journey(page: Page): Promise<{ inputSize: string; variants: string; valAcc: string }> {
  await page.goto(`${webUrl}/signup`);
  await page.getByLabel("Your name").fill("Newcomer");
  await page.getByLabel("Email").fill(`first-model-${Date.now()}@example.com`);
  await page.getByLabel("Password").fill("correct horse battery");
  await page.getByLabel("Team name").fill(`First five minutes ${Date.now()}`);
  await page.getByRole("button", { name: "Create account" }).click();
  // A fresh account lands on the (empty) datasets page.
  await page.getByTestId("team-switcher").waitFor();
  lap("sign up");

  await page.getByRole("link", { name: "Datasets" }).click();
  await page.getByRole("button", { name: "Load sample dataset" }).click();
  await page.getByRole("button", { name: "Load Fashion-MNIST: sneaker vs ankle boot" }).click();
  await page.waitForURL(/\/datasets\/[0-9a-f-]{36}\?loaded=sample/, { timeout: 120_000 });
  await page.getByTestId("sample-loaded").waitFor();
  lap("load the sample (import + freeze v1)");

  await page.getByRole("link", { name: "Start a run" }).click();
  await page.waitForURL(/\/runs\/new\?/);
  await page.waitForFunction(
    () => (document.querySelector('[data-testid="knob-inputSize"]') as HTMLInputElement | null)?.value === "96",
  );
  if (variantsOverride) await page.getByTestId("knob-variants").fill(variantsOverride);
  const inputSize = await page.getByTestId("knob-inputSize").inputValue();
  const variants = await page.getByTestId("knob-variants").inputValue();
  await page.getByRole("button", { name: "Start training" }).click();
  await page.waitForURL(/\/runs\/[0-9a-f-]{36}$/);
  lap("start a run with the defaults");

  await page.locator('[data-testid="chart-loss"] [data-series="loss"] circle').first().waitFor({ timeout: 600_000 });
  lap("first epoch on the chart (embedding done)");
  await page.getByTestId("run-status").filter({ hasText: "succeeded" }).waitFor({ timeout: 600_000 });
  lap("run SUCCEEDED");
  await page.getByTestId("final-metrics").waitFor();
  await screenshot(page, "first-model");
  const valAcc = (await page.getByTestId("final-metrics").textContent()) ?? "";
  return { inputSize, variants, valAcc };
}

const browser = await launchBrowser();
let exitCode = 0;
try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  page.setDefaultTimeout(60_000);
  const problems = watchPageProblems(page);
  const result = await journey(page);
  const total = (Date.now() - started) / 1000;
  console.log(
    `\ninput size ${result.inputSize} px, ${result.variants} augmented variants per training image${variantsOverride ? " (variants set by --variants)" : " (form defaults)"}`,
  );
  console.log(`final metrics: ${result.valAcc.replace(/\s+/g, " ").trim().slice(0, 200)}`);
  console.log(
    `sign-up → first SUCCEEDED run: ${total.toFixed(1)} s (budget ${BUDGET_S} s) ${total <= BUDGET_S ? "within budget" : "OVER BUDGET"}`,
  );
  const load = (l: number[]) => l.map((x) => x.toFixed(2)).join(" ");
  console.log(`load average (1, 5, 15 min): ${load(loadAtStart)} at the start, ${load(loadavg())} at the end`);
  if (problems.length > 0) console.log(`page problems:\n  ${problems.join("\n  ")}`);
  if (total > BUDGET_S) exitCode = 1;
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  const page = browser.contexts()[0]?.pages()[0];
  if (page) await screenshot(page, "first-model-failed").catch(() => undefined);
  exitCode = 1;
} finally {
  await browser.close();
}
process.exit(exitCode);
