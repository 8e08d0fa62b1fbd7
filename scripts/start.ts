// `npm start`: Postgres, migrations, then api, trainer and web as child
// processes with prefixed logs. One Ctrl-C (SIGINT/SIGTERM/SIGHUP) stops it
// all: services first (they hold database connections), Postgres last.
import path from "node:path";
import { fileURLToPath } from "node:url";
import { DatabaseError, migrateDatabase, type RunningDatabase, startDatabase } from "@headstart/db";
import { logger, trimPostgresPrefix } from "./lib/log.ts";
import { assertPortFree, parsePort } from "./lib/ports.ts";
import { apiHealthy, pollUntil, webServing } from "./lib/readiness.ts";
import { RunStateFile } from "./lib/run-state.ts";
import { ServiceProcess } from "./lib/service-process.ts";
import { type StartContext, services } from "./lib/services.ts";

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const DATA_ROOT = path.resolve(process.env.HEADSTART_DATA_DIR ?? path.join(REPO_ROOT, ".data"));
const STOP_GRACE_MS = 10_000;
const READY_TIMEOUT_MS = 180_000;

const say = logger("start");
const dbLog = logger("db");
const launchedAt = Date.now();
const seconds = () => ((Date.now() - launchedAt) / 1000).toFixed(1);

const state = RunStateFile.at(DATA_ROOT);
const running: ServiceProcess[] = [];
let database: RunningDatabase | undefined;
let stopping: Promise<never> | undefined;
let signals = 0;

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
    await Promise.all(running.map((service) => service.stop(STOP_GRACE_MS)));
    if (database?.embedded) {
      say("stopping Postgres");
      await database.stop().catch((error: Error) => say(`Postgres did not stop cleanly: ${error.message}`));
    }
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
  for (const service of running) service.kill();
}
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) process.on(signal, onSignal);

// Startup steps check this between themselves: a Ctrl-C during start waits
// for the current step (bounded by its own timeout) and then stops.
// Postgres' routine LOG lines (checkpoints, workers) drown the services'
// logs; warnings and errors, and the lines that say where it listens, stay.
function postgresLine(line: string): void {
  if (/^LOG: /.test(line) && !/listening on|ready to accept|shut down|shutdown request/.test(line)) return;
  dbLog(line);
}

const checkpoint = () => {
  if (stopping) throw stopping;
};

async function main(): Promise<void> {
  const apiPort = parsePort("API_PORT", 4000);
  const webPort = parsePort("WEB_PORT", 3000);
  await state.recover(say);
  state.write();
  await assertPortFree("API_PORT", apiPort);
  await assertPortFree("WEB_PORT", webPort);

  // Assigned inside the step so that a stop waiting on the step sees it.
  const db = await step(
    startDatabase({ log: (line) => postgresLine(trimPostgresPrefix(line)) }).then((started) => (database = started)),
  );
  state.setPostgres(db.pid);
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

  const ctx: StartContext = { repoRoot: REPO_ROOT, databaseUrl: db.url, apiPort, webPort };
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: db.url,
    HEADSTART_DATA_DIR: DATA_ROOT,
    API_PORT: String(apiPort),
    WEB_PORT: String(webPort),
    NEXT_TELEMETRY_DISABLED: "1",
    TURBO_TELEMETRY_DISABLED: "1",
  };
  for (const makeSpec of services) {
    const service = new ServiceProcess(makeSpec(ctx), env);
    running.push(service);
    if (service.pid !== undefined) state.setService(service.name, service.pid);
    void service.exited.then(({ code, signal }) => {
      if (stopping) return;
      void stopAll(
        1,
        `${service.name} exited unexpectedly (${signal ? `signal ${signal}` : `exit code ${code}`}); stopping everything. Its last log lines above say why.`,
      );
    });
  }

  const [apiOk, webOk] = await Promise.all([
    pollUntil(
      () => apiHealthy(apiPort),
      () => stopping !== undefined,
      READY_TIMEOUT_MS,
    ),
    pollUntil(
      () => webServing(webPort),
      () => stopping !== undefined,
      READY_TIMEOUT_MS,
    ),
  ]);
  if (stopping) return;
  if (apiOk && webOk) {
    say(
      `Headstart is up after ${seconds()} s: web http://localhost:${webPort}  GraphQL http://localhost:${apiPort}/graphql  (Ctrl-C stops everything)`,
    );
  } else {
    say(
      `still waiting after ${READY_TIMEOUT_MS / 1000} s: ${apiOk ? "" : `api health (http://localhost:${apiPort}/graphql) `}${webOk ? "" : `web (http://localhost:${webPort})`}; see the logs above`,
    );
  }
}

main().catch((error: unknown) => {
  if (stopping) return;
  const message = error instanceof DatabaseError || error instanceof Error ? error.message : String(error);
  void stopAll(1, `cannot start: ${message}`);
});
