import type { Logger } from 'pino';
import { LogRateLimiter } from './log-rate-limiter.js';
import { previewBytes, previewText } from './preview.js';

const PREVIEW_CHARS = 512;
const LINES_PER_WINDOW = 100;
const WINDOW_MS = 10_000;

/**
 * Logs what a child process controls (its stderr, garbage on its stdout, a stdin it stops
 * reading) truncated and rate-limited per kind, so a chatty or broken child cannot flood
 * the gateway's logs.
 */
export class ChildOutputLog {
  readonly #logger: Logger;
  readonly #stdout = newLimiter();
  readonly #stderr = newLimiter();
  readonly #stdin = newLimiter();

  constructor(logger: Logger) {
    this.#logger = logger;
  }

  nonJsonLine(text: string): void {
    this.#log(
      this.#stdout,
      'warn',
      { line: previewText(text, PREVIEW_CHARS) },
      'dropping non-JSON line from stdio upstream stdout',
    );
  }

  oversizedLine(head: Buffer, maxLineBytes: number): void {
    this.#log(
      this.#stdout,
      'warn',
      { head: previewBytes(head, PREVIEW_CHARS), maxLineBytes },
      'dropping oversized line from stdio upstream stdout',
    );
  }

  stderrLine(line: Buffer): void {
    this.#log(
      this.#stderr,
      'debug',
      { line: previewBytes(line, PREVIEW_CHARS) },
      'stdio upstream stderr',
    );
  }

  stdinBacklog(pendingBytes: number): void {
    this.#log(
      this.#stdin,
      'warn',
      { pendingBytes },
      'stdio upstream is not reading stdin; dropping message',
    );
  }

  /** Reports what was held back, e.g. when the child goes away and no later line would. */
  flushSuppressed(): void {
    const suppressed = {
      stdout: this.#stdout.takeSuppressed(),
      stderr: this.#stderr.takeSuppressed(),
      stdin: this.#stdin.takeSuppressed(),
    };
    if (suppressed.stdout + suppressed.stderr + suppressed.stdin > 0) {
      this.#logger.info({ suppressed }, 'stdio upstream log lines suppressed by rate limit');
    }
  }

  #log(limiter: LogRateLimiter, level: 'warn' | 'debug', fields: object, msg: string): void {
    const { allowed, suppressed } = limiter.admit();
    if (!allowed) return;
    if (suppressed > 0) this.#logger[level]({ suppressed }, `${msg} (similar lines suppressed)`);
    this.#logger[level](fields, msg);
  }
}

function newLimiter(): LogRateLimiter {
  return new LogRateLimiter({ maxPerWindow: LINES_PER_WINDOW, windowMs: WINDOW_MS });
}
