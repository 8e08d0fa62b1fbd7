// Process-wide access machinery: authentication through the credential cache,
// cached team roles, the change feed that evicts both, and the guards that end
// live subscriptions when access ends. Created once per API server.
import type { PrismaClient, Role } from "@headstart/db";
import { type Authentication, authenticate, type CredentialSources } from "./authenticate.ts";
import { CredentialCache, type CredentialCacheOptions, DEFAULT_CREDENTIAL_CACHE } from "./credential-cache.ts";
import { type CredentialChange, CredentialChanges } from "./credential-changes.ts";
import { SubscriptionGuards } from "./subscription-guards.ts";

export interface AccessServicesOptions {
  prisma: PrismaClient;
  /** For the LISTEN connection of the change feed; without it nothing is cached. */
  databaseUrl?: string;
  cache?: Partial<CredentialCacheOptions>;
  log?: (message: string) => void;
}

export interface AccessServices {
  cache: CredentialCache;
  changes: CredentialChanges;
  guards: SubscriptionGuards;
  authenticate(sources: CredentialSources): Promise<Authentication>;
  /** The member's role in the team (null: not a member), from the cache when it has it. */
  teamRole(userId: string, teamId: string): Promise<Role | null>;
  /** A change this process made: evicts and ends access here before it returns (guards finish in the background). */
  changed(change: CredentialChange): void;
  close(): Promise<void>;
}

export async function startAccessServices(options: AccessServicesOptions): Promise<AccessServices> {
  const { prisma } = options;
  const log = options.log ?? (() => {});
  const cache = new CredentialCache({ ...DEFAULT_CREDENTIAL_CACHE, ...options.cache });
  const guards = new SubscriptionGuards(prisma, log);
  const changes = new CredentialChanges({
    connectionString: options.databaseUrl,
    log,
    // A cache whose evictions could be missed must not answer: it is only on while the feed listens.
    onListening: (listening) => cache.setEnabled(listening),
  });
  changes.on((change) => cache.apply(change));
  changes.on((change) => void guards.apply(change));
  await changes.start();
  return {
    cache,
    changes,
    guards,
    authenticate: (sources) => authenticate({ prisma, cache }, sources),
    async teamRole(userId, teamId) {
      const cached = cache.role(userId, teamId);
      if (cached !== undefined) return cached;
      const generation = cache.currentGeneration();
      const membership = await prisma.membership.findUnique({
        where: { teamId_userId: { teamId, userId } },
        select: { role: true },
      });
      const role = membership?.role ?? null;
      cache.storeRole(userId, teamId, role, generation);
      return role;
    },
    changed: (change) => changes.publish(change),
    close: () => changes.close(),
  };
}
