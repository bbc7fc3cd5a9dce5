import { delay } from './deadline.js';

export interface PollOptions {
  /** What is awaited, for the timeout message. */
  readonly what: string;
  readonly timeoutMs?: number;
  readonly intervalMs?: number;
}

/**
 * Calls `read` until it returns something other than undefined. A `read` that throws is
 * retried (a process still starting refuses connections); the last error is named on timeout.
 */
export async function pollUntil<T>(
  read: () => Promise<T | undefined>,
  options: PollOptions,
): Promise<T> {
  const timeoutMs = options.timeoutMs ?? 15_000;
  const deadline = Date.now() + timeoutMs;
  let last = '';
  for (;;) {
    try {
      const value = await read();
      if (value !== undefined) return value;
    } catch (error) {
      last = `; last error: ${error instanceof Error ? error.message : String(error)}`;
    }
    if (Date.now() > deadline)
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${options.what}${last}`);
    await delay(options.intervalMs ?? 50);
  }
}
