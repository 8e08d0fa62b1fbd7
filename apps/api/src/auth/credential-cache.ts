// In-process cache of who a bearer secret belongs to and of members' roles, so
// a request does not pay one or two database round trips before it starts.
// Entries live a short TTL in a bounded LRU; anything that ends access
// (revocation, logout, a membership change) evicts at once through
// `apply(change)`, fed both by this process's own mutations and by the
// Postgres channel every process listens to (credential-changes.ts).
//
// A lookup that raced an eviction must not put the stale answer back: every
// eviction bumps a generation, and an answer read under an older generation
// is returned to its request but not stored.
import type { Role } from "@headstart/db";
import type { Viewer } from "./authenticate.ts";
import type { CredentialChange } from "./credential-changes.ts";

export interface CachedCredential {
  viewer: Viewer;
  /** Sessions end on their own at this time; API tokens have none. */
  expiresAt: Date | null;
  /** API tokens only: when lastUsedAt was last written, so the write stays at minute resolution. */
  lastUsedAt: Date | null;
}

export interface CredentialCacheOptions {
  ttlMs: number;
  maxEntries: number;
  now?: () => number;
}

export const DEFAULT_CREDENTIAL_CACHE: CredentialCacheOptions = { ttlMs: 30_000, maxEntries: 10_000 };

interface Entry<T> {
  value: T;
  storedAt: number;
}

/** A Map in insertion order doubles as the LRU list: a hit moves the key to the end. */
class TtlLru<T> {
  private readonly entries = new Map<string, Entry<T>>();

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries: number,
    private readonly now: () => number,
  ) {}

  get(key: string): T | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    this.entries.delete(key);
    if (this.now() - entry.storedAt > this.ttlMs) return undefined;
    this.entries.set(key, entry);
    return entry.value;
  }

  set(key: string, value: T): void {
    this.entries.delete(key);
    this.entries.set(key, { value, storedAt: this.now() });
    while (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
  }

  deleteWhere(matches: (key: string, value: T) => boolean): void {
    for (const [key, entry] of this.entries) if (matches(key, entry.value)) this.entries.delete(key);
  }

  clear(): void {
    this.entries.clear();
  }

  get size(): number {
    return this.entries.size;
  }
}

export class CredentialCache {
  private readonly credentials: TtlLru<CachedCredential>;
  private readonly roles: TtlLru<Role | null>;
  private generation = 0;
  /** Off while no change feed is connected: a revocation in another process could then go unnoticed. */
  private enabled = false;

  constructor(options: CredentialCacheOptions = DEFAULT_CREDENTIAL_CACHE) {
    const now = options.now ?? Date.now;
    this.credentials = new TtlLru(options.ttlMs, options.maxEntries, now);
    this.roles = new TtlLru(options.ttlMs, options.maxEntries, now);
  }

  /** Turned on when the change feed is listening, off (and emptied) whenever it is not. */
  setEnabled(enabled: boolean): void {
    if (!enabled) this.clear();
    this.enabled = enabled;
  }

  get isEnabled(): boolean {
    return this.enabled;
  }

  /** Take before a database read whose answer is to be stored; pass it back to `store*`. */
  currentGeneration(): number {
    return this.generation;
  }

  credential(tokenHash: string): CachedCredential | undefined {
    return this.enabled ? this.credentials.get(tokenHash) : undefined;
  }

  storeCredential(tokenHash: string, value: CachedCredential, generation: number): void {
    if (this.enabled && generation === this.generation) this.credentials.set(tokenHash, value);
  }

  role(userId: string, teamId: string): Role | null | undefined {
    return this.enabled ? this.roles.get(`${userId}:${teamId}`) : undefined;
  }

  storeRole(userId: string, teamId: string, role: Role | null, generation: number): void {
    if (this.enabled && generation === this.generation) this.roles.set(`${userId}:${teamId}`, role);
  }

  /** Evicts whatever the change makes stale. */
  apply(change: CredentialChange): void {
    this.generation += 1;
    switch (change.kind) {
      case "session":
      case "apiToken":
        this.credentials.deleteWhere(
          (_hash, cached) => cached.viewer.credential.kind === change.kind && cached.viewer.credential.id === change.id,
        );
        return;
      case "membership":
        this.roles.deleteWhere((key) => key === `${change.userId}:${change.teamId}`);
        return;
      case "user":
        this.credentials.deleteWhere((_hash, cached) => cached.viewer.userId === change.userId);
        this.roles.deleteWhere((key) => key.startsWith(`${change.userId}:`));
        return;
      case "everything":
        this.clear();
        return;
    }
  }

  clear(): void {
    this.generation += 1;
    this.credentials.clear();
    this.roles.clear();
  }

  get sizes(): { credentials: number; roles: number } {
    return { credentials: this.credentials.size, roles: this.roles.size };
  }
}
