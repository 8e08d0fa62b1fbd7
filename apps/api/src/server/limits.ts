// Request limits. Body size and token count stop a huge request before it is
// parsed; depth, breadth and complexity stop an expensive one before any
// resolver runs. The same check guards HTTP and graphql-ws.
import { createComplexityRule } from "@pothos/plugin-complexity";
import { GraphQLError, validate, type DocumentNode, type GraphQLSchema } from "graphql";

export const LIMITS = {
  /** JSON request bodies (GraphQL over HTTP). Uploads have their own route and limit. */
  maxBodyBytes: 1024 * 1024,
  /** Lexer tokens per document; parsing stops past this. */
  maxTokens: 5000,
  /** Nested selections; a connection costs two levels (edges, node). */
  maxDepth: 12,
  /** Total selected fields, counting aliases. */
  maxBreadth: 300,
  /** Sum of field costs, connections multiplied by their page size. */
  maxComplexity: 5000,
  /** graphql-ws messages. */
  maxWebSocketMessageBytes: 1024 * 1024,
} as const;

type LimitKind = "depth" | "breadth" | "complexity";

const REASON: Record<LimitKind, string> = {
  depth: "QUERY_TOO_DEEP",
  breadth: "QUERY_TOO_BROAD",
  complexity: "QUERY_TOO_COMPLEX",
};

const ADVICE: Record<LimitKind, string> = {
  depth: "nest fewer selections and fetch deeper data in a follow-up query",
  breadth: "select fewer fields or aliases per request",
  complexity: "ask for smaller pages (first/last) or fewer nested lists, and page with cursors",
};

function limitError(kind: LimitKind, actual: number, max: number): GraphQLError {
  return new GraphQLError(`This query's ${kind} is ${actual}, over the limit of ${max}: ${ADVICE[kind]}.`, {
    extensions: { code: REASON[kind], limit: { kind, max, actual }, http: { status: 400 } },
  });
}

export interface OperationToCheck {
  schema: GraphQLSchema;
  document: DocumentNode;
  variables: Record<string, unknown> | null | undefined;
  operationName: string | null | undefined;
  context: object;
}

/** The limit violations of an already parsed and validated operation (empty when within limits). */
export function operationLimitErrors(operation: OperationToCheck): GraphQLError[] {
  const errors: GraphQLError[] = [];
  const rule = createComplexityRule({
    context: operation.context,
    variableValues: operation.variables ?? {},
    operationName: operation.operationName ?? undefined,
    validate: (result, report) => {
      if (result.depth > LIMITS.maxDepth) report(limitError("depth", result.depth, LIMITS.maxDepth));
      if (result.breadth > LIMITS.maxBreadth) report(limitError("breadth", result.breadth, LIMITS.maxBreadth));
      if (result.complexity > LIMITS.maxComplexity) {
        report(limitError("complexity", result.complexity, LIMITS.maxComplexity));
      }
    },
  });
  for (const error of validate(operation.schema, operation.document, [rule])) {
    // The rule also coerces variables; its errors about them carry no code.
    errors.push(
      error.extensions?.code
        ? error
        : new GraphQLError(error.message, {
            nodes: error.nodes,
            extensions: { code: "BAD_USER_INPUT", http: { status: 400 } },
          }),
    );
  }
  return errors;
}
