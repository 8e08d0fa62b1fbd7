// graphql-ws on the HTTP server's port and path. The credential is checked
// when the socket connects and again for every operation, so revoking a
// token or logging out also stops an open socket's next operation.

import type { IncomingMessage, Server } from "node:http";
import { type DocumentNode, GraphQLError, type GraphQLSchema, parse, validate } from "graphql";
import { CloseCode, type ExecutionResult } from "graphql-ws";
import { useServer } from "graphql-ws/use/ws";
import { type WebSocket, WebSocketServer } from "ws";
import type { CredentialSources, Viewer } from "../auth/authenticate.ts";
import { type ContextDependencies, createContext } from "../context.ts";
import { maskError } from "../errors/format-error.ts";
import { RUN_EVENT_ONLY_FIELDS } from "../schema/runs/run-subscriptions.ts";
import { clientAddressOf } from "./client-address.ts";
import { LIMITS, operationLimitErrors } from "./limits.ts";
import type { Logger } from "./logger.ts";
import { cookiesAllowed } from "./request-auth.ts";
import { sharedSubscriptionExecution } from "./shared-subscription-execution.ts";

type SocketExtra = {
  request: IncomingMessage;
  credentials?: CredentialSources;
  clientAddress?: string | null;
};

/** `session:<id>` or `apiToken:<id>`: what a revocation names. */
function credentialKey(viewer: Viewer): string {
  return `${viewer.credential.kind}:${viewer.credential.id}`;
}

// WebSocket close reasons are limited to 123 bytes.
function closeReason(text: string): string {
  return Buffer.byteLength(text) <= 123 ? text : `${text.slice(0, 119)}...`;
}

export function attachWebSocketServer(
  httpServer: Server,
  schema: GraphQLSchema,
  deps: ContextDependencies,
  logger: Logger,
): { readonly subscriptionExecutions: number; close(): Promise<void> } {
  const wsServer = new WebSocketServer({
    server: httpServer,
    path: "/graphql",
    maxPayload: LIMITS.maxWebSocketMessageBytes,
  });
  const mask = (result: ExecutionResult): ExecutionResult =>
    result.errors
      ? {
          ...result,
          errors: result.errors.map(
            (error) =>
              maskError(
                error instanceof GraphQLError ? error.toJSON() : { message: String(error) },
                error,
                (reference, original) => logger.error(`GraphQL error ${reference}`, original),
              ) as unknown as GraphQLError,
          ),
        }
      : result;

  // Open sockets by the credential they authenticated with, so a revocation or
  // logout (heard through the access change feed, from any process) closes them.
  const socketsByCredential = new Map<string, Set<WebSocket>>();
  const socketCredentials = new Map<WebSocket, { key: string; sources: CredentialSources }>();
  const forget = (socket: WebSocket) => {
    const entry = socketCredentials.get(socket);
    if (!entry) return;
    socketCredentials.delete(socket);
    const sockets = socketsByCredential.get(entry.key);
    sockets?.delete(socket);
    if (sockets?.size === 0) socketsByCredential.delete(entry.key);
  };
  const revoke = (socket: WebSocket, problem: string) => {
    forget(socket);
    socket.close(CloseCode.Forbidden, closeReason(`Unauthenticated: ${problem}`));
  };
  const stopListening = deps.access.changes.on((change) => {
    if (change.kind === "session" || change.kind === "apiToken") {
      const sockets = socketsByCredential.get(`${change.kind}:${change.id}`);
      const problem =
        change.kind === "session"
          ? "your session was logged out or expired; log in again."
          : "the API token of this connection was revoked; create a new one.";
      for (const socket of [...(sockets ?? [])]) revoke(socket, problem);
    } else if (change.kind === "everything" || change.kind === "user") {
      // Changes may have been missed (or an account changed): check each affected socket's credential again.
      for (const [socket, entry] of [...socketCredentials]) {
        void deps.access.authenticate(entry.sources).then(
          (auth) => {
            if (!auth.viewer && socketCredentials.has(socket)) revoke(socket, auth.problem ?? "sign in again.");
          },
          (error: Error) => logger.error("Could not re-check a WebSocket's credential", error),
        );
      }
    }
  });

  // Run updates are executed once per event and selection, not once per subscriber.
  const fanOut = sharedSubscriptionExecution(RUN_EVENT_ONLY_FIELDS);
  const handle = useServer<Record<string, unknown> | undefined, SocketExtra>(
    {
      schema,
      subscribe: fanOut.subscribe,
      onConnect: async (ctx) => {
        const { request, socket } = ctx.extra;
        const params = ctx.connectionParams ?? {};
        const authorization = typeof params.authorization === "string" ? params.authorization : null;
        const credentials: CredentialSources = {
          authorization,
          cookieHeader: cookiesAllowed(request.headers.origin, request.headers.host, deps.config.webOrigins)
            ? request.headers.cookie
            : null,
        };
        const auth = await deps.access.authenticate(credentials);
        if (auth.problem) {
          socket.close(CloseCode.Forbidden, closeReason(`Unauthenticated: ${auth.problem}`));
          return false;
        }
        ctx.extra.credentials = credentials;
        ctx.extra.clientAddress = clientAddressOf(
          request.socket.remoteAddress,
          request.headers["x-forwarded-for"],
          deps.config.trustedProxies,
        );
        if (auth.viewer) {
          const key = credentialKey(auth.viewer);
          socketCredentials.set(socket, { key, sources: credentials });
          const sockets = socketsByCredential.get(key) ?? new Set();
          sockets.add(socket);
          socketsByCredential.set(key, sockets);
          socket.once("close", () => forget(socket));
        }
        return true;
      },
      // Parsing, validation and limits are done here, as over HTTP, so a
      // socket cannot bypass them.
      onSubscribe: async (ctx, _id, payload) => {
        let document: DocumentNode;
        try {
          document = parse(payload.query, { maxTokens: LIMITS.maxTokens });
        } catch (error) {
          const message = error instanceof Error ? error.message : String(error);
          return [new GraphQLError(message, { extensions: { code: "GRAPHQL_PARSE_FAILED" } })];
        }
        const invalid = validate(schema, document);
        if (invalid.length > 0) {
          return invalid.map(
            (error) =>
              new GraphQLError(error.message, {
                nodes: error.nodes,
                extensions: { code: "GRAPHQL_VALIDATION_FAILED" },
              }),
          );
        }
        const contextValue = createContext(
          deps,
          await deps.access.authenticate(ctx.extra.credentials ?? {}),
          null,
          ctx.extra.clientAddress ?? null,
        );
        const variableValues = payload.variables ?? undefined;
        const tooBig = operationLimitErrors({
          schema,
          document,
          variables: variableValues,
          operationName: payload.operationName,
          context: contextValue,
        });
        if (tooBig.length > 0) return tooBig;
        return { schema, document, variableValues, operationName: payload.operationName ?? undefined, contextValue };
      },
      onNext: (_ctx, _id, _payload, _args, result) => mask(result as ExecutionResult),
      onError: (_ctx, _id, _payload, errors) =>
        errors.map((error) =>
          maskError(error.toJSON(), error, (reference, original) =>
            logger.error(`GraphQL error ${reference}`, original),
          ),
        ) as never,
    },
    wsServer,
  );

  return {
    get subscriptionExecutions() {
      return fanOut.executions;
    },
    close: async () => {
      stopListening();
      await handle.dispose();
      await new Promise<void>((resolve) => wsServer.close(() => resolve()));
    },
  };
}
