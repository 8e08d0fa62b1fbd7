import type { RunEventFilter, RunEventHub } from "./event-hub.ts";
import type { RunEvent } from "./events.ts";

/**
 * The current state of a run (or of a team's recent runs), then its live
 * events: what a GraphQL subscription resolver returns. Ends when the
 * consumer stops iterating or `signal` aborts.
 */
export function subscribeRunEvents(
  hub: RunEventHub,
  filter: RunEventFilter,
  options: { signal?: AbortSignal } = {},
): AsyncIterableIterator<RunEvent> {
  return hub.subscribe(filter, options);
}
