/**
 * The training run's random stream (shuffling, variant choice, dropout seeds). Its whole state is one
 * uint32, so a checkpoint can store it and a resumed run continues the exact same sequence.
 * Algorithm: mulberry32 (public domain), fast and well distributed for this use.
 */
export class TrainingRng {
  #state: number;

  constructor(seed: number) {
    this.#state = seed >>> 0;
  }

  get state(): number {
    return this.#state;
  }

  static fromState(state: number): TrainingRng {
    return new TrainingRng(state);
  }

  /** Uniform float in [0, 1). */
  next(): number {
    this.#state = (this.#state + 0x6d2b79f5) >>> 0;
    let t = this.#state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** A fresh seed for a tfjs op (dropout mask) drawn from this stream. */
  seed(): number {
    return this.int(2 ** 31);
  }

  /** Fisher-Yates permutation of 0..n-1. */
  permutation(n: number): number[] {
    const order = Array.from({ length: n }, (_, i) => i);
    for (let i = n - 1; i > 0; i--) {
      const j = this.int(i + 1);
      [order[i], order[j]] = [order[j], order[i]];
    }
    return order;
  }
}
