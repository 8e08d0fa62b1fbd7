// Apollo Server for GraphQL over HTTP: masked errors, parse limits, and the
// depth/breadth/complexity check before any resolver runs.
import { ApolloServer, type ApolloServerPlugin } from "@apollo/server";
import { ApolloServerPluginDrainHttpServer } from "@apollo/server/plugin/drainHttpServer";
import type { GraphQLSchema } from "graphql";
import type { Server } from "node:http";
import type { RequestContext } from "../context.ts";
import { maskError } from "../errors/index.ts";
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
    formatError: (formatted, original) =>
      maskError(formatted, original, (reference, error) => logger.error(`GraphQL error ${reference}`, error)),
    plugins: [ApolloServerPluginDrainHttpServer({ httpServer }), limitsPlugin, ...extraPlugins],
  });
}
