// What a bench part does when it is run alone (`node --import tsx bench/<part>.ts`) rather than from
// `npm run bench`: print each figure as it comes, then one JSON summary line last, like the whole bench.
import path from "node:path";
import { fileURLToPath } from "node:url";

export type Report = (key: string, value: unknown, note?: string) => void;

/** Whether the module at `moduleUrl` is the script node was started with. */
export function isMain(moduleUrl: string): boolean {
  return Boolean(process.argv[1]) && path.resolve(process.argv[1]!) === fileURLToPath(moduleUrl);
}

/** Runs `part` with a printing report, the summary seeded with `first`, and prints the summary last. */
export async function runStandalone(part: (report: Report) => Promise<void>, first: Record<string, unknown> = {}) {
  const summary: Record<string, unknown> = { ...first };
  const report: Report = (key, value, note = "") => {
    summary[key] = value;
    console.log(
      `${key}: ${typeof value === "number" ? value.toFixed(3) : JSON.stringify(value)}${note ? `  (${note})` : ""}`,
    );
  };
  await part(report);
  console.log(JSON.stringify(summary));
}
