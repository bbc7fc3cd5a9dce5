import { Inject, Injectable, Logger } from '@nestjs/common';
import type { OnModuleDestroy } from '@nestjs/common';
import { Redis } from 'ioredis';
import { APP_CONFIG } from '../config/app-config.js';
import type { AppConfig } from '../config/app-config.js';

const pingTimeoutMs = 1_000;
const errorLogIntervalMs = 30_000;

/**
 * The control plane's Redis connection, behind an adapter so that nothing else imports
 * ioredis. Keys are prefixed by hand (`key()`) rather than with ioredis' keyPrefix,
 * which BullMQ does not support.
 */
@Injectable()
export class RedisService implements OnModuleDestroy {
  readonly client: Redis;
  readonly prefix: string;
  private readonly logger = new Logger(RedisService.name);
  private lastErrorLoggedAt = 0;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.prefix = config.redis.prefix;
    this.client = new Redis(config.redis.url, {
      // Boot does not wait for Redis; /readyz reports whether it is reachable.
      lazyConnect: true,
      // Fail commands fast while disconnected instead of queueing them without bound.
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
    });
    // ioredis emits 'error' on every failed reconnect; unhandled it would crash the process.
    this.client.on('error', (error: Error) => {
      const now = Date.now();
      if (now - this.lastErrorLoggedAt < errorLogIntervalMs) return;
      this.lastErrorLoggedAt = now;
      this.logger.warn(`Redis unavailable: ${error.message}`);
    });
    this.client.connect().catch(() => undefined);
  }

  key(name: string): string {
    return `${this.prefix}${name}`;
  }

  /** PING with a deadline, for readiness checks. */
  async ping(): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`no answer within ${pingTimeoutMs} ms`)),
        pingTimeoutMs,
      );
    });
    try {
      await Promise.race([this.client.ping(), deadline]);
    } finally {
      clearTimeout(timer);
    }
  }

  async onModuleDestroy(): Promise<void> {
    if (this.client.status === 'end') return;
    await this.client.quit().catch(() => this.client.disconnect());
  }
}
