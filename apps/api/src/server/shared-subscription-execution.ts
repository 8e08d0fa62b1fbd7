// Subscription fan-out without per-subscriber work. graphql-js executes the
// selection set once per event *per subscriber*; with a thousand sockets on one
// run that was a thousand identical executions for every epoch, and the API's
// one thread fell behind under load. When an operation selects only fields
// that are pure functions of the event (declared by the schema module that owns
// them, see RUN_EVENT_ONLY_FIELDS), the result cannot depend on who receives
// it: each event is executed once per distinct (document, operation, variables)
// and every subscriber of it gets the same result object. Who may receive the
// event at all is still decided per subscriber, by the subscribe resolver (run
// for each subscription, as before) and by the guards that end a subscription
// when access goes. Anything else (a field that reads the database or the
// viewer) runs per subscriber through graphql-js' own subscribe.

import {
  BREAK,
  createSourceEventStream,
  type DocumentNode,
  type ExecutionArgs,
  type ExecutionResult,
  execute,
  type GraphQLSchema,
  getOperationAST,
  print,
  TypeInfo,
  visit,
  visitWithTypeInfo,
} from "graphql";

/** Type name -> the fields of that type whose resolvers read nothing but their parent value. */
export type EventOnlyFields = Readonly<Record<string, ReadonlySet<string>>>;

type PromiseOrValue<T> = T | Promise<T>;

/**
 * True when the operation is a subscription and every field in the document
 * (fragments included) is listed in `eventOnly`. Conservative: a field it does
 * not know, or another operation in the same document, means no sharing.
 */
export function selectsOnlyEventFields(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | null | undefined,
  eventOnly: EventOnlyFields,
): boolean {
  if (getOperationAST(document, operationName)?.operation !== "subscription") return false;
  const typeInfo = new TypeInfo(schema);
  let eventOnlyDocument = true;
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Field(node) {
        if (node.name.value === "__typename") return undefined;
        const parent = typeInfo.getParentType();
        if (parent && eventOnly[parent.name]?.has(node.name.value)) return undefined;
        eventOnlyDocument = false;
        return BREAK;
      },
    }),
  );
  return eventOnlyDocument;
}

/**
 * Maps a source stream through `map`, forwarding `return()` and `throw()` so
 * a client's complete (or a closed socket) ends the source at once.
 */
function mapStream<T, R>(source: AsyncIterable<T>, map: (value: T) => PromiseOrValue<R>): AsyncIterableIterator<R> {
  const iterator = source[Symbol.asyncIterator]();
  const stream: AsyncIterableIterator<R> = {
    async next() {
      const result = await iterator.next();
      if (result.done) return { done: true, value: undefined };
      try {
        return { done: false, value: await map(result.value) };
      } catch (error) {
        await iterator.return?.();
        throw error;
      }
    },
    async return() {
      await iterator.return?.();
      return { done: true, value: undefined };
    },
    async throw(error: unknown) {
      await iterator.return?.();
      throw error;
    },
    [Symbol.asyncIterator]: () => stream,
  };
  return stream;
}

export interface SharedSubscriptionExecution {
  /** A drop-in for graphql-ws' `subscribe` option. */
  subscribe(args: ExecutionArgs): Promise<AsyncIterableIterator<ExecutionResult> | ExecutionResult>;
  /** Executions run for events so far (shared or not): what the tests count. */
  readonly executions: number;
}

export function sharedSubscriptionExecution(eventOnly: EventOnlyFields): SharedSubscriptionExecution {
  // Keyed by the event object itself: the hub hands the same object to every
  // subscription it matches, and the entry goes with it once all have sent it.
  const resultsByEvent = new WeakMap<object, Map<string, PromiseOrValue<ExecutionResult>>>();
  let executions = 0;
  const run = (args: ExecutionArgs, event: unknown) => {
    executions += 1;
    return execute({ ...args, rootValue: event });
  };

  return {
    get executions() {
      return executions;
    },
    async subscribe(args) {
      if (!selectsOnlyEventFields(args.schema, args.document, args.operationName, eventOnly)) {
        // Per subscriber, as graphql-js does it; each execution counted through the same map.
        const stream = await createSourceEventStream(args);
        if (!(Symbol.asyncIterator in Object(stream))) return stream as ExecutionResult;
        return mapStream(stream as AsyncIterable<unknown>, (event) => run(args, event));
      }
      const stream = await createSourceEventStream(args);
      if (!(Symbol.asyncIterator in Object(stream))) return stream as ExecutionResult;
      // Computed once per subscription. The text (not the parsed object, new for every
      // subscriber) identifies the document; variables may switch @include/@skip.
      const key = [
        args.operationName ?? "",
        JSON.stringify(args.variableValues ?? {}),
        args.document.loc?.source.body ?? print(args.document),
      ].join("\n");
      return mapStream(stream as AsyncIterable<unknown>, (event) => {
        if (typeof event !== "object" || event === null) return run(args, event);
        let results = resultsByEvent.get(event);
        if (!results) {
          results = new Map();
          resultsByEvent.set(event, results);
        }
        let result = results.get(key);
        if (result === undefined) {
          result = run(args, event);
          results.set(key, result);
        }
        return result;
      });
    },
  };
}
