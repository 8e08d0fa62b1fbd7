import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { fileURLToPath } from "node:url";
import { createTestDatabase, type TestDatabase } from "@headstart/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseArgs } from "../src/args.ts";
import {
  TEAM_CREATE_FLAGS,
  TOKEN_CREATE_FLAGS,
  teamCreate,
  tokenCreate,
  USER_CREATE_FLAGS,
  userCreate,
} from "../src/commands/accounts.ts";

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db?.drop();
});

const LOW_COST = 1024;

function io(password = "a long enough password") {
  const lines: string[] = [];
  return { lines, out: (line: string) => lines.push(line), readPassword: async () => password };
}

describe("user, team and token commands", () => {
  it("create the first account, its team (as OWNER) and a token that is stored only hashed", async () => {
    const output = io();
    const user = await userCreate(
      db.prisma,
      parseArgs(["user", "create", "--email", "Ada@Example.test", "--name", "Ada"], USER_CREATE_FLAGS),
      output,
      LOW_COST,
    );
    expect(user.email).toBe("ada@example.test");
    expect(user.passwordHash).toMatch(/^scrypt\$1024\$/);

    const team = await teamCreate(
      db.prisma,
      parseArgs(["team", "create", "--name", "Vision Lab", "--owner", "ada@example.test"], TEAM_CREATE_FLAGS),
      output,
    );
    expect(team.slug).toBe("vision-lab");
    const membership = await db.prisma.membership.findFirstOrThrow({ where: { teamId: team.id } });
    expect(membership).toMatchObject({ userId: user.id, role: "OWNER" });

    const issued = await tokenCreate(
      db.prisma,
      parseArgs(["token", "create", "--email", "ada@example.test", "--name", "laptop"], TOKEN_CREATE_FLAGS),
      output,
    );
    expect(output.lines.at(-1)).toBe(issued.token);
    const stored = await db.prisma.apiToken.findUniqueOrThrow({ where: { id: issued.apiToken.id } });
    expect(stored.tokenHash).toBe(createHash("sha256").update(issued.token).digest("hex"));
  });

  it("refuse weak passwords, duplicates and unknown owners with messages that say what to do", async () => {
    await expect(
      userCreate(db.prisma, parseArgs(["--email", "weak@example.test"], USER_CREATE_FLAGS), io("short"), LOW_COST),
    ).rejects.toThrow(/at least 10 characters/);
    await userCreate(db.prisma, parseArgs(["--email", "dup@example.test"], USER_CREATE_FLAGS), io(), LOW_COST);
    await expect(
      userCreate(db.prisma, parseArgs(["--email", "dup@example.test"], USER_CREATE_FLAGS), io(), LOW_COST),
    ).rejects.toThrow(/already exists/);
    await expect(
      teamCreate(db.prisma, parseArgs(["--name", "X", "--owner", "ghost@example.test"], TEAM_CREATE_FLAGS), io()),
    ).rejects.toThrow(/user create/);
    await expect(userCreate(db.prisma, parseArgs([], USER_CREATE_FLAGS), io(), LOW_COST)).rejects.toThrow(
      /Missing --email/,
    );
  });
});

describe("npm run cli", () => {
  it("creates a user end to end, reading the password from stdin, never from argv", async () => {
    const main = fileURLToPath(new URL("../src/main.ts", import.meta.url));
    const child = spawn(
      process.execPath,
      ["--import", "tsx", main, "user", "create", "--email", "cli@example.test", "--password-stdin"],
      {
        env: { ...process.env, DATABASE_URL: db.url },
        stdio: ["pipe", "pipe", "pipe"],
      },
    );
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => (stdout += chunk));
    child.stderr.on("data", (chunk) => (stderr += chunk));
    child.stdin.end("correct horse battery\n");
    const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
    expect(code, stderr).toBe(0);
    expect(stdout).toMatch(/Created user cli@example.test/);
    const user = await db.prisma.user.findUniqueOrThrow({ where: { email: "cli@example.test" } });
    expect(user.passwordHash).toMatch(/^scrypt\$131072\$/);
  });

  it("exits 4 with the service's message when the account exists (CONFLICT)", async () => {
    await db.prisma.user.create({ data: { email: "taken@example.test", passwordHash: "scrypt$x" } });
    const main = fileURLToPath(new URL("../src/main.ts", import.meta.url));
    const child = spawn(
      process.execPath,
      ["--import", "tsx", main, "user", "create", "--email", "taken@example.test", "--password-stdin"],
      { env: { ...process.env, DATABASE_URL: db.url }, stdio: ["pipe", "pipe", "pipe"] },
    );
    let stderr = "";
    child.stderr.on("data", (chunk) => (stderr += chunk));
    child.stdin.end("correct horse battery\n");
    const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
    expect(code, stderr).toBe(4);
    expect(stderr).toContain("Error (email): An account for taken@example.test already exists");
  });
});
