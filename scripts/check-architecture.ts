// `npm run lint`'s second half: the import rules ARCHITECTURE.md states, checked on every
// tracked source file, so the dependency graph in the docs cannot drift from the code.
//   1. No relative import leaves its workspace (export what others need instead).
//   2. A workspace imports another only through a dependency it declares, and only in the
//      direction the layering below allows (ml-core <- domain <- api/trainer/cli; web talks
//      GraphQL only, its tests may boot the stack through the packages' testing entries).
//   3. Only the API turns errors into GraphQL errors: nothing else imports GraphQLError.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

/** Which workspaces each workspace may import (in source and tests alike). */
export const ALLOWED: Record<string, readonly string[]> = {
  "@headstart/ml-core": [],
  "@headstart/storage": [],
  "@headstart/db": [],
  "@headstart/runs": ["@headstart/db", "@headstart/storage"],
  "@headstart/domain": ["@headstart/db", "@headstart/ml-core", "@headstart/runs", "@headstart/storage"],
  "@headstart/api": [
    "@headstart/domain",
    "@headstart/db",
    "@headstart/ml-core",
    "@headstart/runs",
    "@headstart/storage",
    "@headstart/trainer",
  ],
  "@headstart/trainer": ["@headstart/db", "@headstart/ml-core", "@headstart/runs", "@headstart/storage"],
  "@headstart/cli": [
    "@headstart/domain",
    "@headstart/db",
    "@headstart/ml-core",
    "@headstart/runs",
    "@headstart/storage",
  ],
  "@headstart/web": ["@headstart/db", "@headstart/trainer", "@headstart/ml-core"],
  "@headstart/bench": [
    "@headstart/db",
    "@headstart/ml-core",
    "@headstart/runs",
    "@headstart/storage",
    "@headstart/domain",
  ],
  "@headstart/scripts": ["@headstart/db", "@headstart/ml-core"],
};

/** Importers that reach another workspace only from tests (never from src). */
const TEST_ONLY: Record<string, readonly string[]> = {
  "@headstart/api": ["@headstart/trainer"],
  "@headstart/web": ["@headstart/db", "@headstart/trainer", "@headstart/ml-core"],
};

interface Workspace {
  name: string;
  dir: string;
  declared: Set<string>;
}

function workspaces(): Workspace[] {
  const root = JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8")) as { workspaces: string[] };
  const dirs = execFileSync("git", ["ls-files", "--", ...root.workspaces.map((w) => `${w}/package.json`)], {
    cwd: ROOT,
    encoding: "utf8",
  })
    .split("\n")
    .filter(Boolean)
    .map((file) => path.dirname(file));
  return dirs.map((dir) => {
    const pkg = JSON.parse(readFileSync(path.join(ROOT, dir, "package.json"), "utf8")) as {
      name: string;
      dependencies?: Record<string, string>;
      devDependencies?: Record<string, string>;
    };
    return { name: pkg.name, dir, declared: new Set(Object.keys({ ...pkg.dependencies, ...pkg.devDependencies })) };
  });
}

const IMPORT =
  /(?:^|[^.\w])(?:import|export)\s*(?:type\s+)?(?:[\w*{}\s,$]+\s+from\s+)?["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)/g;

export interface Problem {
  file: string;
  message: string;
}

export function checkFile(file: string, source: string, owner: Workspace, all: Workspace[]): Problem[] {
  const problems: Problem[] = [];
  const isTest = /(^|\/)(test|bench)\//.test(path.relative(owner.dir, file));
  for (const match of source.matchAll(IMPORT)) {
    const specifier = match[1] ?? match[2];
    if (!specifier) continue;
    if (specifier.startsWith(".")) {
      const target = path.relative(ROOT, path.resolve(ROOT, path.dirname(file), specifier));
      if (target.startsWith("..") || !(`${target}/`.startsWith(`${owner.dir}/`) || owner.dir === ".")) {
        problems.push({
          file,
          message: `imports "${specifier}", which leaves ${owner.dir}/: import the other workspace by its package name and export what is needed there`,
        });
      }
      continue;
    }
    const name = specifier.startsWith("@") ? specifier.split("/").slice(0, 2).join("/") : specifier.split("/")[0];
    if (name.startsWith("@headstart/") && name !== owner.name) {
      if (!all.some((w) => w.name === name)) {
        problems.push({ file, message: `imports ${name}, which is no workspace` });
      } else if (!(ALLOWED[owner.name] ?? []).includes(name)) {
        problems.push({
          file,
          message: `imports ${name}, against the layering in ARCHITECTURE.md (${owner.name} may import ${(ALLOWED[owner.name] ?? []).join(", ") || "no workspace"})`,
        });
      } else if ((TEST_ONLY[owner.name] ?? []).includes(name) && !isTest) {
        problems.push({ file, message: `imports ${name} outside its tests; ${owner.name} may use it in tests only` });
      } else if (!owner.declared.has(name)) {
        problems.push({ file, message: `imports ${name} without declaring it in ${owner.dir}/package.json` });
      }
    }
    if (name === "graphql" && owner.name !== "@headstart/api" && /\bGraphQLError\b/.test(match[0])) {
      problems.push({
        file,
        message:
          "imports GraphQLError: only apps/api maps errors to GraphQL; throw an AppError from @headstart/domain instead",
      });
    }
  }
  // A path string that climbs out to another workspace's folder (fixtures, entry files) is the same
  // coupling as a relative import, only invisible to the bundler: export a constant from there instead.
  for (const match of source.matchAll(/["'`]((?:\.\.\/)+(?:packages|apps)\/[^"'`]*)["'`]/g)) {
    const target = path.relative(ROOT, path.resolve(ROOT, path.dirname(file), match[1]));
    if (!target.startsWith("..") && !`${target}/`.startsWith(`${owner.dir}/`)) {
      problems.push({
        file,
        message: `names the path "${match[1]}" in another workspace: export what is needed from there (e.g. SAMPLE_DATA_DIR from @headstart/ml-core)`,
      });
    }
  }
  return problems;
}

function main(): void {
  const all = workspaces().sort((a, b) => b.dir.length - a.dir.length);
  const files = execFileSync("git", ["ls-files", "--cached", "--others", "--exclude-standard"], {
    cwd: ROOT,
    encoding: "utf8",
  })
    .split("\n")
    .filter((f) => /\.(ts|tsx|mts|mjs|js)$/.test(f) && !f.includes("node_modules/"));
  const problems: Problem[] = [];
  for (const file of files) {
    const owner = all.find((w) => file.startsWith(`${w.dir}/`));
    if (!owner) continue;
    let source: string;
    try {
      source = readFileSync(path.join(ROOT, file), "utf8");
    } catch {
      continue; // deleted in the working tree but still in the index
    }
    problems.push(...checkFile(file, source, owner, all));
  }
  for (const p of problems) console.error(`${p.file}: ${p.message}`);
  if (problems.length > 0) {
    console.error(`check-architecture: ${problems.length} import(s) break the rules in ARCHITECTURE.md`);
    process.exit(1);
  }
  console.log(`check-architecture: ${files.length} files, imports follow ARCHITECTURE.md`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
