// Debian's chromium driven by playwright-core. Every host except localhost is
// unresolvable, which proves the studio loads nothing from the internet (no
// fonts, scripts or CDNs).
import fs from "node:fs/promises";
import path from "node:path";
import { type Browser, chromium, type Page } from "playwright-core";
import { WEB_DIR } from "./stack.ts";

export const ARTIFACTS_DIR = path.join(WEB_DIR, "test-artifacts");
const CHROMIUM = process.env.HEADSTART_CHROMIUM ?? "/usr/bin/chromium";

export async function launchBrowser(): Promise<Browser> {
  try {
    await fs.access(CHROMIUM);
  } catch {
    throw new Error(
      `No chromium at ${CHROMIUM}. Install it with \`apt-get install -y chromium\` or set HEADSTART_CHROMIUM.`,
    );
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--no-first-run",
      "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE localhost, EXCLUDE 127.0.0.1",
    ],
  });
}

/** Screenshot of the whole page at desktop width into test-artifacts/, named for the step. */
export async function screenshot(page: Page, name: string): Promise<void> {
  await fs.mkdir(ARTIFACTS_DIR, { recursive: true });
  await page.screenshot({ path: path.join(ARTIFACTS_DIR, `${name}.png`), fullPage: true });
}

/** Collects console errors and failed requests so a test can assert the page stayed clean. */
export function watchPageProblems(page: Page): string[] {
  const problems: string[] = [];
  page.on("pageerror", (err) => problems.push(`page error: ${err.message}`));
  page.on("console", (msg) => {
    // Failed resources are reported with their URL by the response listener below.
    if (msg.type() === "error" && !msg.text().startsWith("Failed to load resource"))
      problems.push(`console error: ${msg.text()}`);
  });
  page.on("response", (res) => {
    if (res.status() < 400) return;
    const line = `HTTP ${res.status()} ${res.request().method()} ${res.url()}`;
    problems.push(line);
    // The API explains its 4xx answers in the body; keep that for the failure message.
    void res.text().then(
      (body) => {
        const i = problems.indexOf(line);
        if (i >= 0)
          problems[i] = `${line}: ${body.slice(0, 300)} (request: ${res.request().postData()?.slice(0, 200) ?? ""})`;
      },
      () => undefined,
    );
  });
  page.on("requestfailed", (req) => {
    // Aborted navigations/prefetches are normal; anything else is not.
    if (req.failure()?.errorText !== "net::ERR_ABORTED")
      problems.push(`request failed: ${req.url()} ${req.failure()?.errorText}`);
  });
  return problems;
}
