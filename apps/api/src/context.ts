// What every resolver receives. Built per HTTP request, and per graphql-ws
// operation (from the connection's credentials).
import type { PrismaClient, Role } from "@headstart/db";
import type { AccessServices } from "./auth/access-services.ts";
import type { Authentication, Viewer } from "./auth/authenticate.ts";
import type { ApiConfig } from "./config.ts";
import type { RunServices } from "./runs/run-services.ts";
import type { EventLoopMonitor } from "./server/event-loop-delay.ts";
import type { ReadSql } from "./server/read-pool.ts";

export interface ResponseCookies {
  set(cookie: string): void;
}

export interface RequestContext {
  prisma: PrismaClient;
  config: ApiConfig;
  viewer: Viewer | null;
  /** Why a presented credential was rejected, for the UNAUTHENTICATED message. */
  authProblem: string | null;
  /** Null over graphql-ws, which has no response headers: logIn there returns a bearer token only. */
  cookies: ResponseCookies | null;
  /** The caller's role per team id, loaded at most once per request (null: not a member). */
  teamRoles: Map<string, Promise<Role | null>>;
  /** Where a role not yet in `teamRoles` comes from: the process-wide role cache. */
  loadTeamRole?: (teamId: string) => Promise<Role | null>;
  /** The client's IP address (through trusted proxies), for the logIn throttle; null when unknown. */
  clientAddress: string | null;
  /** Run events, the model cache and the blob store, shared by the whole process. */
  runs: RunServices;
  /** The credential cache, its change feed and the live-subscription guards, shared by the whole process. */
  access: AccessServices;
  /** The process's event-loop delay, for `health`. */
  eventLoop: EventLoopMonitor;
  /** The API's own pg pool for its hottest reads (server/read-pool.ts); null without a database URL (Prisma then). */
  readSql: ReadSql | null;
}

export interface ContextDependencies {
  prisma: PrismaClient;
  config: ApiConfig;
  runs: RunServices;
  access: AccessServices;
  eventLoop: EventLoopMonitor;
  readSql: ReadSql | null;
}

export function createContext(
  deps: ContextDependencies,
  auth: Authentication,
  cookies: ResponseCookies | null,
  clientAddress: string | null,
): RequestContext {
  const viewer = auth.viewer;
  return {
    prisma: deps.prisma,
    config: deps.config,
    viewer,
    authProblem: auth.problem,
    cookies,
    teamRoles: new Map(),
    loadTeamRole: viewer ? (teamId) => deps.access.teamRole(viewer.userId, teamId) : undefined,
    clientAddress,
    runs: deps.runs,
    access: deps.access,
    eventLoop: deps.eventLoop,
    readSql: deps.readSql,
  };
}
