export { parseArgs, UsageError, type FlagSpec, type ParsedArgs } from "./args.ts";
export { runCommand, USAGE } from "./run.ts";
export { userCreate, teamCreate, tokenCreate, type CommandIO } from "./commands/accounts.ts";
