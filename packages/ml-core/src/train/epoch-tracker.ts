import type { EpochMetrics, NamedArray, Phase, TrainingCheckpoint } from "./checkpoint.ts";
import { TrainingRng } from "./rng.ts";

/** What a phase's loop shares with its tracker: where it resumes from, and what it reports and saves. */
export interface EpochTrackerOptions {
  phase: Phase;
  /** Metrics of the earlier phases' epochs (a fine-tune phase follows the head's). */
  history: EpochMetrics[];
  rng: TrainingRng;
  /** A checkpoint of this phase to continue from; one of another phase is ignored. */
  resumeFrom?: TrainingCheckpoint | null;
  /** Epochs without a better monitored loss before the phase stops; null trains every epoch. */
  earlyStoppingPatience: number | null;
  /** See PhaseOptions.stopTrainingAt. */
  stopTrainingAt?: number;
  fingerprint: string;
  saveCheckpoint?: (checkpoint: TrainingCheckpoint) => Promise<void>;
  onEpoch?: (metrics: EpochMetrics) => void;
}

/**
 * Whether a phase with a wall-clock end (`stopTrainingAt`, ms since the epoch) must stop after an epoch
 * that took `epochSeconds`: when another such epoch would end past it.
 */
export function outOfTrainingTime(stopTrainingAt: number | undefined, epochSeconds: number): boolean {
  return stopTrainingAt !== undefined && Date.now() + epochSeconds * 1000 > stopTrainingAt;
}

/** The network's side of a checkpoint, read when an epoch ends. */
export interface EpochState {
  weights(): NamedArray[];
  optimizer(): NamedArray[] | Promise<NamedArray[]>;
}

/**
 * The bookkeeping every training loop repeats around its epochs, kept in one place so the tfjs and
 * ONNX loops cannot drift apart: the history, early stopping on the validation loss (the training
 * loss when there is no validation split) with the best epoch's weights kept for restoring, the
 * per-epoch checkpoint an interrupted attempt resumes from, and resuming itself.
 */
export class EpochTracker {
  history: EpochMetrics[];
  /** The epoch (0-based) the loop starts at: past the checkpoint's when resuming. */
  readonly startEpoch: number;
  /** The checkpoint this phase resumes from; the loop restores its weights and optimizer from it. */
  readonly resume: TrainingCheckpoint | null;
  rng: TrainingRng;
  best: TrainingCheckpoint["best"] = null;
  wait = 0;
  stopped = false;

  constructor(private readonly options: EpochTrackerOptions) {
    const resume = options.resumeFrom && options.resumeFrom.phase === options.phase ? options.resumeFrom : null;
    this.resume = resume;
    this.history = resume ? [...resume.history] : [...options.history];
    this.rng = resume ? TrainingRng.fromState(resume.rngState) : options.rng;
    this.startEpoch = resume?.epoch ?? 0;
    if (resume) {
      this.best = resume.best;
      this.wait = resume.wait;
      this.stopped = resume.stopped;
    }
  }

  /** Records a finished epoch: history, early stopping, checkpoint, then the caller's onEpoch. */
  async endEpoch(metrics: EpochMetrics, state: EpochState): Promise<void> {
    this.history.push(metrics);
    const patience = this.options.earlyStoppingPatience;
    if (patience !== null) {
      const monitor = metrics.valLoss ?? metrics.loss;
      if (this.best === null || monitor < this.best.monitor) {
        this.best = { epoch: metrics.epoch, monitor, weights: state.weights() };
        this.wait = 0;
      } else if (++this.wait >= patience) {
        this.stopped = true;
      }
    }
    if (outOfTrainingTime(this.options.stopTrainingAt, metrics.seconds)) this.stopped = true;
    if (this.options.saveCheckpoint) {
      await this.options.saveCheckpoint({
        version: 1,
        fingerprint: this.options.fingerprint,
        phase: this.options.phase,
        epoch: metrics.epoch,
        stopped: this.stopped,
        weights: state.weights(),
        optimizer: await state.optimizer(),
        rngState: this.rng.state,
        best: this.best,
        wait: this.wait,
        history: this.history,
      });
    }
    this.options.onEpoch?.(metrics);
  }

  /**
   * The phase's outcome once its loop ends; `restoreBest` gets the best epoch's weights when that
   * was not the last epoch (early stopping's best-epoch restore).
   */
  finish(restoreBest: (weights: NamedArray[]) => void): {
    history: EpochMetrics[];
    bestEpoch: number;
    stoppedEarly: boolean;
    rng: TrainingRng;
  } {
    const lastEpoch = this.history.filter((h) => h.phase === this.options.phase).length;
    if (this.best !== null && this.best.epoch !== lastEpoch) restoreBest(this.best.weights);
    return {
      history: this.history,
      bestEpoch: this.best?.epoch ?? lastEpoch,
      stoppedEarly: this.stopped,
      rng: this.rng,
    };
  }
}
