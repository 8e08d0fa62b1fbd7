// Which Run columns a `runs` page has to load for the fields its query selects.
// The list is the API's busiest query and most clients ask for a few scalar
// fields; reading (and JSON-parsing) config, metrics, progress and autoSummary
// for every row cost more than the rest of the query together.
import type { RunColumn } from "@headstart/domain";
import type { FieldNode, FragmentDefinitionNode, GraphQLResolveInfo, SelectionSetNode } from "graphql";

/**
 * Columns read by each Run field's resolver in run-types.ts. A field missing
 * here (one added elsewhere with builder.objectField, or one whose resolver
 * reads several columns) makes the page load every column, so a new field is
 * never served from a half-loaded row.
 */
const FIELD_COLUMNS: Readonly<Record<string, readonly RunColumn[]>> = {
  __typename: [],
  id: ["id"],
  name: ["name"],
  status: ["status"],
  attempt: ["attempt"],
  maxAttempts: ["maxAttempts"],
  error: ["error"],
  cancelRequested: ["cancelRequested"],
  createdAt: ["createdAt"],
  startedAt: ["startedAt"],
  finishedAt: ["finishedAt"],
  currentEpoch: ["currentEpoch"],
  progress: ["progress"],
  config: ["config"],
  epochs: ["id"],
  artifacts: ["id"],
  modelDownloadUrl: ["id"],
  predictUrl: ["id"],
  dataset: ["datasetId"],
  version: ["versionId"],
  team: ["teamId"],
  creator: ["creatorId"],
};

const ALL = "all" as const;

/** Field nodes of `selectionSet` named `name`, through fragments. */
function fieldsNamed(
  selectionSet: SelectionSetNode | undefined,
  name: string,
  fragments: Record<string, FragmentDefinitionNode>,
  into: FieldNode[],
): void {
  for (const selection of selectionSet?.selections ?? []) {
    if (selection.kind === "Field") {
      if (selection.name.value === name) into.push(selection);
    } else if (selection.kind === "InlineFragment") {
      fieldsNamed(selection.selectionSet, name, fragments, into);
    } else {
      fieldsNamed(fragments[selection.name.value]?.selectionSet, name, fragments, into);
    }
  }
}

/** The columns for the fields selected under `selectionSet` (a Run's), or "all" when one is not in FIELD_COLUMNS. */
function columnsOfRunSelection(
  selectionSet: SelectionSetNode | undefined,
  fragments: Record<string, FragmentDefinitionNode>,
  into: Set<RunColumn>,
): typeof ALL | undefined {
  for (const selection of selectionSet?.selections ?? []) {
    if (selection.kind === "Field") {
      const columns = FIELD_COLUMNS[selection.name.value];
      if (!columns) return ALL;
      for (const column of columns) into.add(column);
    } else {
      const nested =
        selection.kind === "InlineFragment" ? selection.selectionSet : fragments[selection.name.value]?.selectionSet;
      if (columnsOfRunSelection(nested, fragments, into) === ALL) return ALL;
    }
  }
  return undefined;
}

// Apollo hands the same parsed document to every request with the same query
// text, so the answer is worked out once per field node.
const byFieldNode = new WeakMap<FieldNode, readonly RunColumn[] | undefined>();

/**
 * The Run columns that `runs { edges { node { … } } }` needs, or undefined
 * for every column. `info` is the `runs` field's.
 */
export function runColumnsFor(info: GraphQLResolveInfo): readonly RunColumn[] | undefined {
  // A field merged from several nodes (the same field selected twice) is rare; it simply loads everything.
  const [field, ...more] = info.fieldNodes;
  if (!field || more.length > 0) return undefined;
  if (byFieldNode.has(field)) return byFieldNode.get(field);
  const edges: FieldNode[] = [];
  fieldsNamed(field.selectionSet, "edges", info.fragments, edges);
  const nodes: FieldNode[] = [];
  for (const edge of edges) fieldsNamed(edge.selectionSet, "node", info.fragments, nodes);
  const columns = new Set<RunColumn>();
  const everything = nodes.some((node) => columnsOfRunSelection(node.selectionSet, info.fragments, columns) === ALL);
  const answer = everything ? undefined : [...columns];
  byFieldNode.set(field, answer);
  return answer;
}
