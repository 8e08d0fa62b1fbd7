// Live subscriptions were authorized once, when they started. These guards end
// one as soon as its subscriber stops being a member of the team it watches:
// the membership change arrives through CredentialChanges (this process's own
// removeTeamMember at once, other writers through the Postgres channel), the
// membership is read again from the table, and a subscriber who is no longer
// a member gets a NOT_FOUND error on the subscription, which ends it. Revoked
// tokens and ended sessions close the whole socket instead (websocket.ts).
import type { PrismaClient } from "@headstart/db";
import { AppError, AppErrorCode } from "@headstart/domain";
import type { CredentialChange } from "./credential-changes.ts";

interface Guard {
  userId: string;
  teamId: string;
  end(error: AppError): void;
}

export class SubscriptionGuards {
  private readonly byUser = new Map<string, Set<Guard>>();

  constructor(
    private readonly prisma: PrismaClient,
    private readonly log: (message: string) => void = () => {},
  ) {}

  /** Wraps a subscription's source so it ends with an error once `userId` leaves `teamId`. */
  guard<T>(userId: string, teamId: string, source: AsyncIterableIterator<T>): AsyncIterableIterator<T> {
    let failure: AppError | null = null;
    // The reject of the `next()` in flight, if any: an ending rejects it at once. (Racing each
    // `next()` against one long-lived promise would leave a reaction on it per event until the
    // subscription ends: memory growing with every update a busy run sends.)
    let interrupt: ((error: AppError) => void) | null = null;
    const guards = this.byUser.get(userId) ?? new Set<Guard>();
    this.byUser.set(userId, guards);
    const release = () => {
      guards.delete(guard);
      if (guards.size === 0 && this.byUser.get(userId) === guards) this.byUser.delete(userId);
    };
    const guard: Guard = {
      userId,
      teamId,
      end: (error) => {
        if (failure) return;
        failure = error;
        release();
        interrupt?.(error);
        interrupt = null;
        // Stops the hub's delivery now rather than at the next event.
        void source.return?.();
      },
    };
    guards.add(guard);
    const iterator: AsyncIterableIterator<T> = {
      next() {
        if (failure) return Promise.reject(failure);
        return new Promise<IteratorResult<T>>((resolve, reject) => {
          interrupt = reject;
          const settled = () => {
            if (interrupt === reject) interrupt = null;
          };
          source.next().then(
            (result) => {
              settled();
              if (result.done) release();
              resolve(result);
            },
            (error: unknown) => {
              settled();
              reject(error);
            },
          );
        });
      },
      async return() {
        release();
        await source.return?.();
        return { done: true, value: undefined };
      },
      [Symbol.asyncIterator]: () => iterator,
    };
    return iterator;
  }

  /** Re-checks the guards a change may concern; resolves once the affected subscriptions were ended. */
  async apply(change: CredentialChange): Promise<void> {
    const affected: Guard[] = [];
    if (change.kind === "membership") {
      for (const guard of this.byUser.get(change.userId) ?? [])
        if (guard.teamId === change.teamId) affected.push(guard);
    } else if (change.kind === "user") {
      affected.push(...(this.byUser.get(change.userId) ?? []));
    } else if (change.kind === "everything") {
      for (const guards of this.byUser.values()) affected.push(...guards);
    }
    if (affected.length === 0) return;
    const pairs = new Map(affected.map((guard) => [`${guard.userId}:${guard.teamId}`, guard]));
    try {
      const still = await this.prisma.membership.findMany({
        where: { OR: [...pairs.values()].map(({ userId, teamId }) => ({ userId, teamId })) },
        select: { userId: true, teamId: true },
      });
      const members = new Set(still.map((m) => `${m.userId}:${m.teamId}`));
      for (const guard of affected) {
        if (members.has(`${guard.userId}:${guard.teamId}`)) continue;
        guard.end(
          new AppError(
            AppErrorCode.NOT_FOUND,
            `You are no longer a member of team ${guard.teamId}, so its run updates have stopped. Ask a team ADMIN to add you again.`,
          ),
        );
      }
    } catch (error) {
      // The next change (or the feed's reconnect, which re-checks everything) tries again.
      this.log(`Could not re-check memberships for live subscriptions: ${(error as Error).message}`);
    }
  }

  get size(): number {
    let count = 0;
    for (const guards of this.byUser.values()) count += guards.size;
    return count;
  }
}
