import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";

// Handed from the global set-up (main vitest process) to the test workers,
// which inherit the environment it leaves behind.
export const ADMIN_URL_ENV = "HEADSTART_TEST_DB_ADMIN_URL";
export const TEMPLATE_ENV = "HEADSTART_TEST_DB_TEMPLATE";
export const TEST_DB_PREFIX_ENV = "HEADSTART_TEST_DB_PREFIX";

const DIR_PREFIX = "headstart-test-pg-";
const OWNER_FILE = "owner.json";

interface Owner {
  pid: number;
  startTime: string | undefined;
}

/** Field 22 of /proc/<pid>/stat: tells a live process from a reused pid. */
async function startTimeOf(pid: number): Promise<string | undefined> {
  const stat = await fs.readFile(`/proc/${pid}/stat`, "utf8").catch(() => undefined);
  // The command name (field 2) may hold spaces; fields after it never do.
  return stat?.slice(stat.lastIndexOf(")") + 2).split(" ")[19];
}

async function isAlive(owner: Owner): Promise<boolean> {
  try {
    process.kill(owner.pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EPERM") return false;
  }
  return owner.startTime === undefined || (await startTimeOf(owner.pid)) === owner.startTime;
}

export async function writeOwner(dir: string): Promise<void> {
  const owner: Owner = { pid: process.pid, startTime: await startTimeOf(process.pid) };
  await fs.writeFile(path.join(dir, OWNER_FILE), JSON.stringify(owner));
}

/**
 * A test run killed with SIGKILL leaves its throwaway server running and its
 * folder in the temp dir. The next run removes those whose owner is gone.
 */
export async function sweepAbandonedTestServers(): Promise<void> {
  const tmp = os.tmpdir();
  const names = (await fs.readdir(tmp).catch(() => [] as string[])).filter((name) => name.startsWith(DIR_PREFIX));
  for (const name of names) {
    const dir = path.join(tmp, name);
    const owner = await fs.readFile(path.join(dir, OWNER_FILE), "utf8").then(
      (text) => JSON.parse(text) as Owner,
      () => undefined,
    );
    if (!owner || (await isAlive(owner))) continue;
    const lock = await fs.readFile(path.join(dir, "pg", "postmaster.pid"), "utf8").catch(() => undefined);
    const postmaster = Number.parseInt(lock?.split("\n")[0] ?? "", 10);
    if (postmaster > 0) {
      const cmdline = await fs.readFile(`/proc/${postmaster}/cmdline`, "utf8").catch(() => "");
      if (cmdline.split("\0").includes(path.join(dir, "pg"))) {
        // Immediate shutdown: nothing in a throwaway test cluster is worth a checkpoint.
        try {
          process.kill(postmaster, "SIGQUIT");
        } catch {
          // Exited meanwhile.
        }
        for (
          let i = 0;
          i < 50 &&
          (await fs.stat(`/proc/${postmaster}`).then(
            () => true,
            () => false,
          ));
          i++
        ) {
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
      }
    }
    await fs.rm(dir, { recursive: true, force: true });
  }
}
