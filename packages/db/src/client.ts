import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "../generated/client/index.js";

/**
 * A Prisma client on the pg driver adapter (the generated client has no
 * query engine binary: `engineType = "client"`). Each call opens its own
 * connection pool; call `$disconnect()` when done.
 */
export function createPrismaClient(url: string): PrismaClient {
  return new PrismaClient({ adapter: new PrismaPg({ connectionString: url }) });
}
