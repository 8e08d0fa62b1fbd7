// Dispatches a parsed command line to its command.
import { UsageError, type ParsedArgs } from "./args.ts";
import { teamCreate, TEAM_CREATE_USAGE, tokenCreate, TOKEN_CREATE_USAGE, userCreate, USER_CREATE_USAGE } from "./commands/accounts.ts";
import { IMPORT_USAGE, importCommand } from "./commands/import.ts";
import { PREDICT_USAGE, predictCommand } from "./commands/predict.ts";
import { openDatabase } from "./database.ts";
import { promptNewPassword, readPasswordFromStdin } from "./password-input.ts";

export const USAGE = [
  "Usage: npm run cli -- <command>",
  `  ${USER_CREATE_USAGE}`,
  `  ${TEAM_CREATE_USAGE}`,
  `  ${TOKEN_CREATE_USAGE}`,
  `  ${PREDICT_USAGE}`,
  `  ${IMPORT_USAGE}`,
  "The database is DATABASE_URL, or the embedded Postgres under HEADSTART_DATA_DIR (default <repo>/.data).",
].join("\n");

export interface Output {
  out(line: string): void;
  log(line: string): void;
}

export async function runCommand(args: ParsedArgs, output: Output): Promise<number> {
  const [group, action] = args.positionals;
  // Single-word commands take files as further positionals.
  const command = group === "predict" || group === "import" ? group : `${group ?? ""} ${action ?? ""}`.trim();
  const commands: Record<string, typeof userCreate | typeof teamCreate | typeof tokenCreate | typeof predictCommand | typeof importCommand> = {
    "user create": userCreate,
    "team create": teamCreate,
    "token create": tokenCreate,
    predict: predictCommand,
    import: importCommand,
  };
  const handler = commands[command];
  if (!handler) {
    if (command === "" || args.flags.has("help")) {
      output.out(USAGE);
      return 0;
    }
    throw new UsageError(`Unknown command "${command}".`);
  }
  const database = await openDatabase(output.log);
  try {
    await handler(database.prisma, args, {
      out: output.out,
      log: output.log,
      readPassword: () => (args.flags.has("password-stdin") ? readPasswordFromStdin() : promptNewPassword()),
    });
  } finally {
    await database.close();
  }
  return 0;
}
