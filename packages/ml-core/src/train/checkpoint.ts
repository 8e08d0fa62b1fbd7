export type Phase = "head" | "fine-tune";

export interface NamedArray {
  name: string;
  shape: number[];
  values: Float32Array;
}

export interface EpochMetrics {
  phase: Phase;
  /** 1-based within the phase. */
  epoch: number;
  loss: number;
  acc: number;
  /** null when the run has no validation split. */
  valLoss: number | null;
  valAcc: number | null;
  seconds: number;
}

/** What a snapshot entry needs of a variable (tf.Variable has both). */
export interface VariableSlot {
  readonly name: string;
  readonly shape: readonly number[];
}

/**
 * A variable's entry in a checkpoint's weights, named `<index>:<variable>`. `values` is kept as given:
 * pass a copy the training will not overwrite.
 */
export function snapshotEntry(index: number, variable: VariableSlot, values: Float32Array): NamedArray {
  return { name: `${index}:${variable.name}`, shape: [...variable.shape], values };
}

/**
 * Throws unless `arrays` fit `variables` one to one, shape by shape; `what` names the snapshot in the
 * error (a checkpoint, a best-epoch snapshot). Checked before anything is loaded, so a snapshot of
 * another architecture changes no weight.
 */
export function assertSnapshotFits(
  arrays: readonly NamedArray[],
  variables: readonly VariableSlot[],
  what: string,
): void {
  if (arrays.length !== variables.length) {
    throw new Error(
      `${what} has ${arrays.length} arrays but the network has ${variables.length} variables; it belongs to a different architecture`,
    );
  }
  arrays.forEach(({ shape }, i) => {
    if (shape.join("x") !== variables[i].shape.join("x")) {
      throw new Error(
        `${what} array ${i} has shape [${shape}] but variable ${variables[i].name} is [${variables[i].shape}]`,
      );
    }
  });
}

/** One epoch's figures, as every training loop reports them. */
export function epochMetrics(
  phase: Phase,
  epoch: number,
  train: { lossSum: number; correct: number; count: number },
  val: { loss: number; acc: number } | null,
  startedAt: number,
): EpochMetrics {
  return {
    phase,
    epoch: epoch + 1,
    loss: train.lossSum / train.count,
    acc: train.correct / train.count,
    valLoss: val ? val.loss : null,
    valAcc: val ? val.acc : null,
    seconds: (performance.now() - startedAt) / 1000,
  };
}

/**
 * Everything needed to continue a run after its last completed epoch exactly as if it had never
 * stopped: network weights, optimizer state, the random stream and the early-stopping bookkeeping.
 */
export interface TrainingCheckpoint {
  version: 1;
  /** Identifies the run's data and configuration; a checkpoint is only applied to the same run. */
  fingerprint: string;
  phase: Phase;
  /** Epochs completed in `phase`. */
  epoch: number;
  /** True when early stopping ended the phase at `epoch`. */
  stopped: boolean;
  weights: NamedArray[];
  optimizer: NamedArray[];
  rngState: number;
  best: { epoch: number; monitor: number; weights: NamedArray[] } | null;
  /** Epochs since the monitored loss last improved. */
  wait: number;
  /** Metrics of every completed epoch of every phase so far. */
  history: EpochMetrics[];
}

/** Raised when a checkpoint cannot be used for this run; start the run afresh instead. */
export class CheckpointError extends Error {
  override name = "CheckpointError";
}

/** Where a run writes its per-epoch checkpoint and reads the one to resume from. */
export interface CheckpointIO {
  save(checkpoint: TrainingCheckpoint): Promise<void>;
  /** The latest checkpoint of this run, or null to start from scratch. */
  load(): Promise<TrainingCheckpoint | null>;
}

const HEADER_BYTES = 4;

/**
 * Binary form for blob stores: uint32 JSON length, JSON (arrays replaced by offsets), then the
 * float32 payload. Float32 round-trips exactly, which resume equivalence depends on.
 */
export function encodeCheckpoint(checkpoint: TrainingCheckpoint): Uint8Array {
  const chunks: Float32Array[] = [];
  let offset = 0;
  const stash = (arrays: NamedArray[]) =>
    arrays.map(({ name, shape, values }) => {
      chunks.push(values);
      const entry = { name, shape, offset, length: values.length };
      offset += values.length;
      return entry;
    });
  const json = JSON.stringify({
    ...checkpoint,
    weights: stash(checkpoint.weights),
    optimizer: stash(checkpoint.optimizer),
    best: checkpoint.best && { ...checkpoint.best, weights: stash(checkpoint.best.weights) },
  });
  const header = new TextEncoder().encode(json);
  // Pad so the float payload starts 4-byte aligned and can be viewed without copying.
  const payloadStart = Math.ceil((HEADER_BYTES + header.length) / 4) * 4;
  const out = new Uint8Array(payloadStart + offset * 4);
  new DataView(out.buffer).setUint32(0, header.length, true);
  out.set(header, HEADER_BYTES);
  const payload = new Float32Array(out.buffer, payloadStart, offset);
  let at = 0;
  for (const chunk of chunks) {
    payload.set(chunk, at);
    at += chunk.length;
  }
  return out;
}

interface StoredArray {
  name: string;
  shape: number[];
  offset: number;
  length: number;
}

export function decodeCheckpoint(bytes: Uint8Array): TrainingCheckpoint {
  try {
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const headerLength = view.getUint32(0, true);
    const parsed = JSON.parse(new TextDecoder().decode(bytes.subarray(HEADER_BYTES, HEADER_BYTES + headerLength)));
    if (parsed.version !== 1) throw new Error(`unknown checkpoint version ${parsed.version}`);
    const payloadStart = Math.ceil((HEADER_BYTES + headerLength) / 4) * 4;
    const payload = new Float32Array(bytes.slice(payloadStart).buffer);
    const restore = (arrays: StoredArray[]): NamedArray[] =>
      arrays.map(({ name, shape, offset, length }) => {
        if (offset + length > payload.length) throw new Error(`array ${name} runs past the end of the checkpoint`);
        return { name, shape, values: payload.slice(offset, offset + length) };
      });
    return {
      ...parsed,
      weights: restore(parsed.weights),
      optimizer: restore(parsed.optimizer),
      best: parsed.best && { ...parsed.best, weights: restore(parsed.best.weights) },
    };
  } catch (error) {
    throw new CheckpointError(`checkpoint is unreadable (${(error as Error).message}); discard it and restart the run`);
  }
}
