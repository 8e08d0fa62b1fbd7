/** Thrown when a run is cancelled through its AbortSignal; the run leaves no partial results behind. */
export class TrainingAbortedError extends Error {
  override name = "AbortError";
  constructor(message = "Training was cancelled") {
    super(message);
  }
}

export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new TrainingAbortedError();
}

export function isAbortError(error: unknown): error is TrainingAbortedError {
  return error instanceof TrainingAbortedError;
}
