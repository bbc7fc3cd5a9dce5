import { Inject, Injectable, Logger } from '@nestjs/common';
import type { OnModuleDestroy } from '@nestjs/common';
import { Queue, Worker } from 'bullmq';
import type { DefaultJobOptions, Processor } from 'bullmq';
import { Redis } from 'ioredis';
import type { RedisOptions } from 'ioredis';
import { APP_CONFIG } from '../config/app-config.js';
import type { AppConfig } from '../config/app-config.js';

const errorLogIntervalMs = 30_000;

interface Closable {
  close(): Promise<void>;
}

export interface WorkerSettings {
  /** Jobs of this queue processed at once by this process. */
  readonly concurrency: number;
}

/**
 * BullMQ behind one adapter: queues and workers on the deployment's Redis, under its key
 * prefix (BullMQ's own `prefix`, since it refuses ioredis key prefixes). Whoever creates a
 * queue or worker closes it; what is still open is closed when the module stops.
 */
@Injectable()
export class JobQueues implements OnModuleDestroy {
  /** Whether this process runs workers (`WORKER`), or only enqueues for others. */
  readonly runsWorkers: boolean;
  private readonly logger = new Logger(JobQueues.name);
  private readonly prefix: string;
  private readonly redisUrl: string;
  /** What was made here and is still open, with how to close it and its connection. */
  private readonly open = new Map<Closable, () => Promise<void>>();
  private readonly lastErrorAt = new Map<string, number>();

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.runsWorkers = config.worker;
    this.redisUrl = config.redis.url;
    // BullMQ joins prefix and queue name with ":"; `gatehouse:` keeps keys under `gatehouse:`.
    this.prefix = config.redis.prefix.replace(/:+$/, '') || 'gatehouse';
  }

  /**
   * A producer. Commands fail fast while Redis is down rather than pile up in memory: a
   * caller that must not lose a job has its own way to catch up (e.g. a reconcile job).
   */
  createQueue<Data, Name extends string>(
    name: string,
    defaultJobOptions: DefaultJobOptions = {},
  ): Queue<Data, void, Name> {
    const connection = this.connection({ enableOfflineQueue: false, maxRetriesPerRequest: 1 });
    const queue = new Queue<Data, void, Name>(name, {
      connection,
      prefix: this.prefix,
      defaultJobOptions,
    });
    queue.on('error', (error: Error) => this.logThrottled(`queue ${name}`, error));
    this.track(queue, connection);
    return queue;
  }

  /** A worker on this process, or undefined when WORKER=false (another process works). */
  createWorker<Data, Name extends string>(
    name: string,
    processor: Processor<Data, void, Name>,
    settings: WorkerSettings,
  ): Worker<Data, void, Name> | undefined {
    if (!this.runsWorkers) return undefined;
    // Blocking commands must wait as long as it takes: BullMQ requires no retry limit.
    const connection = this.connection({ maxRetriesPerRequest: null });
    const worker = new Worker<Data, void, Name>(name, processor, {
      connection,
      prefix: this.prefix,
      concurrency: settings.concurrency,
    });
    worker.on('error', (error: Error) => this.logThrottled(`worker ${name}`, error));
    this.track(worker, connection);
    return worker;
  }

  /** Closes a queue or worker made here (a worker finishes its active jobs first). */
  async close(target: Closable): Promise<void> {
    const close = this.open.get(target);
    this.open.delete(target);
    await close?.();
  }

  async onModuleDestroy(): Promise<void> {
    const closers = [...this.open.values()];
    this.open.clear();
    await Promise.allSettled(closers.map((close) => close()));
  }

  private connection(options: RedisOptions): Redis {
    const connection = new Redis(this.redisUrl, { ...options, lazyConnect: true });
    // Errors surface through the queue or worker; unhandled here they would crash the process.
    connection.on('error', () => undefined);
    return connection;
  }

  private track(target: Closable, connection: Redis): void {
    this.open.set(target, async () => {
      // With Redis away, BullMQ would wait for it to come back before closing: cut the
      // connection first so that shutdown is not held hostage by an outage.
      if (connection.status !== 'ready') connection.disconnect();
      await target.close().catch((error: unknown) => this.logThrottled('close', error));
      if (connection.status === 'ready') await connection.quit().catch(() => undefined);
      connection.disconnect();
    });
  }

  private logThrottled(where: string, error: unknown): void {
    const now = Date.now();
    if (now - (this.lastErrorAt.get(where) ?? 0) < errorLogIntervalMs) return;
    this.lastErrorAt.set(where, now);
    this.logger.warn(`BullMQ ${where}: ${error instanceof Error ? error.message : String(error)}`);
  }
}
