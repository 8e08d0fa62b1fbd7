// The CLI talks to the database directly (the first account must exist
// before anyone can sign in to the API). Which database, in order:
//  1. DATABASE_URL, when set;
//  2. the embedded Postgres a running `npm start` serves from the data
//     folder (the README has newcomers run `user create` beside it, and a
//     second server cannot open a folder that one already uses);
//  3. otherwise that embedded Postgres, started for this command and
//     stopped after it.
// Migrated if needed in every case.
import {
  createPrismaClient,
  DatabaseError,
  findRunningDatabase,
  migrateDatabase,
  type PrismaClient,
  pendingMigrations,
  startDatabase,
} from "@headstart/db";

export interface OpenDatabase {
  prisma: PrismaClient;
  close(): Promise<void>;
}

interface Connection {
  url: string;
  stop(): Promise<void>;
}

async function connect(log: (line: string) => void): Promise<Connection> {
  if (process.env.DATABASE_URL) {
    const database = await startDatabase({ log });
    return { url: database.url, stop: () => database.stop() };
  }
  const useRunning = async (): Promise<Connection | undefined> => {
    const running = await findRunningDatabase();
    if (!running) return undefined;
    log(`using the embedded Postgres already running on ${running.dataDir} (pid ${running.pid}, port ${running.port})`);
    // Someone else's server: leave it running.
    return { url: running.url, stop: async () => {} };
  };
  const found = await useRunning();
  if (found) return found;
  try {
    const database = await startDatabase({ log });
    return { url: database.url, stop: () => database.stop() };
  } catch (error) {
    // `npm start` may have started the server between the look and our start.
    if (error instanceof DatabaseError && error.code === "DATA_DIR_IN_USE") {
      const raced = await useRunning();
      if (raced) return raced;
    }
    throw error;
  }
}

export async function openDatabase(log: (line: string) => void): Promise<OpenDatabase> {
  const connection = await connect(log);
  try {
    if ((await pendingMigrations(connection.url)).length > 0) await migrateDatabase(connection.url, log);
  } catch (error) {
    await connection.stop();
    throw error;
  }
  const prisma = createPrismaClient(connection.url);
  return {
    prisma,
    close: async () => {
      await prisma.$disconnect();
      await connection.stop();
    },
  };
}
