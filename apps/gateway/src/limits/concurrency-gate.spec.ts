import { describe, expect, it } from 'vitest';
import { ConcurrencyGate, GateRefusedError } from './concurrency-gate.js';

describe('ConcurrencyGate', () => {
  it('gives capacity slots, queues up to the depth, then refuses at once', async () => {
    const gate = new ConcurrencyGate(2, 1);
    const first = await gate.acquire();
    await gate.acquire();
    const queued = gate.acquire();
    expect(gate.waiting).toBe(1);
    await expect(gate.acquire()).rejects.toMatchObject({ kind: 'queue_full' });
    first();
    const third = await queued;
    expect(gate.active).toBe(2);
    expect(gate.waiting).toBe(0);
    third();
    expect(gate.active).toBe(1);
  });

  it('serves waiters in arrival order, and a release is idempotent', async () => {
    const gate = new ConcurrencyGate(1, 3);
    const release = await gate.acquire();
    const order: number[] = [];
    const waiters = [1, 2, 3].map((n) =>
      gate.acquire().then((done) => {
        order.push(n);
        done();
      }),
    );
    release();
    release();
    await Promise.all(waiters);
    expect(order).toEqual([1, 2, 3]);
    expect(gate.idle).toBe(true);
  });

  it('a waiter whose signal aborts leaves the queue and frees its place', async () => {
    const gate = new ConcurrencyGate(1, 1);
    const release = await gate.acquire();
    const controller = new AbortController();
    const leaving = gate.acquire(controller.signal);
    controller.abort();
    await expect(leaving).rejects.toBeInstanceOf(GateRefusedError);
    expect(gate.waiting).toBe(0);
    const next = gate.acquire();
    release();
    (await next)();
    expect(gate.idle).toBe(true);
  });

  it('tryAcquire never waits', () => {
    const gate = new ConcurrencyGate(1, 5);
    const release = gate.tryAcquire();
    expect(release).toBeDefined();
    expect(gate.tryAcquire()).toBeUndefined();
    release?.();
    expect(gate.tryAcquire()).toBeDefined();
  });
});
