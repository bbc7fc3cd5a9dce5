import { describe, expect, it } from 'vitest';
import { Backoff } from './backoff.js';

describe('Backoff', () => {
  it('doubles from the initial delay up to the cap', () => {
    const backoff = new Backoff({ initialDelayMs: 100, maxDelayMs: 1_000, jitter: 0 });
    const delays = Array.from({ length: 7 }, () => backoff.next());
    expect(delays).toEqual([100, 200, 400, 800, 1_000, 1_000, 1_000]);
    expect(backoff.attempts).toBe(7);
  });

  it('shaves jitter off, never adding to a delay', () => {
    const low = new Backoff({ initialDelayMs: 100, maxDelayMs: 1_000, random: () => 0.999 });
    const high = new Backoff({ initialDelayMs: 100, maxDelayMs: 1_000, random: () => 0 });
    expect(low.next()).toBe(75);
    expect(high.next()).toBe(100);
  });

  it('starts over after reset and survives many attempts', () => {
    const backoff = new Backoff({ initialDelayMs: 10, maxDelayMs: 50, jitter: 0 });
    for (let i = 0; i < 5_000; i++) backoff.next();
    expect(backoff.next()).toBe(50);
    backoff.reset();
    expect(backoff.next()).toBe(10);
  });

  it('rejects nonsensical settings', () => {
    expect(() => new Backoff({ initialDelayMs: -1, maxDelayMs: 10 })).toThrow(RangeError);
    expect(() => new Backoff({ initialDelayMs: 100, maxDelayMs: 10 })).toThrow(RangeError);
    expect(() => new Backoff({ initialDelayMs: 1, maxDelayMs: 10, jitter: 2 })).toThrow(RangeError);
  });
});
