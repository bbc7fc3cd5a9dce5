// Polls an HTTP URL until it answers as expected, the child dies, or time runs out.
import { setTimeout as sleep } from 'node:timers/promises';
import { request } from 'undici';
import type { Child } from './child-processes.js';

const POLL_INTERVAL_MS = 100;

export interface WaitReadyOptions {
  url: string;
  child: Child;
  timeoutMs: number;
  /** Which status means ready; by default any HTTP answer at all (the port is serving). */
  isReady?: (status: number) => boolean;
}

/** Resolves when ready; rejects with the child's recent output otherwise. */
export async function waitReady(options: WaitReadyOptions): Promise<void> {
  const isReady = options.isReady ?? (() => true);
  const deadline = performance.now() + options.timeoutMs;
  let lastProblem = 'no answer yet';
  const maxAttempts = Math.ceil(options.timeoutMs / POLL_INTERVAL_MS) + 1;
  for (let attempt = 0; attempt < maxAttempts && performance.now() < deadline; attempt++) {
    if (options.child.hasExited()) {
      throw new Error(
        `${options.child.name} exited before it was ready. Its last output:\n${options.child.tail()}`,
      );
    }
    try {
      const res = await request(options.url, {
        method: 'GET',
        headersTimeout: 1_000,
        bodyTimeout: 1_000,
      });
      await res.body.dump();
      if (isReady(res.statusCode)) return;
      lastProblem = `HTTP ${res.statusCode}`;
    } catch (err) {
      lastProblem = err instanceof Error ? err.message : String(err);
    }
    await sleep(POLL_INTERVAL_MS);
  }
  throw new Error(
    `${options.child.name} not ready at ${options.url} within ${options.timeoutMs} ms ` +
      `(${lastProblem}). Its last output:\n${options.child.tail()}`,
  );
}
