// Prefixed, coloured log lines: `[api] …`, `[web] …`. Colour only on a
// terminal (and never with NO_COLOR), so piped logs stay plain text.
const COLORS: Record<string, number> = { start: 1, db: 34, api: 32, trainer: 35, web: 36 };
const useColor = process.stdout.isTTY === true && !process.env.NO_COLOR;
// Room for `[trainer-2]` (npm start --trainers N) as well.
const width = Math.max(...Object.keys(COLORS).map((name) => name.length)) + 4;

export type Logger = (line: string) => void;

export function logger(name: string, stream: NodeJS.WriteStream = process.stdout): Logger {
  const label = `[${name}]`.padEnd(width);
  const prefix = useColor ? `\x1b[${COLORS[name.replace(/-\d+$/, "")] ?? 33}m${label}\x1b[0m ` : `${label} `;
  return (line: string) => {
    stream.write(`${prefix}${line}\n`);
  };
}

/** Calls `onLine` for each complete line a child writes. */
export function forEachLine(stream: NodeJS.ReadableStream | null, onLine: Logger): void {
  if (!stream) return;
  let pending = "";
  stream.setEncoding("utf8");
  stream.on("data", (chunk: string) => {
    pending += chunk;
    const lines = pending.split(/\r?\n/);
    pending = lines.pop() ?? "";
    for (const line of lines) onLine(line);
  });
  stream.on("end", () => {
    if (pending) onLine(pending);
  });
}

// Postgres prefixes each line with a timestamp, zone and pid; [db] suffices.
const PG_PREFIX = /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d+ \S+ \[\d+\] /;
export const trimPostgresPrefix = (line: string): string => line.replace(PG_PREFIX, "");
