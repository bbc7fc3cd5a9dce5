import type { BreakerStateValue } from '../metrics/gateway-metrics.js';

export type BreakerState = 'closed' | 'open' | 'half_open';

export type BreakerPermit =
  | { readonly allowed: true; readonly probe: boolean }
  | { readonly allowed: false; readonly retryAfterMs: number };

/**
 * Consecutive-failure breaker for one upstream tool. Closed: calls pass, `failureThreshold`
 * failures in a row open it. Open: calls fail fast until `openMs` passed, then one probe is let
 * through (half-open) while the others still fail fast; the probe's success closes it, its
 * failure opens it again. (cockatiel's half-open state makes the others wait for the probe.)
 */
export class CircuitBreaker {
  #state: BreakerState = 'closed';
  #failures = 0;
  #openedAt = 0;
  #probing = false;

  constructor(
    readonly failureThreshold: number,
    readonly openMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  get state(): BreakerState {
    if (this.#state === 'open' && this.now() - this.#openedAt >= this.openMs) return 'half_open';
    return this.#state;
  }

  get stateValue(): BreakerStateValue {
    const state = this.state;
    return state === 'closed' ? 0 : state === 'open' ? 1 : 2;
  }

  permit(): BreakerPermit {
    if (this.#state === 'closed') return { allowed: true, probe: false };
    const waited = this.now() - this.#openedAt;
    if (this.#state === 'open' && waited >= this.openMs) {
      this.#state = 'half_open';
      this.#probing = false;
    }
    if (this.#state === 'half_open' && !this.#probing) {
      this.#probing = true;
      return { allowed: true, probe: true };
    }
    return { allowed: false, retryAfterMs: Math.max(this.openMs - waited, 1) };
  }

  success(): void {
    this.#failures = 0;
    this.#probing = false;
    this.#state = 'closed';
  }

  failure(): void {
    this.#probing = false;
    if (this.#state === 'half_open') {
      this.#open();
      return;
    }
    this.#failures += 1;
    if (this.#state === 'closed' && this.#failures >= this.failureThreshold) this.#open();
  }

  /** A permitted call that ended without a verdict (the client left): a probe may be retried. */
  neutral(probe: boolean): void {
    if (probe) this.#probing = false;
  }

  #open(): void {
    this.#state = 'open';
    this.#openedAt = this.now();
    this.#failures = 0;
  }
}
