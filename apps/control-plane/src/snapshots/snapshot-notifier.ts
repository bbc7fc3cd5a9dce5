import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { Redis } from 'ioredis';
import { z } from 'zod';
import { APP_CONFIG } from '../config/app-config.js';
import type { AppConfig } from '../config/app-config.js';
import { RedisService } from '../redis/redis.service.js';

/** Why a wait ended: a new version of the fleet, or this process is shutting down. */
export type WakeReason = 'published' | 'closing';

export interface SnapshotWait {
  readonly woken: Promise<WakeReason>;
  cancel(): void;
}

const noticeSchema = z.object({
  fleetId: z.string(),
  version: z.int(),
  origin: z.string(),
});

/**
 * Tells long-polling nodes that a fleet has a new snapshot, on every control-plane instance:
 * a build publishes on a Redis channel, each instance wakes its own waiters. The building
 * instance wakes its waiters directly too, so they do not depend on the round trip.
 */
@Injectable()
export class SnapshotNotifier implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(SnapshotNotifier.name);
  private readonly origin = randomUUID();
  private readonly channel: string;
  private readonly waiters = new Map<string, Set<(reason: WakeReason) => void>>();
  private subscriber: Redis | undefined;
  private closing = false;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(RedisService) private readonly redis: RedisService,
  ) {
    this.channel = redis.key('snapshots:published');
  }

  onModuleInit(): void {
    // Its own connection: a subscribed connection can do nothing else. It queues the
    // SUBSCRIBE until Redis answers and re-subscribes after every reconnect.
    const subscriber = new Redis(this.config.redis.url, { lazyConnect: true });
    subscriber.on('error', () => undefined);
    subscriber.on('message', (_channel: string, message: string) => this.received(message));
    subscriber.subscribe(this.channel).catch((error: unknown) => {
      if (!this.closing) this.logger.warn(`Cannot subscribe to snapshot notices: ${String(error)}`);
    });
    this.subscriber = subscriber;
  }

  /** A snapshot version of `fleetId` was stored (committed). */
  published(fleetId: string, version: number): void {
    this.wake(fleetId, 'published');
    const message = JSON.stringify({ fleetId, version, origin: this.origin });
    this.redis.client.publish(this.channel, message).catch((error: unknown) => {
      // Other instances' nodes then see the version at the end of their current wait.
      this.logger.warn(`Could not announce snapshot ${fleetId}@${version}: ${String(error)}`);
    });
  }

  /** Resolves at the next new version of the fleet (or shutdown); cancel() when done waiting. */
  next(fleetId: string): SnapshotWait {
    if (this.closing) return { woken: Promise.resolve('closing'), cancel: () => undefined };
    let wake: (reason: WakeReason) => void = () => undefined;
    const woken = new Promise<WakeReason>((resolve) => {
      wake = resolve;
    });
    const set = this.waiters.get(fleetId) ?? new Set();
    set.add(wake);
    this.waiters.set(fleetId, set);
    return {
      woken,
      cancel: () => {
        set.delete(wake);
        if (set.size === 0 && this.waiters.get(fleetId) === set) this.waiters.delete(fleetId);
      },
    };
  }

  /** Ends every wait at once, so held long-polls answer before the HTTP server closes. */
  async onModuleDestroy(): Promise<void> {
    this.closing = true;
    for (const fleetId of [...this.waiters.keys()]) this.wake(fleetId, 'closing');
    const subscriber = this.subscriber;
    this.subscriber = undefined;
    if (!subscriber) return;
    // QUIT would wait in the offline queue for a Redis that is away.
    if (subscriber.status === 'ready') await subscriber.quit().catch(() => undefined);
    subscriber.disconnect();
  }

  private received(message: string): void {
    let notice: z.infer<typeof noticeSchema>;
    try {
      notice = noticeSchema.parse(JSON.parse(message));
    } catch {
      this.logger.warn('Ignored a malformed snapshot notice');
      return;
    }
    if (notice.origin !== this.origin) this.wake(notice.fleetId, 'published');
  }

  private wake(fleetId: string, reason: WakeReason): void {
    const set = this.waiters.get(fleetId);
    if (!set) return;
    this.waiters.delete(fleetId);
    for (const wake of set) wake(reason);
  }
}
