/** Why a gate did not give a slot. */
export class GateRefusedError extends Error {
  constructor(readonly kind: 'queue_full' | 'aborted') {
    super(kind === 'queue_full' ? 'the wait queue is full' : 'the caller went away while waiting');
    this.name = 'GateRefusedError';
  }
}

interface Waiter {
  grant: (release: () => void) => void;
  refuse: (error: GateRefusedError) => void;
}

/**
 * At most `capacity` holders at once, at most `queueDepth` waiting in arrival order; beyond that
 * a caller is refused at once. A waiter whose signal aborts leaves the queue at that moment.
 * (cockatiel's bulkhead keeps aborted waiters queued until their turn, holding a queue place.)
 */
export class ConcurrencyGate {
  #active = 0;
  readonly #queue = new Set<Waiter>();

  constructor(
    readonly capacity: number,
    readonly queueDepth: number,
  ) {}

  get active(): number {
    return this.#active;
  }

  get waiting(): number {
    return this.#queue.size;
  }

  get idle(): boolean {
    return this.#active === 0 && this.#queue.size === 0;
  }

  /** A slot's release function (idempotent); rejects with GateRefusedError. */
  acquire(signal?: AbortSignal): Promise<() => void> {
    if (signal?.aborted === true) return Promise.reject(new GateRefusedError('aborted'));
    if (this.#active < this.capacity) {
      this.#active += 1;
      return Promise.resolve(this.#releaser());
    }
    if (this.#queue.size >= this.queueDepth)
      return Promise.reject(new GateRefusedError('queue_full'));
    return new Promise((resolve, reject) => {
      const onAbort = (): void => {
        this.#queue.delete(waiter);
        reject(new GateRefusedError('aborted'));
      };
      const waiter: Waiter = {
        grant: (release) => {
          signal?.removeEventListener('abort', onAbort);
          resolve(release);
        },
        refuse: reject,
      };
      this.#queue.add(waiter);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  /** Like acquire, without waiting: undefined when no slot is free now. */
  tryAcquire(): (() => void) | undefined {
    if (this.#active >= this.capacity) return undefined;
    this.#active += 1;
    return this.#releaser();
  }

  #releaser(): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.#handOn();
    };
  }

  /** A freed slot goes straight to the first waiter, so no newcomer can jump the queue. */
  #handOn(): void {
    const next = this.#queue.values().next();
    if (next.done === true) {
      this.#active -= 1;
      return;
    }
    this.#queue.delete(next.value);
    next.value.grant(this.#releaser());
  }
}
