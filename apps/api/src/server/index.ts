// One HTTP server: GraphQL over HTTP (Apollo) and graphql-ws at /graphql,
// plus the routes registered in routes.ts.

import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { expressMiddleware } from "@as-integrations/express5";
import type { PrismaClient } from "@headstart/db";
import express from "express";
import { startAccessServices } from "../auth/access-services.ts";
import type { ApiConfig } from "../config.ts";
import type { ContextDependencies } from "../context.ts";
import { DEFAULT_BLOB_SWEEP, startBlobSweep } from "../runs/blob-sweep.ts";
import { startRunServices } from "../runs/run-services.ts";
import { schema } from "../schema/schema.ts";
import { createApollo } from "./apollo.ts";
import { corsMiddleware } from "./cors.ts";
import { startEventLoopMonitor } from "./event-loop-delay.ts";
import { graphqlPostHandler, isPlainGraphqlPost } from "./graphql-post.ts";
import { httpErrorHandler, notFoundHandler } from "./http-errors.ts";
import { LIMITS } from "./limits.ts";
import { consoleLogger, type Logger } from "./logger.ts";
import { startReadPool } from "./read-pool.ts";
import { contextForHttpRequest } from "./request-auth.ts";
import { httpRoutes } from "./routes.ts";
import { attachWebSocketServer } from "./websocket.ts";

export { LIMITS } from "./limits.ts";
export type { Logger } from "./logger.ts";
export { contextForHttpRequest } from "./request-auth.ts";
export type { HttpRouteModule } from "./routes.ts";

export interface ApiServerOptions {
  prisma: PrismaClient;
  config: ApiConfig;
  /** 0 picks a free port (tests). */
  port: number;
  host?: string;
  logger?: Logger;
  /** The database's connection string, for the LISTEN connection behind run subscriptions. */
  databaseUrl?: string;
}

export interface ApiServer {
  /** e.g. http://127.0.0.1:4000/graphql */
  url: string;
  /** e.g. ws://127.0.0.1:4000/graphql */
  wsUrl: string;
  /** The origin, for routes beside /graphql. */
  origin: string;
  httpServer: Server;
  /** Subscription executions run for events so far; a shared one counts once however many sockets it served. */
  readonly subscriptionExecutions: number;
  /** Stops accepting connections, ends open sockets and in-flight requests, then resolves. */
  close(): Promise<void>;
}

export async function startApiServer(options: ApiServerOptions): Promise<ApiServer> {
  const logger = options.logger ?? consoleLogger;
  const runs = startRunServices({
    prisma: options.prisma,
    databaseUrl: options.databaseUrl,
    dataDir: options.config.dataDir,
    log: (message) => logger.info(message),
  });
  // Credential and role caching with revocation heard from every process (auth/credential-changes.ts).
  const access = await startAccessServices({
    prisma: options.prisma,
    databaseUrl: options.databaseUrl,
    log: (message) => logger.info(message),
  });
  const blobSweep = startBlobSweep(options.prisma, runs.blobs, DEFAULT_BLOB_SWEEP, (message) => logger.info(message));
  const eventLoop = startEventLoopMonitor({
    warnAboveP99Ms: options.config.eventLoopDelayWarnMs,
    log: (message) => logger.info(message),
  });
  const readPool = options.databaseUrl ? startReadPool(options.databaseUrl, (message) => logger.info(message)) : null;
  const deps: ContextDependencies = {
    prisma: options.prisma,
    config: options.config,
    runs,
    access,
    eventLoop,
    readSql: readPool?.query ?? null,
  };
  const app = express();
  let graphqlPost: ((req: IncomingMessage, res: ServerResponse) => Promise<void>) | null = null;
  const httpServer = createServer((req, res) => {
    if (graphqlPost && isPlainGraphqlPost(req)) void graphqlPost(req, res);
    else app(req, res);
  });
  const ws = attachWebSocketServer(httpServer, schema, deps, logger);
  const apollo = createApollo(schema, httpServer, logger, [
    {
      async serverWillStart() {
        return {
          async drainServer() {
            await ws.close();
          },
        };
      },
    },
  ]);
  await apollo.start();

  graphqlPost = graphqlPostHandler({
    apollo,
    webOrigins: options.config.webOrigins,
    context: (req, res) => contextForHttpRequest(deps, req, res),
    logger,
  });
  app.disable("x-powered-by");
  app.use(corsMiddleware(options.config.webOrigins));
  app.use(
    "/graphql",
    express.json({ limit: LIMITS.maxBodyBytes }),
    (req, _res, next) => {
      // Apollo insists on a body property; a GET or a non-JSON POST has none,
      // and Apollo then answers with the right 400 itself.
      if (!("body" in req)) (req as { body?: unknown }).body = undefined;
      next();
    },
    expressMiddleware(apollo, { context: ({ req, res }) => contextForHttpRequest(deps, req, res) }),
  );
  for (const route of httpRoutes) app.use(route.path, route.router(deps));
  app.use(notFoundHandler);
  app.use(httpErrorHandler(logger));

  await new Promise<void>((resolve, reject) => {
    httpServer.once("error", reject);
    httpServer.listen(options.port, options.host ?? "127.0.0.1", () => {
      httpServer.off("error", reject);
      resolve();
    });
  });
  const address = httpServer.address() as AddressInfo;
  const host = address.family === "IPv6" ? `[${address.address}]` : address.address;
  const origin = `http://${host}:${address.port}`;
  let closing: Promise<void> | null = null;
  return {
    url: `${origin}/graphql`,
    wsUrl: `ws://${host}:${address.port}/graphql`,
    origin,
    httpServer,
    get subscriptionExecutions() {
      return ws.subscriptionExecutions;
    },
    close: () =>
      (closing ??= apollo.stop().finally(() =>
        Promise.all([blobSweep.stop(), access.close(), readPool?.close()])
          .then(() => runs.close())
          .then(() => eventLoop.stop()),
      )),
  };
}
