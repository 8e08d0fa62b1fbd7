// Flags are declared per command: switches never swallow the next token,
// value flags always need one, and anything undeclared is refused by name.
import { describe, expect, it } from "vitest";
import { parseArgs, UsageError } from "../src/args.ts";
import { IMPORT_FLAGS } from "../src/commands/import.ts";
import { PREDICT_FLAGS } from "../src/commands/predict.ts";
import { runCommand, USAGE } from "../src/run.ts";

function capture() {
  const out: string[] = [];
  const log: string[] = [];
  return { out, log, output: { out: (line: string) => out.push(line), log: (line: string) => log.push(line) } };
}

describe("parseArgs", () => {
  it("reads a switch before files as a switch, not as a flag whose value is the first file", () => {
    const args = parseArgs(["predict", "--run", "R1", "--json", "a.png", "b.png"], PREDICT_FLAGS);
    expect(args.positionals).toEqual(["predict", "a.png", "b.png"]);
    expect(args.flags.get("json")).toBe(true);
    expect(args.flags.get("run")).toBe("R1");
  });

  it("takes values as the next token or after =, and keeps files anywhere on the line", () => {
    const args = parseArgs(["import", "--team=lab", "photos", "--dataset", "Flowers", "--create"], IMPORT_FLAGS);
    expect(args.positionals).toEqual(["import", "photos"]);
    expect(Object.fromEntries(args.flags)).toEqual({ team: "lab", dataset: "Flowers", create: true });
  });

  it("treats everything after -- as files, even names that look like flags", () => {
    const args = parseArgs(["predict", "--run", "R", "--", "--json", "-x.png"], PREDICT_FLAGS);
    expect(args.positionals).toEqual(["predict", "--json", "-x.png"]);
    expect(args.flags.has("json")).toBe(false);
  });

  it("refuses unknown flags, naming the ones the command accepts", () => {
    expect(() => parseArgs(["predict", "--jsn", "a.png"], PREDICT_FLAGS, '"predict"')).toThrow(
      new UsageError('Unknown option --jsn for "predict"; it accepts --run, --json, --help.'),
    );
  });

  it("refuses a value flag without its value, a switch with one, and a flag given twice", () => {
    expect(() => parseArgs(["predict", "--run"], PREDICT_FLAGS)).toThrow(/--run needs a value/);
    expect(() => parseArgs(["predict", "--run", "--json", "a.png"], PREDICT_FLAGS)).toThrow(/--run needs a value/);
    expect(() => parseArgs(["predict", "--run="], PREDICT_FLAGS)).toThrow(/--run needs a value/);
    expect(() => parseArgs(["predict", "--json=yes"], PREDICT_FLAGS)).toThrow(/--json takes no value/);
    expect(() => parseArgs(["predict", "--run", "A", "--run", "B"], PREDICT_FLAGS)).toThrow(/--run is given twice/);
  });

  it("accepts --help and -h for every command", () => {
    expect(parseArgs(["import", "-h"], IMPORT_FLAGS).flags.get("help")).toBe(true);
    expect(parseArgs(["import", "--help"], IMPORT_FLAGS).flags.get("help")).toBe(true);
  });
});

// These stop before the database is opened, so they need none.
describe("runCommand usage handling", () => {
  it("prints the overall usage for no command or --help", async () => {
    for (const argv of [[], ["--help"], ["help"]]) {
      const { out, output } = capture();
      expect(await runCommand(argv, output)).toBe(0);
      expect(out).toEqual([USAGE]);
    }
    expect(USAGE).toMatch(/predict --run RUN_ID \[--json\] IMAGE\.\.\./);
  });

  it("prints one command's usage for `<command> --help`", async () => {
    const { out, output } = capture();
    expect(await runCommand(["predict", "--help"], output)).toBe(0);
    expect(out).toEqual(["Usage: npm run cli -- predict --run RUN_ID [--json] IMAGE..."]);
  });

  it("refuses unknown commands and a flag another command owns", async () => {
    const { output } = capture();
    await expect(runCommand(["user", "delete"], output)).rejects.toThrow(
      new UsageError('Unknown command "user delete".'),
    );
    await expect(runCommand(["team", "create", "--name", "Lab", "--password-stdin"], output)).rejects.toThrow(
      /Unknown option --password-stdin for "team create"/,
    );
  });
});
