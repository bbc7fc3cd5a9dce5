import type { AuditEvent } from '@gatehouse/contracts';
import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { AuditSpool } from './audit-spool.js';
import type { AuditSink, AuditSinkStats } from './audit-sink.js';

/** What a full spool does: refuse new calls until it drains, or drop events and count them. */
export type SpoolFullPolicy = 'refuse' | 'drop';

export interface RedisStreamAuditSinkOptions {
  readonly redisUrl: string;
  /** The deployment's key prefix (`gatehouse:`): the stream is `<prefix>audit:events`. */
  readonly prefix: string;
  readonly spoolDir: string;
  readonly spoolMaxBytes: number;
  readonly fullPolicy: SpoolFullPolicy;
  /** `XADD … MAXLEN ~ n`: the stream's bound (size it for the longest consumer outage). */
  readonly streamMaxLen: number;
  readonly logger: Logger;
  readonly batchSize?: number;
  /** How often a spool is retried while Redis is away. */
  readonly retryMs?: number;
}

export const AUDIT_STREAM_SUFFIX = 'audit:events';
const loudLogIntervalMs = 5_000;

/**
 * The gateway's audit sink: events queue in memory (never awaited by the call path) and
 * one worker loop sends them in batches with `XADD … MAXLEN ~`. While Redis is unreachable
 * batches go to the spool file; while the spool holds anything, new events go there too, so
 * that replay (oldest first, when Redis answers again) keeps each node's order.
 */
export class RedisStreamAuditSink implements AuditSink {
  private readonly redis: Redis;
  private readonly spool: AuditSpool;
  private readonly streamKey: string;
  private readonly batchSize: number;
  private readonly retryMs: number;
  private buffer: string[] = [];
  private working: Promise<void> | undefined;
  private nextReplayAt = 0;
  private timer: NodeJS.Timeout | undefined;
  private closed = false;
  private spoolFull = false;
  private lastLoudLogAt = 0;
  private counts = { emitted: 0, streamed: 0, spooled: 0, replayed: 0, dropped: 0 };

  private constructor(private readonly options: RedisStreamAuditSinkOptions) {
    this.streamKey = `${options.prefix}${AUDIT_STREAM_SUFFIX}`;
    this.batchSize = options.batchSize ?? 500;
    this.retryMs = options.retryMs ?? 1_000;
    this.spool = new AuditSpool({ dir: options.spoolDir, maxBytes: options.spoolMaxBytes });
    this.redis = new Redis(options.redisUrl, {
      lazyConnect: true,
      // Commands fail at once while disconnected: the spool takes over, memory stays bounded.
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      commandTimeout: 3_000,
      retryStrategy: (attempt) => Math.min(attempt * 200, 2_000),
    });
    this.redis.on('error', () => undefined);
  }

  /** Opens the spool (replaying what a previous run left) and connects. */
  static async start(options: RedisStreamAuditSinkOptions): Promise<RedisStreamAuditSink> {
    const sink = new RedisStreamAuditSink(options);
    await sink.spool.open();
    sink.redis.connect().catch(() => undefined);
    sink.timer = setInterval(() => sink.kick(), sink.retryMs);
    sink.timer.unref();
    if (!sink.spool.isEmpty)
      options.logger.info({ spoolBytes: sink.spool.bytes }, 'audit spool found: replaying');
    sink.kick();
    return sink;
  }

  emit(event: AuditEvent): boolean {
    if (this.closed || !this.accepting()) return false;
    this.counts.emitted += 1;
    this.buffer.push(JSON.stringify(event));
    if (!this.working) queueMicrotask(() => this.kick());
    return true;
  }

  accepting(): boolean {
    return !(this.spoolFull && this.options.fullPolicy === 'refuse');
  }

  stats(): AuditSinkStats {
    return { ...this.counts, spoolBytes: this.spool.bytes, spoolFull: this.spoolFull };
  }

  /** Resolves once everything emitted so far is in Redis or the spool. */
  async flush(): Promise<void> {
    while (this.working || this.buffer.length > 0) {
      this.kick();
      await this.working;
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearInterval(this.timer);
    await this.flush();
    await this.spool.close();
    if (this.redis.status === 'ready') await this.redis.quit().catch(() => undefined);
    this.redis.disconnect();
  }

  private kick(): void {
    if (this.working) return;
    if (this.buffer.length === 0 && (this.spool.isEmpty || this.closed)) return;
    this.working = this.work()
      .catch((error: unknown) => {
        this.options.logger.error({ err: error }, 'audit sink failed; retrying');
      })
      .finally(() => {
        this.working = undefined;
      });
  }

  private async work(): Promise<void> {
    for (;;) {
      if (!this.spool.isEmpty && !this.closed && Date.now() >= this.nextReplayAt) {
        await this.replay();
        continue;
      }
      const batch = this.buffer.splice(0, this.batchSize);
      if (batch.length === 0) return;
      if (this.spool.isEmpty) {
        try {
          await this.xadd(batch);
          this.counts.streamed += batch.length;
          continue;
        } catch {
          this.nextReplayAt = Date.now() + this.retryMs;
        }
      }
      await this.toSpool(batch);
    }
  }

  private async replay(): Promise<void> {
    try {
      const replayed = await this.spool.replay(async (lines) => {
        await this.xadd(lines);
        this.counts.replayed += lines.length;
        // Events emitted meanwhile go behind the spooled ones, in order.
        await this.spillBuffer();
      }, this.batchSize);
      if (replayed > 0) this.options.logger.info({ replayed }, 'audit spool replayed to Redis');
      if (this.spoolFull) this.options.logger.warn('audit spool drained: accepting calls again');
      this.spoolFull = false;
    } catch {
      this.nextReplayAt = Date.now() + this.retryMs;
    }
  }

  private async spillBuffer(): Promise<void> {
    while (this.buffer.length > 0) await this.toSpool(this.buffer.splice(0, this.batchSize));
  }

  private async toSpool(batch: string[]): Promise<void> {
    if (this.spool.fits(batch)) {
      await this.spool.append(batch);
      this.counts.spooled += batch.length;
      return;
    }
    this.spoolFull = true;
    this.counts.dropped += batch.length;
    const now = Date.now();
    if (now - this.lastLoudLogAt >= loudLogIntervalMs) {
      this.lastLoudLogAt = now;
      this.options.logger.error(
        {
          audit: {
            dropped: this.counts.dropped,
            spoolBytes: this.spool.bytes,
            policy: this.options.fullPolicy,
          },
        },
        `AUDIT SPOOL FULL: Redis unreachable and ${this.spool.bytes} bytes spooled; ${this.counts.dropped} event(s) dropped so far; policy ${this.options.fullPolicy}${this.options.fullPolicy === 'refuse' ? ' (new calls are refused)' : ''}`,
      );
    }
  }

  private async xadd(lines: readonly string[]): Promise<void> {
    const pipeline = this.redis.pipeline();
    for (const line of lines) {
      pipeline.xadd(this.streamKey, 'MAXLEN', '~', this.options.streamMaxLen, '*', 'e', line);
    }
    const results = await pipeline.exec();
    if (!results) throw new Error('Redis pipeline aborted');
    for (const [error] of results) if (error) throw error;
  }
}
