export interface LogRateLimiterOptions {
  maxPerWindow: number;
  windowMs: number;
  /** Injected for deterministic tests; defaults to performance.now. */
  now?: () => number;
}

export interface LogAdmission {
  allowed: boolean;
  /** Entries refused since the last admitted one, to be reported alongside it. */
  suppressed: number;
}

/**
 * Fixed-window limiter for log lines that a child process controls (its stderr, its
 * garbage on stdout), so a chatty or broken child cannot flood the gateway's logs.
 */
export class LogRateLimiter {
  readonly #maxPerWindow: number;
  readonly #windowMs: number;
  readonly #now: () => number;
  #windowStart = Number.NEGATIVE_INFINITY;
  #usedInWindow = 0;
  #suppressed = 0;

  constructor(options: LogRateLimiterOptions) {
    this.#maxPerWindow = options.maxPerWindow;
    this.#windowMs = options.windowMs;
    this.#now = options.now ?? (() => performance.now());
  }

  admit(): LogAdmission {
    const now = this.#now();
    if (now - this.#windowStart >= this.#windowMs) {
      this.#windowStart = now;
      this.#usedInWindow = 0;
    }
    if (this.#usedInWindow >= this.#maxPerWindow) {
      this.#suppressed++;
      return { allowed: false, suppressed: 0 };
    }
    this.#usedInWindow++;
    return { allowed: true, suppressed: this.takeSuppressed() };
  }

  /** Returns and forgets the refused count, e.g. to report it when the source goes away. */
  takeSuppressed(): number {
    const suppressed = this.#suppressed;
    this.#suppressed = 0;
    return suppressed;
  }
}
