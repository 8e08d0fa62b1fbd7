// Slows down password guessing. Every logIn attempt is counted per account
// (the normalized email, whether or not an account uses it, so the throttle
// does not reveal which emails exist) and per client address. After a few
// free failures each further attempt opens a lock that doubles in length, up
// to a cap; attempts during a lock are refused without checking the password,
// so even the right password waits until the lock ends. A successful login
// resets the account's counter; the address counter only decays, so one
// attacker cannot clear it by logging into an account of their own.
//
// The attempt is counted before the password is checked, under a row lock,
// so parallel guesses cannot all slip through while the first ones are still
// hashing: each takes the next place in line and the ones past the free
// allowance find the lock already set.
import type { PrismaClient } from "@headstart/db";
import { AppError, AppErrorCode } from "../errors/app-error.ts";

export interface LoginThrottlePolicy {
  /** Failures per account before attempts are spaced out. */
  accountFreeFailures: number;
  /** Failures per client address before attempts are spaced out (higher: many people may share one NAT). */
  addressFreeFailures: number;
  /** The first lock; each later failure doubles it. */
  baseLockMs: number;
  /** No lock is longer than this, so a locked-out person waits minutes, not hours. */
  maxLockMs: number;
  /** A counter whose last failure is older than this starts again from zero. */
  forgetAfterMs: number;
}

export const DEFAULT_LOGIN_THROTTLE: LoginThrottlePolicy = {
  accountFreeFailures: 5,
  addressFreeFailures: 20,
  baseLockMs: 1_000,
  maxLockMs: 15 * 60_000,
  forgetAfterMs: 60 * 60_000,
};

export interface LoginAttemptSubject {
  /** As typed; normalized here the same way accounts are. */
  email: string;
  /** The client's address as the front end determined it, or null when it has none (the CLI). */
  address: string | null;
}

interface ThrottleRow {
  key: string;
  failures: number;
  lockedUntil: Date | null;
  lastFailureAt: Date | null;
}

function accountKey(email: string): string {
  return `account:${email.trim().toLowerCase()}`;
}

function addressKey(address: string): string {
  return `address:${address}`;
}

/** How long the lock after `failures` counted attempts lasts (0 while within the free allowance). */
export function lockMsAfter(failures: number, freeFailures: number, policy: LoginThrottlePolicy): number {
  if (failures < freeFailures) return 0;
  const doublings = Math.min(failures - freeFailures, 30);
  return Math.min(policy.maxLockMs, policy.baseLockMs * 2 ** doublings);
}

function rateLimited(retryAfterMs: number, byAddress: boolean): AppError {
  const retryAfterSeconds = Math.max(1, Math.ceil(retryAfterMs / 1000));
  const who = byAddress ? "from this address" : "for this account";
  return new AppError(
    AppErrorCode.RATE_LIMITED,
    `Too many failed logins ${who}; try again in ${retryAfterSeconds} s. Each further failure doubles the wait (up to 15 min); a successful login resets it.`,
    { details: { retryAfterSeconds } },
  );
}

/**
 * Counts one logIn attempt before its password is checked. Throws RATE_LIMITED
 * (with `details.retryAfterSeconds`) while the account or the address is
 * locked; otherwise the attempt is counted as a failure until
 * `loginSucceeded` says otherwise.
 */
export async function beginLoginAttempt(
  prisma: PrismaClient,
  subject: LoginAttemptSubject,
  policy: LoginThrottlePolicy = DEFAULT_LOGIN_THROTTLE,
  now = new Date(),
): Promise<void> {
  const keys = [{ key: accountKey(subject.email), free: policy.accountFreeFailures, byAddress: false }];
  if (subject.address)
    keys.push({ key: addressKey(subject.address), free: policy.addressFreeFailures, byAddress: true });
  // Sorted, so two attempts locking the same two rows always lock them in the same order.
  keys.sort((a, b) => (a.key < b.key ? -1 : 1));
  const refusal = await prisma.$transaction(
    async (tx) => {
      for (const { key } of keys) {
        await tx.$executeRaw`INSERT INTO "LoginThrottle" ("key") VALUES (${key}) ON CONFLICT ("key") DO NOTHING`;
      }
      const rows = await tx.$queryRaw<ThrottleRow[]>`
        SELECT "key", "failures", "lockedUntil", "lastFailureAt" FROM "LoginThrottle"
         WHERE "key" = ANY(${keys.map((k) => k.key)}::text[]) ORDER BY "key" FOR UPDATE`;
      const byKey = new Map(rows.map((row) => [row.key, row]));
      // A lock still running refuses the attempt and changes nothing: waiting it out is the only way on.
      let longest: { ms: number; byAddress: boolean } | null = null;
      for (const { key, byAddress } of keys) {
        const lockedUntil = byKey.get(key)?.lockedUntil;
        const ms = lockedUntil ? lockedUntil.getTime() - now.getTime() : 0;
        if (ms > 0 && (!longest || ms > longest.ms)) longest = { ms, byAddress };
      }
      if (longest) return rateLimited(longest.ms, longest.byAddress);
      for (const { key, free } of keys) {
        const row = byKey.get(key);
        const stale = !row?.lastFailureAt || now.getTime() - row.lastFailureAt.getTime() > policy.forgetAfterMs;
        const failures = (stale ? 0 : row.failures) + 1;
        const lockMs = lockMsAfter(failures, free, policy);
        const lockedUntil = lockMs > 0 ? new Date(now.getTime() + lockMs) : null;
        await tx.$executeRaw`
          UPDATE "LoginThrottle" SET "failures" = ${failures}, "lockedUntil" = ${lockedUntil}, "lastFailureAt" = ${now}
           WHERE "key" = ${key}`;
      }
      return null;
    },
    { maxWait: 10_000, timeout: 10_000 },
  );
  if (refusal) throw refusal;
}

/**
 * The password was right: the account starts afresh. The address keeps its
 * earlier failures (they decay on their own) but not this attempt, so people
 * who log in successfully from one address never lock it.
 */
export async function loginSucceeded(
  prisma: PrismaClient,
  subject: LoginAttemptSubject,
  policy: LoginThrottlePolicy = DEFAULT_LOGIN_THROTTLE,
): Promise<void> {
  await prisma.$executeRaw`DELETE FROM "LoginThrottle" WHERE "key" = ${accountKey(subject.email)}`;
  if (!subject.address) return;
  await prisma.$executeRaw`
    UPDATE "LoginThrottle"
       SET "failures" = GREATEST("failures" - 1, 0),
           "lockedUntil" = CASE WHEN "failures" - 1 >= ${policy.addressFreeFailures} THEN "lockedUntil" END
     WHERE "key" = ${addressKey(subject.address)}`;
}
