import type { CircuitBreakerConfig } from '@gatehouse/contracts';
import type { BreakerStateValue } from '../metrics/gateway-metrics.js';
import { CircuitBreaker } from './circuit-breaker.js';

interface Entry {
  readonly breaker: CircuitBreaker;
  readonly upstream: string;
  readonly tool: string;
}

/** One breaker per upstream tool on the node, kept across reloads while its settings stay. */
export class CircuitBreakers {
  readonly #breakers = new Map<string, Entry>();

  breaker(upstream: string, tool: string, config: CircuitBreakerConfig): CircuitBreaker {
    const key = `${upstream}\u0000${tool}`;
    const existing = this.#breakers.get(key);
    if (
      existing !== undefined &&
      existing.breaker.failureThreshold === config.failureThreshold &&
      existing.breaker.openMs === config.openMs
    )
      return existing.breaker;
    const breaker = new CircuitBreaker(config.failureThreshold, config.openMs);
    this.#breakers.set(key, { breaker, upstream, tool });
    return breaker;
  }

  *states(): Iterable<{ upstream: string; tool: string; state: BreakerStateValue }> {
    for (const { breaker, upstream, tool } of this.#breakers.values())
      yield { upstream, tool, state: breaker.stateValue };
  }
}
