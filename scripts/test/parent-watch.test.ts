// npm start's parent watch on a real process tree: a shell (as npm's `sh -c`) runs a watching child;
// SIGKILL to the shell leaves the child orphaned, and it must notice and exit on its own.
import { spawn } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const FIXTURE = path.join(path.dirname(fileURLToPath(import.meta.url)), "fixtures", "parent-watch-child.ts");

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe("watchParent", () => {
  it("stops a process whose parent shell was killed, and not before", async () => {
    // `; true` keeps the shell from exec-ing node in its place, as npm's `sh -c` does not either.
    const shell = spawn("sh", ["-c", `"${process.execPath}" --import tsx "${FIXTURE}"; true`], {
      stdio: ["ignore", "pipe", "inherit"],
    });
    const lines: string[] = [];
    const seen = (pattern: RegExp, timeoutMs: number) =>
      new Promise<RegExpMatchArray>((resolve, reject) => {
        const check = () => {
          for (const line of lines) {
            const match = line.match(pattern);
            if (match) return resolve(match);
          }
          if (Date.now() > end)
            return reject(new Error(`no line matching ${pattern} within ${timeoutMs} ms: ${lines}`));
          setTimeout(check, 50);
        };
        const end = Date.now() + timeoutMs;
        check();
      });
    shell.stdout.setEncoding("utf8").on("data", (chunk: string) => lines.push(...chunk.split("\n").filter(Boolean)));

    const [, child, parent] = await seen(/^child (\d+) of (\d+)$/, 30_000);
    expect(Number(parent)).toBe(shell.pid);
    // Its parent alive, it keeps running.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(alive(Number(child))).toBe(true);

    shell.kill("SIGKILL");
    await seen(new RegExp(`^lost parent ${shell.pid}$`), 10_000);
    const end = Date.now() + 10_000;
    while (alive(Number(child)) && Date.now() < end) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(alive(Number(child))).toBe(false);
  });
});
