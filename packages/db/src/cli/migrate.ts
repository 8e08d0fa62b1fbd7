// `npm run db:migrate`: bring the database (embedded, or DATABASE_URL) up to
// the latest migration, then stop whatever was started for it.
import { DatabaseError, migrateDatabase, startDatabase } from "../index.ts";

const log = (line: string) => process.stdout.write(`[db] ${line}\n`);

async function main(): Promise<void> {
  const db = await startDatabase({ log: (line) => (/ LOG: /.test(line) ? undefined : log(line)) });
  // The embedded server runs in its own process group; a Ctrl-C here must
  // still stop it.
  const stopOnSignal = () => void db.stop().finally(() => process.exit(130));
  process.once("SIGINT", stopOnSignal);
  process.once("SIGTERM", stopOnSignal);
  try {
    await migrateDatabase(db.url, log);
    log("database is up to date");
  } finally {
    await db.stop();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(
    `[db] ${error instanceof DatabaseError ? error.message : error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
