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
    env: {
      API_PORT: String(ctx.apiPort),
      HEADSTART_WEB_ORIGINS: `http://localhost:${ctx.webPort},http://127.0.0.1:${ctx.webPort}`,
    },
  };
}

export function trainerService(ctx: StartContext): ServiceSpec {
  return { name: "trainer", ...tsNode(ctx, "apps/trainer/src/main.ts"), env: {} };
}

/**
 * The web app's own server (apps/web/server/main.ts) builds first when there
 * is no production build or the sources are newer than it (about 20–60 s on
 * 2 cores), then serves it; later starts serve the existing build at once.
 */
export function webService(ctx: StartContext): ServiceSpec {
  const base = tsNode(ctx, "apps/web/server/main.ts");
  return {
    name: "web",
    ...base,
    args: [...base.args, "--build-if-stale"],
    cwd: path.join(ctx.repoRoot, "apps/web"),
    env: { WEB_PORT: String(ctx.webPort), HEADSTART_API_URL: `http://127.0.0.1:${ctx.apiPort}` },
  };
}

export const services = [apiService, trainerService, webService];
