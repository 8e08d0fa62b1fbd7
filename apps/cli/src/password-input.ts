// Passwords never come from argv (shell history, `ps`): they are typed at a
// prompt with echo off, or piped in with --password-stdin.
import { createInterface } from "node:readline";

export async function readPasswordFromStdin(stdin: NodeJS.ReadableStream = process.stdin): Promise<string> {
  const lines = createInterface({ input: stdin, terminal: false });
  for await (const line of lines) {
    lines.close();
    return line;
  }
  throw new Error(
    '--password-stdin was given but stdin was empty; pipe the password in, e.g. `printf %s "$PW" | npm run cli -- …`.',
  );
}

/** Prompts twice with echo off; needs a terminal. */
export async function promptNewPassword(): Promise<string> {
  if (!process.stdin.isTTY) {
    throw new Error("No terminal to prompt for a password: pass --password-stdin and pipe it in.");
  }
  const first = await promptHidden("Password: ");
  const second = await promptHidden("Repeat password: ");
  if (first !== second) throw new Error("The two passwords differ; run the command again.");
  return first;
}

function promptHidden(question: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const stdin = process.stdin;
    process.stdout.write(question);
    stdin.setRawMode(true);
    stdin.resume();
    let value = "";
    const onData = (chunk: Buffer) => {
      for (const char of chunk.toString("utf8")) {
        if (char === "\r" || char === "\n") {
          finish();
          resolve(value);
          return;
        }
        if (char === "\u0003") {
          finish();
          reject(new Error("Cancelled."));
          return;
        }
        if (char === "\u007f") value = value.slice(0, -1);
        else value += char;
      }
    };
    const finish = () => {
      stdin.off("data", onData);
      stdin.setRawMode(false);
      stdin.pause();
      process.stdout.write("\n");
    };
    stdin.on("data", onData);
  });
}
