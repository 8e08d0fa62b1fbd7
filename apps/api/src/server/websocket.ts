// graphql-ws on the HTTP server's port and path. The credential is checked
// when the socket connects and again for every operation, so revoking a
// token or logging out also stops an open socket's next operation.

import type { IncomingMessage, Server } from "node:http";
import { type DocumentNode, GraphQLError, type GraphQLSchema, parse, validate } from "graphql";
import { CloseCode, type ExecutionResult } from "graphql-ws";
import { useServer } from "graphql-ws/use/ws";
import { WebSocketServer } from "ws";
import { authenticate, type CredentialSources } from "../auth/authenticate.ts";
import { type ContextDependencies, createContext } from "../context.ts";
import { maskError } from "../errors/format-error.ts";
import { LIMITS, operationLimitErrors } from "./limits.ts";
import type { Logger } from "./logger.ts";
import { cookiesAllowed } from "./request-auth.ts";

type SocketExtra = {
  request: IncomingMessage;
  credentials?: CredentialSources;
};

// WebSocket close reasons are limited to 123 bytes.
function closeReason(text: string): string {
  return Buffer.byteLength(text) <= 123 ? text : `${text.slice(0, 119)}...`;
}

export function attachWebSocketServer(
  httpServer: Server,
  schema: GraphQLSchema,
  deps: ContextDependencies,
  logger: Logger,
): { close(): Promise<void> } {
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

  const handle = useServer<Record<string, unknown> | undefined, SocketExtra>(
    {
      schema,
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
        const auth = await authenticate(deps.prisma, credentials);
        if (auth.problem) {
          socket.close(CloseCode.Forbidden, closeReason(`Unauthenticated: ${auth.problem}`));
          return false;
        }
        ctx.extra.credentials = credentials;
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
        const contextValue = createContext(deps, await authenticate(deps.prisma, ctx.extra.credentials ?? {}), null);
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
    close: async () => {
      await handle.dispose();
      await new Promise<void>((resolve) => wsServer.close(() => resolve()));
    },
  };
}
