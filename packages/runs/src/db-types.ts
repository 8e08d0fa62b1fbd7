import type { Prisma, PrismaClient } from "@headstart/db";

/** The full client: needed where this package opens its own transactions. */
export type Db = PrismaClient;

/** Inside a transaction (or the client itself) for single statements. */
export type DbTx = Prisma.TransactionClient;
