// A deliberately small argv parser. Each command declares its flags, because
// without that `--json a.png` is ambiguous (a switch then a file, or a flag
// with a value?): declared value flags take the next token, declared switches
// never do, and anything undeclared is a usage error naming what is accepted.
export interface FlagSpec {
  /** Flags that take a value: `--name value` or `--name=value`. */
  values?: readonly string[];
  /** Flags that take none: `--json`. */
  switches?: readonly string[];
}

export interface ParsedArgs {
  /** Every token that is not a flag, command words included (`["predict", "a.png"]`). */
  positionals: string[];
  flags: Map<string, string | true>;
}

export class UsageError extends Error {}

/** Accepted by every command; prints its usage. */
const HELP = "help";

/**
 * Parses `argv` against the flags one command accepts. `--` ends the flags,
 * so a file named `--json` can still be passed after it.
 */
export function parseArgs(argv: readonly string[], spec: FlagSpec, command = "this command"): ParsedArgs {
  const values = new Set(spec.values ?? []);
  const switches = new Set([...(spec.switches ?? []), HELP]);
  const positionals: string[] = [];
  const flags = new Map<string, string | true>();
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i]!;
    if (arg === "--") {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (arg === "-h") {
      flags.set(HELP, true);
      continue;
    }
    if (!arg.startsWith("--")) {
      positionals.push(arg);
      continue;
    }
    const [name, inline] = arg.slice(2).split(/=(.*)/s, 2) as [string, string | undefined];
    if (flags.has(name)) throw new UsageError(`--${name} is given twice; give it once.`);
    if (values.has(name)) {
      const value = inline ?? argv[i + 1];
      // A following flag is not a value: `--name --json` means the value was forgotten.
      if (value === undefined || (inline === undefined && value.startsWith("--")) || value.length === 0) {
        throw new UsageError(`--${name} needs a value: --${name} VALUE.`);
      }
      if (inline === undefined) i += 1;
      flags.set(name, value);
    } else if (switches.has(name)) {
      if (inline !== undefined) throw new UsageError(`--${name} takes no value; write just --${name}.`);
      flags.set(name, true);
    } else {
      const accepted = [...values].map((v) => `--${v}`).concat([...switches].map((s) => `--${s}`));
      throw new UsageError(`Unknown option --${name} for ${command}; it accepts ${accepted.join(", ")}.`);
    }
  }
  return { positionals, flags };
}

export function requiredFlag(args: ParsedArgs, name: string, usage: string): string {
  const value = args.flags.get(name);
  if (typeof value !== "string" || value.length === 0) throw new UsageError(`Missing --${name}. Usage: ${usage}`);
  return value;
}

export function optionalFlag(args: ParsedArgs, name: string): string | undefined {
  const value = args.flags.get(name);
  return typeof value === "string" ? value : undefined;
}

export function hasSwitch(args: ParsedArgs, name: string): boolean {
  return args.flags.get(name) === true;
}
