// `npm run cli -- <command>`: Headstart's command line.
import { failureOf } from "./exit-status.ts";
import { runCommand, USAGE } from "./run.ts";

try {
  const code = await runCommand(process.argv.slice(2), {
    out: (line) => console.log(line),
    log: (line) => console.error(line),
  });
  process.exitCode = code;
} catch (error) {
  const failure = failureOf(error, USAGE);
  console.error(failure.message);
  process.exitCode = failure.exitStatus;
}
