// `npm start`: Postgres, migrations, then api, trainer(s) and web as child
// processes with prefixed logs, each supervised: one that exits on its own is
// restarted with backoff, and given up on after a crash loop (lib/supervisor.ts).
// One Ctrl-C (SIGINT/SIGTERM/SIGHUP) stops it all: services first (they hold
// database connections), Postgres last; a second one kills the services at once.
// So does the end of npm itself (lib/parent-watch.ts).
import path from "node:path";
import { fileURLToPath } from "node:url";
import { DatabaseError, migrateDatabase, startDatabase } from "@headstart/db";
import { logger, trimPostgresPrefix } from "./lib/log.ts";
import { watchParent } from "./lib/parent-watch.ts";
import { assertPortFree, parsePort } from "./lib/ports.ts";
import { postgresInstance, postgresUnit } from "./lib/postgres-unit.ts";
import { apiHealthy, pollUntil, webServing } from "./lib/readiness.ts";
import { RunStateFile } from "./lib/run-state.ts";
import { ServiceProcess } from "./lib/service-process.ts";
import { type ServiceSpec, type StartContext, servicesFor } from "./lib/services.ts";
import { parseStartOptions, StartOptionsError } from "./lib/start-options.ts";
import { Supervisor, type Unit } from "./lib/supervisor.ts";

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const DATA_ROOT = path.resolve(process.env.HEADSTART_DATA_DIR ?? path.join(REPO_ROOT, ".data"));
const STOP_GRACE_MS = 10_000;
const READY_TIMEOUT_MS = 180_000;
// The API is what the studio and every script talk to: without it nothing is usable, so a crash
// loop there stops everything (as one of Postgres does). Trainers and the web studio are not.
const ESSENTIAL_SERVICES = new Set(["api"]);

const say = logger("start");
const dbLog = logger("db");
const launchedAt = Date.now();
const seconds = () => ((Date.now() - launchedAt) / 1000).toFixed(1);

const state = RunStateFile.at(DATA_ROOT);
let stopping: Promise<never> | undefined;
let signals = 0;

// The run-state file is a convenience for the next start's clean-up: a full disk must not turn a
// restart into a crash of npm start itself.
function record(what: () => void): void {
  try {
    what();
  } catch (error) {
    say(`could not update ${state.file} (${(error as Error).message}); a start after kill -9 may not clean up`);
  }
}

const supervisor = new Supervisor({
  log: say,
  stopGraceMs: STOP_GRACE_MS,
  onStarted: (name, pid) =>
    record(() => (name === "postgres" ? state.setPostgres(pid) : pid !== undefined && state.setService(name, pid))),
  onEssentialGiveUp: (reason) => void stopAll(1, `${reason}; stopping everything`),
});

// The start-up step in flight (Postgres starting, migrations running): both
// spawn processes of their own, so a stop waits for the step to settle
// rather than orphan them.
let currentStep: Promise<unknown> = Promise.resolve();
function step<T>(work: Promise<T>): Promise<T> {
  currentStep = work;
  return work;
}

function stopAll(exitCode: number, reason: string): Promise<never> {
  stopping ??= (async () => {
    say(reason);
    await currentStep.catch(() => undefined);
    await supervisor.stopAll();
    state.remove();
    say(`stopped after ${seconds()} s`);
    process.exit(exitCode);
  })();
  return stopping;
}

function onSignal(signal: NodeJS.Signals): void {
  signals += 1;
  if (signals === 1) {
    void stopAll(0, `${signal}: stopping everything (press Ctrl-C again to kill the services at once)`);
    return;
  }
  say(`${signal} again: killing the services now`);
  supervisor.killServices();
}
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) process.on(signal, onSignal);
// Under npm, a SIGTERM to npm ends it and its `sh -c` without reaching this script (lib/parent-watch.ts).
// Only under npm: a script started by hand under nohup is meant to outlive the shell that started it.
if (process.env.npm_lifecycle_event === "start") {
  watchParent((parent) => {
    if (!stopping) void stopAll(0, `npm start's process (pid ${parent}) is gone: stopping everything`);
  });
}

