import fs from "node:fs";
import path from "node:path";

export interface ServiceSpec {
  name: string;
  command: string;
  args: string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
}

export interface StartContext {
  repoRoot: string;
  databaseUrl: string;
  apiPort: number;
  webPort: number;
}

// TypeScript runs directly through tsx's loader: no build step for the
// node services.
const tsNode = (ctx: StartContext, entry: string): Pick<ServiceSpec, "command" | "args" | "cwd"> => ({
  command: process.execPath,
  args: ["--import", "tsx", path.join(ctx.repoRoot, entry)],
  cwd: ctx.repoRoot,
});

export function apiService(ctx: StartContext): ServiceSpec {
  return {
    name: "api",
    ...tsNode(ctx, "apps/api/src/main.ts"),
    env: { API_PORT: String(ctx.apiPort), HEADSTART_WEB_ORIGINS: `http://localhost:${ctx.webPort},http://127.0.0.1:${ctx.webPort}` },
  };
}

export function trainerService(ctx: StartContext): ServiceSpec {
  return { name: "trainer", ...tsNode(ctx, "apps/trainer/src/main.ts"), env: {} };
}

/**
 * The web app's own server (apps/web/server/main.ts) serves the production
 * build when there is one and otherwise `next dev`, so `npm start` works
 * straight after `npm ci`. Change this function if the web app's way of
 * starting changes.
 */
export function webService(ctx: StartContext): ServiceSpec {
  const built = fs.existsSync(path.join(ctx.repoRoot, "apps/web/.next/BUILD_ID"));
  const base = tsNode(ctx, "apps/web/server/main.ts");
  return {
    name: "web",
    ...base,
    args: built ? base.args : [...base.args, "--dev"],
    cwd: path.join(ctx.repoRoot, "apps/web"),
    env: { WEB_PORT: String(ctx.webPort), HEADSTART_API_URL: `http://127.0.0.1:${ctx.apiPort}` },
  };
}

export const services = [apiService, trainerService, webService];
