import os from "node:os";
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
  /** How many trainer processes (`--trainers N`). */
  trainers: number;
  /** TRAINER_HEALTH_PORT as given: trainer i (from 0) serves its health endpoint on this + i; undefined = off. */
  trainerHealthPort: number | undefined;
  /** false with `--no-web` (a headless server, the chaos suite). */
  web: boolean;
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

/**
 * Trainer `slot` (0-based) of `ctx.trainers`. Each gets a TRAINER_ID of its own that stays the same
 * across its restarts (the runs list shows which slot trained a run), and its own health port.
 */
export function trainerService(ctx: StartContext, slot: number): ServiceSpec {
  const name = ctx.trainers === 1 ? "trainer" : `trainer-${slot + 1}`;
  // A TRAINER_ID given to npm start names the (first) trainer, as it did before --trainers.
  const base = process.env.TRAINER_ID?.trim() || `${os.hostname()}-trainer`;
  const env: NodeJS.ProcessEnv = { TRAINER_ID: ctx.trainers === 1 ? base : `${base}-${slot + 1}` };
  if (ctx.trainerHealthPort !== undefined && ctx.trainerHealthPort > 0)
    env.TRAINER_HEALTH_PORT = String(ctx.trainerHealthPort + slot);
  return { name, ...tsNode(ctx, "apps/trainer/src/main.ts"), env };
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

/** Every service `npm start` runs for `ctx`, in start order. */
export function servicesFor(ctx: StartContext): ServiceSpec[] {
  const trainers = Array.from({ length: ctx.trainers }, (_, slot) => trainerService(ctx, slot));
  return [apiService(ctx), ...trainers, ...(ctx.web ? [webService(ctx)] : [])];
}
