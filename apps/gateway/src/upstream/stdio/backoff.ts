export interface BackoffOptions {
  initialDelayMs: number;
  maxDelayMs: number;
  /**
   * Fraction (0..1) of each delay that may be randomly shaved off, so that many
   * upstreams that died together (a shared dependency went away) do not come back in
   * lockstep. Subtracting rather than adding keeps every delay within `maxDelayMs`.
   */
  jitter?: number;
  /** Injected for deterministic tests; defaults to Math.random. */
  random?: () => number;
}

const DEFAULT_JITTER = 0.25;

/** Exponential backoff: initialDelayMs, doubling per attempt, capped at maxDelayMs. */
export class Backoff {
  readonly #initialDelayMs: number;
  readonly #maxDelayMs: number;
  readonly #jitter: number;
  readonly #random: () => number;
  #attempt = 0;
  #capped = false;

  constructor(options: BackoffOptions) {
    const { initialDelayMs, maxDelayMs } = options;
    const jitter = options.jitter ?? DEFAULT_JITTER;
    if (!Number.isFinite(initialDelayMs) || initialDelayMs < 0) {
      throw new RangeError(`initialDelayMs must be a non-negative number, got ${initialDelayMs}`);
    }
    if (!Number.isFinite(maxDelayMs) || maxDelayMs < initialDelayMs) {
      throw new RangeError(`maxDelayMs must be >= initialDelayMs, got ${maxDelayMs}`);
    }
    if (!(jitter >= 0 && jitter <= 1)) {
      throw new RangeError(`jitter must be within 0..1, got ${jitter}`);
    }
    this.#initialDelayMs = initialDelayMs;
    this.#maxDelayMs = maxDelayMs;
    this.#jitter = jitter;
    this.#random = options.random ?? Math.random;
  }

  /** Delays handed out since the last reset. */
  get attempts(): number {
    return this.#attempt;
  }

  next(): number {
    const base = this.#capped
      ? this.#maxDelayMs
      : Math.min(this.#maxDelayMs, this.#initialDelayMs * 2 ** this.#attempt);
    // Once at the cap the exponent is no longer needed; stop it growing towards Infinity.
    this.#capped ||= base >= this.#maxDelayMs;
    this.#attempt++;
    return Math.round(base * (1 - this.#jitter * this.#random()));
  }

  reset(): void {
    this.#attempt = 0;
    this.#capped = false;
  }
}