// Postgres' routine LOG lines (checkpoints, workers) drown the services'
// logs; warnings and errors, and the lines that say where it listens, stay.
function postgresLine(line: string): void {
  if (/^LOG: /.test(line) && !/listening on|ready to accept|shut down|shutdown request/.test(line)) return;
  dbLog(line);
}

// Startup steps check this between themselves: a Ctrl-C during start waits
// for the current step (bounded by its own timeout) and then stops.
const checkpoint = () => {
  if (stopping) throw stopping;
};

function serviceUnit(spec: ServiceSpec, env: NodeJS.ProcessEnv): Unit {
  return {
    name: spec.name,
    layer: "service",
    essential: ESSENTIAL_SERVICES.has(spec.name),
    launch: async () => new ServiceProcess(spec, env),
  };
}

async function main(): Promise<void> {
  const options = parseStartOptions(process.argv.slice(2));
  const apiPort = parsePort("API_PORT", 4000);
  const webPort = parsePort("WEB_PORT", 3000);
  const trainerHealthPort = process.env.TRAINER_HEALTH_PORT ? parsePort("TRAINER_HEALTH_PORT", 0) : undefined;
  await state.recover(say);
  state.write();
  await assertPortFree("API_PORT", apiPort);
  if (options.web) await assertPortFree("WEB_PORT", webPort);
  for (let slot = 0; trainerHealthPort !== undefined && slot < options.trainers; slot++) {
    await assertPortFree("TRAINER_HEALTH_PORT", trainerHealthPort + slot);
  }

  const pgLog = (line: string) => postgresLine(trimPostgresPrefix(line));
  const db = await step(startDatabase({ log: pgLog }));
  if (db.embedded) await supervisor.add(postgresUnit(db, say, pgLog), postgresInstance(db, say));
  checkpoint();
  dbLog(`migrating ${db.embedded ? "the embedded database" : "the DATABASE_URL database"}`);
  await step(
    migrateDatabase(db.url, (line) => {
      // The CLI's banner and adapter warnings are noise here; a failure
      // carries the full output in its error message.
      if (/migration|applied|error|└─/i.test(line)) dbLog(line.trim());
    }),
  );
  dbLog(`ready after ${seconds()} s`);
  checkpoint();

  const ctx: StartContext = {
    repoRoot: REPO_ROOT,
    databaseUrl: db.url,
    apiPort,
    webPort,
    trainers: options.trainers,
    trainerHealthPort,
    web: options.web,
  };
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: db.url,
    HEADSTART_DATA_DIR: DATA_ROOT,
    API_PORT: String(apiPort),
    WEB_PORT: String(webPort),
    NEXT_TELEMETRY_DISABLED: "1",
    TURBO_TELEMETRY_DISABLED: "1",
  };
  for (const spec of servicesFor(ctx)) await supervisor.add(serviceUnit(spec, env));

  const [apiOk, webOk] = await Promise.all([
    pollUntil(
      () => apiHealthy(apiPort),
      () => stopping !== undefined,
      READY_TIMEOUT_MS,
    ),
    options.web
      ? pollUntil(
          () => webServing(webPort),
          () => stopping !== undefined,
          READY_TIMEOUT_MS,
        )
      : true,
  ]);
  if (stopping) return;
  const trainers = options.trainers === 1 ? "1 trainer" : `${options.trainers} trainers`;
  if (apiOk && webOk) {
    say(
      `Headstart is up after ${seconds()} s: ${options.web ? `web http://localhost:${webPort}  ` : ""}GraphQL http://localhost:${apiPort}/graphql  ${trainers}  (Ctrl-C stops everything)`,
    );
  } else {
    say(
      `still waiting after ${READY_TIMEOUT_MS / 1000} s: ${apiOk ? "" : `api health (http://localhost:${apiPort}/graphql) `}${webOk ? "" : `web (http://localhost:${webPort})`}; see the logs above`,
    );
  }
}

main().catch((error: unknown) => {
  if (stopping) return;
  if (error instanceof StartOptionsError) {
    say(error.message);
    process.exit(2);
  }
  const message = error instanceof DatabaseError || error instanceof Error ? error.message : String(error);
  void stopAll(1, `cannot start: ${message}`);
});
