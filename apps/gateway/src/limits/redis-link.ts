import { Redis } from 'ioredis';
import type { Logger } from 'pino';

/** How long a command may take before it counts as Redis being unreachable. */
const COMMAND_TIMEOUT_MS = 500;
const CONNECT_TIMEOUT_MS = 1_000;
const MAX_RECONNECT_DELAY_MS = 2_000;

/**
 * The node's connection to the Redis that holds shared counters. Nothing queues while it is
 * down (`enableOfflineQueue: false`, short timeouts): a command fails at once, and the caller
 * applies the tenant's fail mode. ioredis reconnects on its own; shared limiting resumes then.
 */
export class RedisLink {
  readonly client: Redis;
  #everReady = false;
  #down = false;

  constructor(
    readonly url: string,
    private readonly logger: Logger,
  ) {
    this.client = new Redis(url, {
      enableOfflineQueue: false,
      // Under load, the rate-limit and budget commands of many calls leave in one write: a
      // syscall per command was the policy path's largest cost (bench:gateway).
      enableAutoPipelining: true,
      connectTimeout: CONNECT_TIMEOUT_MS,
      commandTimeout: COMMAND_TIMEOUT_MS,
      maxRetriesPerRequest: 0,
      retryStrategy: (times) => Math.min(times * 100, MAX_RECONNECT_DELAY_MS),
    });
    this.client.on('ready', () => {
      this.#everReady = true;
      if (this.#down) this.logger.info({ redis: redactUrl(url) }, 'redis reachable again');
      this.#down = false;
    });
    this.client.on('error', (error: Error) => {
      if (!this.#down) {
        this.logger.warn(
          { redis: redactUrl(url), err: error.message },
          'redis unreachable; each tenant fails open or closed as configured',
        );
      }
      this.#down = true;
    });
  }

  get ready(): boolean {
    return this.client.status === 'ready';
  }

  /** On a brand-new link, waits (briefly) for the first connection; afterwards answers at once. */
  async whenFirstReady(): Promise<boolean> {
    if (this.ready || this.#everReady || this.#down) return this.ready;
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.client.off('ready', done);
        this.client.off('error', done);
        resolve(this.ready);
      };
      const timer = setTimeout(done, CONNECT_TIMEOUT_MS);
      this.client.once('ready', done);
      this.client.once('error', done);
    });
  }

  async close(): Promise<void> {
    try {
      await this.client.quit();
    } catch {
      this.client.disconnect();
    }
  }
}

/** The Redis URL a node uses: its environment wins over the config. */
export function redisUrlFor(configured: string | undefined): string | undefined {
  const fromEnv = process.env['GATEHOUSE_REDIS_URL'];
  if (fromEnv !== undefined && fromEnv !== '') return fromEnv;
  return configured;
}

function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password !== '') parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'redis';
  }
}
