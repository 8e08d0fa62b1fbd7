// One error type for everything that can go wrong while bringing a database
// up, so that callers (the start orchestrator, the CLI, test set-up) can print
// `message` as-is: every message says what happened and what to do about it.
export type DatabaseErrorCode =
  | "NO_POSTGRES_USER"
  | "DATA_DIR_IN_USE"
  | "DATA_DIR_UNUSABLE"
  | "PORT_IN_USE"
  | "INITDB_FAILED"
  | "SERVER_START_FAILED"
  | "CONNECTION_FAILED"
  | "MIGRATION_FAILED"
  | "TEST_SETUP_MISSING";

export class DatabaseError extends Error {
  readonly code: DatabaseErrorCode;

  constructor(code: DatabaseErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "DatabaseError";
    this.code = code;
  }
}
