import { describe, expect, it } from 'vitest';
import { CircuitBreakers } from './circuit-breakers.js';
import { ConcurrencyGates } from './concurrency-gates.js';

describe('gates and breakers across config reloads', () => {
  it('keeps a gate (and what it holds) while its settings stay; a changed setting gets a fresh one', async () => {
    const gates = new ConcurrencyGates();
    const gate = gates.gate('acme\u0000tools\u0000slow', 2, 3, 'tools__slow');
    await gate.acquire();
    expect(gates.gate('acme\u0000tools\u0000slow', 2, 3, 'tools__slow')).toBe(gate);
    const resized = gates.gate('acme\u0000tools\u0000slow', 4, 3, 'tools__slow');
    expect(resized).not.toBe(gate);
    expect(resized.active).toBe(0);
    expect([...gates.queueDepths()]).toEqual([{ tool: 'tools__slow', depth: 0 }]);
  });

  it('keeps a breaker (and its state) while its settings stay', () => {
    const breakers = new CircuitBreakers();
    const breaker = breakers.breaker('tools', 'flaky', { failureThreshold: 1, openMs: 60_000 });
    breaker.failure();
    const again = breakers.breaker('tools', 'flaky', { failureThreshold: 1, openMs: 60_000 });
    expect(again).toBe(breaker);
    expect(again.state).toBe('open');
    expect([...breakers.states()]).toEqual([{ upstream: 'tools', tool: 'flaky', state: 1 }]);
    const changed = breakers.breaker('tools', 'flaky', { failureThreshold: 2, openMs: 60_000 });
    expect(changed.state).toBe('closed');
  });
});
