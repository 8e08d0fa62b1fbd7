// Database writes that fail for a passing reason (a restart, a dropped connection, a full pool, a
// transaction that could not start in time) are retried with backoff instead of failing the run, and
// a streak of such failures is logged when it starts and when it ends rather than once per attempt.

/** Prisma error codes that describe the connection or the pool, not the statement. */
const TRANSIENT_PRISMA_CODES = new Set([
  "P1001", // can't reach the database server
  "P1002", // the server was reached but timed out
  "P1008", // operations timed out
  "P1017", // the server closed the connection
  "P2024", // timed out fetching a connection from the pool
  "P2028", // transaction API error ("Unable to start a transaction in the given time")
  "P2034", // write conflict or deadlock: the transaction can simply run again
  "P2037", // too many database connections
]);

/** Postgres SQLSTATE classes and socket errors that a retry can outlast. */
const TRANSIENT_PG_CODES = new Set(["57P01", "57P02", "57P03", "53300", "40001", "40P01"]);
const TRANSIENT_SOCKET_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE", "ENOTFOUND", "EAI_AGAIN"]);
const TRANSIENT_MESSAGES =
  /Unable to start a transaction|Transaction API error|Connection terminated|Server has closed the connection|Can't reach database server|timeout exceeded when trying to connect|Query read timeout|connection pool|Timed out fetching/i;

export function isTransientDatabaseError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === "string") {
    if (TRANSIENT_PRISMA_CODES.has(code) || TRANSIENT_PG_CODES.has(code) || TRANSIENT_SOCKET_CODES.has(code)) {
      return true;
    }
    if (code.startsWith("08")) return true; // SQLSTATE class 08: connection exception
  }
  if (error.name === "PrismaClientInitializationError") return true;
  return TRANSIENT_MESSAGES.test(error.message);
}

/**
 * Logs the first failure of a streak and the recovery, with how many failed and for how long, so a
 * ten-minute outage is two lines rather than one per beat.
 */
export class FailureStreak {
  private failures = 0;
  private since = 0;

  constructor(
    private readonly what: string,
    private readonly log: (message: string) => void,
  ) {}

  get failing(): boolean {
    return this.failures > 0;
  }

  failed(error: unknown, retrying: string): void {
    this.failures += 1;
    if (this.failures === 1) {
      this.since = Date.now();
      this.log(`${this.what} failed (${(error as Error)?.message ?? String(error)}); ${retrying}`);
    }
  }

  succeeded(): void {
    if (this.failures === 0) return;
    this.log(
      `${this.what} works again after ${this.failures} failed ${this.failures === 1 ? "try" : "tries"} ` +
        `over ${((Date.now() - this.since) / 1000).toFixed(1)} s`,
    );
    this.failures = 0;
  }
}

export interface RetryOptions {
  /** Names the write in the log. */
  what: string;
  log: (message: string) => void;
  /** Give up (rethrowing the last error) once this much time has passed. */
  deadlineMs?: number;
  firstDelayMs?: number;
  maxDelayMs?: number;
  /** Stops retrying (rethrowing the last error) once the caller no longer needs the write. */
  shouldStop?: () => boolean;
}

/** Runs `write`, retrying transient database errors with exponential backoff; anything else is thrown at once. */
export async function retryTransient<T>(write: () => Promise<T>, options: RetryOptions): Promise<T> {
  const deadline = Date.now() + (options.deadlineMs ?? 60_000);
  const streak = new FailureStreak(options.what, options.log);
  let delay = options.firstDelayMs ?? 250;
  for (;;) {
    try {
      const result = await write();
      streak.succeeded();
      return result;
    } catch (error) {
      if (!isTransientDatabaseError(error) || Date.now() + delay > deadline || options.shouldStop?.()) throw error;
      streak.failed(error, `retrying with backoff for up to ${Math.round((deadline - Date.now()) / 1000)} s`);
      await new Promise((resolve) => setTimeout(resolve, delay));
      delay = Math.min(delay * 2, options.maxDelayMs ?? 5000);
    }
  }
}
