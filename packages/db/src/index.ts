// @headstart/db: the one place that knows how to reach Postgres. It owns the
// generated Prisma client, the embedded server and the migrations.
export { PrismaClient, Prisma, Role, Task, Split, RunStatus, ReviewAction, ArtifactKind } from "../generated/client/index.js";
export type {
  Team,
  User,
  Membership,
  Session,
  ApiToken,
  Dataset,
  Label,
  Image,
  ImageLabel,
  LabelChange,
  DatasetVersion,
  Run,
  EpochMetric,
  ModelArtifact,
  Prediction,
  ReviewDecision,
  EmbeddingCacheEntry,
} from "../generated/client/index.js";
export { createPrismaClient } from "./client.ts";
export { findRunningDatabase, type FoundDatabase } from "./running-database.ts";
export { startDatabase, DEFAULT_PG_PORT, APP_DATABASE, type StartDatabaseOptions, type RunningDatabase } from "./start-database.ts";
export { migrateDatabase, pendingMigrations, migrationNames } from "./migrate.ts";
export { DatabaseError, type DatabaseErrorCode } from "./errors.ts";
