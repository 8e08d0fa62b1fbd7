export { type FlagSpec, type ParsedArgs, parseArgs, UsageError } from "./args.ts";
export { type CommandIO, teamCreate, tokenCreate, userCreate } from "./commands/accounts.ts";
export { runCommand, USAGE } from "./run.ts";
