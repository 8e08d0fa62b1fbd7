// The CLI talks to the database directly (the first account must exist
// before anyone can sign in to the API): DATABASE_URL, or the embedded
// Postgres the start script uses, migrated if needed.
import { createPrismaClient, migrateDatabase, pendingMigrations, startDatabase, type PrismaClient } from "@headstart/db";

export interface OpenDatabase {
  prisma: PrismaClient;
  close(): Promise<void>;
}

export async function openDatabase(log: (line: string) => void): Promise<OpenDatabase> {
  const database = await startDatabase({ log });
  try {
    if ((await pendingMigrations(database.url)).length > 0) await migrateDatabase(database.url, log);
  } catch (error) {
    await database.stop();
    throw error;
  }
  const prisma = createPrismaClient(database.url);
  return {
    prisma,
    close: async () => {
      await prisma.$disconnect();
      await database.stop();
    },
  };
}
