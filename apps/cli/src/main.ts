// `npm run cli -- <command>`: Headstart's command line.
import { UsageError } from "./args.ts";
import { runCommand, USAGE } from "./run.ts";

try {
  const code = await runCommand(process.argv.slice(2), {
    out: (line) => console.log(line),
    log: (line) => console.error(line),
  });
  process.exitCode = code;
} catch (error) {
  if (error instanceof UsageError) {
    console.error(`${error.message}\n\n${USAGE}`);
    process.exitCode = 2;
  } else {
    // Service errors (GraphQLError from the shared rules) carry messages
    // written for people; anything else is shown as-is.
    console.error(`Error: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  }
}
