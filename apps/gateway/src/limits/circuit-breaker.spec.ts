import { describe, expect, it } from 'vitest';
import { CircuitBreaker } from './circuit-breaker.js';

function clock(): { now: () => number; advance: (ms: number) => void } {
  let at = 1_000_000;
  return { now: () => at, advance: (ms) => (at += ms) };
}

describe('CircuitBreaker', () => {
  it('opens after N consecutive failures; a success in between resets the count', () => {
    const time = clock();
    const breaker = new CircuitBreaker(3, 1_000, time.now);
    breaker.failure();
    breaker.failure();
    breaker.success();
    breaker.failure();
    breaker.failure();
    expect(breaker.state).toBe('closed');
    breaker.failure();
    expect(breaker.state).toBe('open');
    expect(breaker.stateValue).toBe(1);
    time.advance(400);
    expect(breaker.permit()).toEqual({ allowed: false, retryAfterMs: 600 });
  });

  it('after openMs lets one probe through, fails the others fast, and closes on its success', () => {
    const time = clock();
    const breaker = new CircuitBreaker(1, 1_000, time.now);
    breaker.failure();
    time.advance(1_000);
    expect(breaker.state).toBe('half_open');
    expect(breaker.stateValue).toBe(2);
    expect(breaker.permit()).toEqual({ allowed: true, probe: true });
    expect(breaker.permit().allowed).toBe(false);
    breaker.success();
    expect(breaker.state).toBe('closed');
    expect(breaker.permit()).toEqual({ allowed: true, probe: false });
  });

  it('a failed probe opens it again for another openMs', () => {
    const time = clock();
    const breaker = new CircuitBreaker(1, 1_000, time.now);
    breaker.failure();
    time.advance(1_000);
    expect(breaker.permit().allowed).toBe(true);
    breaker.failure();
    expect(breaker.state).toBe('open');
    time.advance(999);
    expect(breaker.permit().allowed).toBe(false);
    time.advance(1);
    expect(breaker.permit()).toEqual({ allowed: true, probe: true });
  });

  it('a probe that ends without a verdict lets another probe through', () => {
    const time = clock();
    const breaker = new CircuitBreaker(1, 1_000, time.now);
    breaker.failure();
    time.advance(1_000);
    expect(breaker.permit().allowed).toBe(true);
    breaker.neutral(true);
    expect(breaker.permit()).toEqual({ allowed: true, probe: true });
  });
});
