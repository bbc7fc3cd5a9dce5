/**
 * A call's deadline: one signal that aborts when the client goes away or the time is up, and a
 * promise that settles when the time is up (never when the client leaves).
 */
export class CallDeadline {
  readonly signal: AbortSignal;
  readonly expired: Promise<'expired'>;
  /** Called once when the deadline passes, before the signal aborts. */
  onExpire: (() => void) | undefined;
  #fired = false;
  readonly #timer: NodeJS.Timeout;
  readonly #own = new AbortController();

  constructor(
    readonly timeoutMs: number,
    clientSignal: AbortSignal | undefined,
  ) {
    this.signal =
      clientSignal === undefined
        ? this.#own.signal
        : AbortSignal.any([clientSignal, this.#own.signal]);
    let expire: (value: 'expired') => void = () => undefined;
    this.expired = new Promise((resolve) => {
      expire = resolve;
    });
    this.#timer = setTimeout(() => {
      this.#fired = true;
      expire('expired');
      this.onExpire?.();
      this.#own.abort(new Error(`deadline of ${timeoutMs} ms passed`));
    }, timeoutMs);
  }

  get fired(): boolean {
    return this.#fired;
  }

  clear(): void {
    clearTimeout(this.#timer);
  }
}
