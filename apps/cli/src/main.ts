// `npm run cli -- <command>`: Headstart's command line.
import { failureOf } from "./exit-status.ts";
import { runCommand, USAGE } from "./run.ts";

// stdout carries the command's output only (scripts parse `predict --json`);
// libraries log with console.log/info (ml-core names the inference engine it
// picked), so their lines go to stderr with the CLI's own progress.
const writeOut = (line: string) => process.stdout.write(`${line}\n`);
console.log = console.error;
console.info = console.error;

try {
  const code = await runCommand(process.argv.slice(2), {
    out: writeOut,
    log: (line) => console.error(line),
  });
  process.exitCode = code;
} catch (error) {
  const failure = failureOf(error, USAGE);
  console.error(failure.message);
  process.exitCode = failure.exitStatus;
}
