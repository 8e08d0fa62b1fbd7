// Dispatches a command line to its command: the leading words pick the
// command, whose declared flags then parse the rest.

import type { PrismaClient } from "@headstart/db";
import { type FlagSpec, type ParsedArgs, parseArgs, UsageError } from "./args.ts";
import {
  type CommandIO,
  TEAM_CREATE_FLAGS,
  TEAM_CREATE_USAGE,
  TOKEN_CREATE_FLAGS,
  TOKEN_CREATE_USAGE,
  teamCreate,
  tokenCreate,
  USER_CREATE_FLAGS,
  USER_CREATE_USAGE,
  userCreate,
} from "./commands/accounts.ts";
import { IMPORT_FLAGS, IMPORT_USAGE, importCommand } from "./commands/import.ts";
import { PREDICT_FLAGS, PREDICT_USAGE, predictCommand } from "./commands/predict.ts";
import { RUN_SHOW_FLAGS, RUN_SHOW_USAGE, runShowCommand } from "./commands/run-show.ts";
import { openDatabase } from "./database.ts";
import { promptNewPassword, readPasswordFromStdin } from "./password-input.ts";

interface Command {
  usage: string;
  flags: FlagSpec;
  run(prisma: PrismaClient, args: ParsedArgs, io: CommandIO & { log(line: string): void }): Promise<unknown>;
}

// Keyed by the command's words; single-word commands take files as further positionals.
const COMMANDS: Record<string, Command> = {
  "user create": { usage: USER_CREATE_USAGE, flags: USER_CREATE_FLAGS, run: userCreate },
  "team create": { usage: TEAM_CREATE_USAGE, flags: TEAM_CREATE_FLAGS, run: teamCreate },
  "token create": { usage: TOKEN_CREATE_USAGE, flags: TOKEN_CREATE_FLAGS, run: tokenCreate },
  predict: { usage: PREDICT_USAGE, flags: PREDICT_FLAGS, run: predictCommand },
  "run show": { usage: RUN_SHOW_USAGE, flags: RUN_SHOW_FLAGS, run: runShowCommand },
  import: { usage: IMPORT_USAGE, flags: IMPORT_FLAGS, run: importCommand },
};

export const USAGE = [
  "Usage: npm run cli -- <command>",
  ...Object.values(COMMANDS).map((command) => `  ${command.usage}`),
  "The database is DATABASE_URL; else the embedded Postgres under HEADSTART_DATA_DIR (default <repo>/.data) that a running `npm start` uses; else the CLI starts that embedded server itself for the command.",
].join("\n");

export interface Output {
  out(line: string): void;
  log(line: string): void;
}

/** The command named by the leading words of argv, or undefined for none/help. */
function findCommand(argv: readonly string[]): { name: string; command: Command } | undefined {
  const two = argv.slice(0, 2).join(" ");
  if (COMMANDS[two]) return { name: two, command: COMMANDS[two] };
  const one = argv[0] ?? "";
  if (COMMANDS[one]) return { name: one, command: COMMANDS[one] };
  return undefined;
}

export async function runCommand(argv: readonly string[], output: Output): Promise<number> {
  const found = findCommand(argv);
  if (!found) {
    if (argv.length === 0 || argv[0] === "--help" || argv[0] === "-h" || argv[0] === "help") {
      output.out(USAGE);
      return 0;
    }
    const words = argv
      .filter((arg) => !arg.startsWith("-"))
      .slice(0, 2)
      .join(" ");
    throw new UsageError(`Unknown command "${words || argv[0]}".`);
  }
  const args = parseArgs(argv, found.command.flags, `"${found.name}"`);
  if (args.flags.has("help")) {
    output.out(`Usage: npm run cli -- ${found.command.usage}`);
    return 0;
  }
  const database = await openDatabase(output.log);
  try {
    await found.command.run(database.prisma, args, {
      out: output.out,
      log: output.log,
      readPassword: () => (args.flags.has("password-stdin") ? readPasswordFromStdin() : promptNewPassword()),
    });
  } finally {
    await database.close();
  }
  return 0;
}
