// `npm start -- [--trainers N] [--no-web]`: parsed strictly, so a typo is an
// error that says what is accepted rather than a silently ignored flag.

export interface StartOptions {
  trainers: number;
  web: boolean;
}

export const MAX_TRAINERS = 16;
const USAGE = "usage: npm start -- [--trainers N] [--no-web]";

export class StartOptionsError extends Error {}

export function parseStartOptions(argv: readonly string[]): StartOptions {
  const options: StartOptions = { trainers: 1, web: true };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === "--no-web") {
      options.web = false;
      continue;
    }
    const inline = /^--trainers=(.*)$/.exec(arg);
    if (arg === "--trainers" || inline) {
      const raw = inline ? inline[1]! : argv[++i];
      const count = Number(raw);
      if (raw === undefined || raw === "" || !Number.isInteger(count) || count < 1 || count > MAX_TRAINERS) {
        throw new StartOptionsError(
          `--trainers needs a whole number from 1 to ${MAX_TRAINERS} (got ${raw === undefined ? "nothing" : `"${raw}"`}). ${USAGE}`,
        );
      }
      options.trainers = count;
      continue;
    }
    throw new StartOptionsError(`unknown argument "${arg}". ${USAGE}`);
  }
  return options;
}
