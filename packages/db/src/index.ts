// @headstart/db: the one place that knows how to reach Postgres. It owns the
// generated Prisma client, the embedded server and the migrations.

export type {
  ApiToken,
  Dataset,
  DatasetVersion,
  EmbeddingCacheEntry,
  EpochMetric,
  Image,
  ImageLabel,
  Label,
  LabelChange,
  Membership,
  ModelArtifact,
  Prediction,
  ReviewDecision,
  Run,
  Session,
  Team,
  User,
} from "../generated/client/index.js";
export {
  ArtifactKind,
  Prisma,
  PrismaClient,
  ReviewAction,
  Role,
  RunStatus,
  Split,
  Task,
} from "../generated/client/index.js";
export { createPrismaClient } from "./client.ts";
export { DatabaseError, type DatabaseErrorCode } from "./errors.ts";
export { ListenConnection, type ListenConnectionOptions } from "./listen-connection.ts";
export { migrateDatabase, migrationNames, pendingMigrations } from "./migrate.ts";
export type { PostgresExit } from "./postgres/cluster.ts";
export { type FoundDatabase, findRunningDatabase } from "./running-database.ts";
export {
  APP_DATABASE,
  DEFAULT_PG_PORT,
  type RunningDatabase,
  type StartDatabaseOptions,
  startDatabase,
} from "./start-database.ts";
