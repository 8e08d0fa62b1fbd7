// Request limits. Body size and token count stop a huge request before it is
// parsed; depth, breadth and complexity stop an expensive one before any
// resolver runs. The same check guards HTTP and graphql-ws.
import { createComplexityRule } from "@pothos/plugin-complexity";
import {
  type DocumentNode,
  type FragmentDefinitionNode,
  GraphQLError,
  type GraphQLSchema,
  Kind,
  type SelectionSetNode,
  validate,
} from "graphql";

export const LIMITS = {
  /** JSON request bodies (GraphQL over HTTP). Uploads have their own route and limit. */
  maxBodyBytes: 1024 * 1024,
  /** Lexer tokens per document; parsing stops past this. */
  maxTokens: 5000,
  /**
   * Nested selections; a connection costs two levels (edges, node). The
   * standard introspection query (GraphiQL, codegen) is 15 deep.
   */
  maxDepth: 16,
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

/**
 * Selection depth of the deepest operation, following fragments. Counted here
 * rather than by the complexity plugin so that introspection fields (whose
 * `ofType { ofType { … } } }` chains are a classic amplifier) count too.
 * Validation has already rejected fragment cycles.
 */
export function documentDepth(document: DocumentNode): number {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  const depthOf = (selectionSet: SelectionSetNode | undefined): number => {
    if (!selectionSet) return 0;
    let deepest = 0;
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FIELD) {
        deepest = Math.max(deepest, 1 + depthOf(selection.selectionSet));
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        deepest = Math.max(deepest, depthOf(selection.selectionSet));
      } else {
        deepest = Math.max(deepest, depthOf(fragments.get(selection.name.value)?.selectionSet));
      }
    }
    return deepest;
  };
  let deepest = 0;
  for (const definition of document.definitions) {
    if (definition.kind === Kind.OPERATION_DEFINITION) deepest = Math.max(deepest, depthOf(definition.selectionSet));
  }
  return deepest;
}

// Most requests repeat a few documents (Apollo hands the same parsed document
// to every request with the same text) with the same few variable values, and
// walking the document with the complexity rule was a noticeable share of a
// small query's CPU. So "within limits" is remembered per document, operation
// name and variables. Only passes are kept: a failing request is rare and
// recomputed, so no error object is ever shared between requests. This relies
// on complexity depending on the arguments only, never on the context (no
// field's complexity function reads it).
const PASSES_PER_DOCUMENT = 256;
/** Variables longer than this as JSON are checked every time rather than kept as a key. */
const MAX_KEY_LENGTH = 4096;
const passed = new WeakMap<DocumentNode, Set<string>>();

function passKey(operation: OperationToCheck): string | null {
  const key = `${operation.operationName ?? ""}\u0000${JSON.stringify(operation.variables ?? {})}`;
  return key.length <= MAX_KEY_LENGTH ? key : null;
}

/** The limit violations of an already parsed and validated operation (empty when within limits). */
export function operationLimitErrors(operation: OperationToCheck): GraphQLError[] {
  const key = passKey(operation);
  const known = passed.get(operation.document);
  if (key !== null && known?.has(key)) return [];
  const errors = checkOperationLimits(operation);
  if (errors.length === 0 && key !== null) {
    const keys = known ?? new Set<string>();
    // A full set starts over: simpler than LRU, and a document with that many variable values is not a hot one.
    if (keys.size >= PASSES_PER_DOCUMENT) keys.clear();
    keys.add(key);
    if (!known) passed.set(operation.document, keys);
  }
  return errors;
}

function checkOperationLimits(operation: OperationToCheck): GraphQLError[] {
  const depth = documentDepth(operation.document);
  if (depth > LIMITS.maxDepth) return [limitError("depth", depth, LIMITS.maxDepth)];
  const errors: GraphQLError[] = [];
  const rule = createComplexityRule({
    context: operation.context,
    variableValues: operation.variables ?? {},
    operationName: operation.operationName ?? undefined,
    validate: (result, report) => {
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
