// Apollo Server for GraphQL over HTTP: masked errors, parse limits, and the
// depth/breadth/complexity check before any resolver runs.

import type { Server } from "node:http";
import { ApolloServer, type ApolloServerPlugin } from "@apollo/server";
import { ApolloServerPluginCacheControlDisabled } from "@apollo/server/plugin/disabled";
import { ApolloServerPluginDrainHttpServer } from "@apollo/server/plugin/drainHttpServer";
import type { GraphQLSchema } from "graphql";
import type { RequestContext } from "../context.ts";
import { maskError } from "../errors/format-error.ts";
import { LIMITS, operationLimitErrors } from "./limits.ts";
import type { Logger } from "./logger.ts";

const limitsPlugin: ApolloServerPlugin<RequestContext> = {
  async requestDidStart() {
    return {
      async didResolveOperation({ document, request, contextValue, schema }) {
        const [first] = operationLimitErrors({
          schema,
          document,
          variables: request.variables,
          operationName: request.operationName,
          context: contextValue,
        });
        if (first) throw first;
      },
    };
  },
};

// GraphQL over HTTP: a legacy `application/json` client must get 200 for any
// well-formed request, its errors in the body; only clients that accept
// `application/graphql-response+json` get 4xx for documents that fail to
// parse, validate or stay within limits. Apollo answers 400 to both.
// (Errors are already masked here: the original code is in `reason`; variable
// coercion failures are plain BAD_USER_INPUT.) Malformed HTTP requests
// (reason BAD_REQUEST) are not well-formed and keep their 400.
const WELL_FORMED_FAILURES = new Set([
  "GRAPHQL_PARSE_FAILED",
  "GRAPHQL_VALIDATION_FAILED",
  "QUERY_TOO_DEEP",
  "QUERY_TOO_BROAD",
  "QUERY_TOO_COMPLEX",
]);

/**
 * The media type for a response, from the Accept header: the GraphQL
 * response type when the client lists it before (or without) plain JSON.
 */
function responseMediaType(accept: string | undefined): "application/json" | "application/graphql-response+json" {
  if (!accept) return "application/json";
  const ranked = accept
    .split(",")
    .map((part, index) => {
      const [type, ...params] = part.trim().split(";");
      const q = params.map((param) => param.trim()).find((param) => param.startsWith("q="));
      return { type: type.trim().toLowerCase(), q: q ? Number(q.slice(2)) : 1, index };
    })
    .filter(
      (entry) =>
        entry.q > 0 &&
        ["application/json", "application/graphql-response+json", "application/*", "*/*"].includes(entry.type),
    )
    .sort((a, b) => b.q - a.q || a.index - b.index);
  return ranked[0]?.type === "application/graphql-response+json"
    ? "application/graphql-response+json"
    : "application/json";
}

const legacyJsonStatusPlugin: ApolloServerPlugin<RequestContext> = {
  async requestDidStart() {
    return {
      async willSendResponse({ request, response }) {
        if (response.body.kind !== "single") return;
        // Chosen here, rather than left to Apollo, so the status below and the
        // content type always agree.
        const mediaType = responseMediaType(request.http?.headers.get("accept"));
        response.http.headers.set("content-type", `${mediaType}; charset=utf-8`);
        // What Apollo's cache-control plugin answered for a schema without
        // cache hints, set here because that plugin is off (see createApollo):
        // answers depend on the caller's credentials and must not be stored.
        response.http.headers.set("cache-control", "no-store");
        if (mediaType !== "application/json" || response.http.status !== 400) return;
        const errors = response.body.singleResult.errors ?? [];
        const requestLevel = errors.every((error) => {
          const reason = error.extensions?.reason;
          if (typeof reason === "string") return WELL_FORMED_FAILURES.has(reason);
          return error.extensions?.code === "BAD_USER_INPUT";
        });
        if (errors.length > 0 && requestLevel) response.http.status = 200;
      },
    };
  },
};

// A throttled logIn says when to come back in the body (extensions.retryAfterSeconds)
// and, for HTTP clients and proxies, in the standard header too.
const retryAfterPlugin: ApolloServerPlugin<RequestContext> = {
  async requestDidStart() {
    return {
      async willSendResponse({ response }) {
        if (response.body.kind !== "single") return;
        const waits = (response.body.singleResult.errors ?? [])
          .map((error) => error.extensions?.retryAfterSeconds)
          .filter((value): value is number => typeof value === "number");
        if (waits.length > 0) response.http.headers.set("retry-after", String(Math.max(...waits)));
      },
    };
  },
};

export function createApollo(
  schema: GraphQLSchema,
  httpServer: Server,
  logger: Logger,
  extraPlugins: ApolloServerPlugin<RequestContext>[],
): ApolloServer<RequestContext> {
  return new ApolloServer<RequestContext>({
    schema,
    parseOptions: { maxTokens: LIMITS.maxTokens },
    includeStacktraceInErrorResponses: false,
    // Introspection stays on: the schema is public (committed as
    // schema.graphql) and tools like codegen read it.
    introspection: true,
    // main.ts owns SIGINT/SIGTERM and stops everything in order; Apollo's own
    // handlers (on outside tests) would stop it a second time and re-raise the
    // signal, which left shutdown hanging until the 10 s watchdog.
    stopOnTerminationSignals: false,
    formatError: (formatted, original) =>
      maskError(formatted, original, (reference, error) => logger.error(`GraphQL error ${reference}`, error)),
    plugins: [
      // The schema has no cache hints, yet the cache-control plugin hooked every
      // resolver of every request (its willResolveField makes Apollo wrap them
      // all) only to arrive at "no-store", which legacyJsonStatusPlugin sets.
      ApolloServerPluginCacheControlDisabled(),
      ApolloServerPluginDrainHttpServer({ httpServer }),
      limitsPlugin,
      legacyJsonStatusPlugin,
      retryAfterPlugin,
      ...extraPlugins,
    ],
  });
}
