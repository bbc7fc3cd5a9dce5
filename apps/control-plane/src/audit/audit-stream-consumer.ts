import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { auditEventSchema } from '@gatehouse/contracts';
import type { AuditEvent } from '@gatehouse/contracts';
import { Redis } from 'ioredis';
import { APP_CONFIG } from '../config/app-config.js';
import type { AppConfig } from '../config/app-config.js';
import { AUDIT_CONFIG } from './audit-config.js';
import type { AuditConfig } from './audit-config.js';
import { AuditIngestRepository } from './audit-ingest.repository.js';

/** The stream gateway nodes XADD to, under the deployment's prefix. */
export const AUDIT_STREAM_SUFFIX = 'audit:events';
/** Entries that are not audit events (bad JSON, wrong schema) are moved here, not lost. */
export const AUDIT_DEAD_LETTER_SUFFIX = 'audit:dead';

type StreamEntry = [id: string, fields: string[]];
type StreamReply = [key: string, entries: StreamEntry[]][] | null;

const blockMs = 2_000;
const backoffMs = 1_000;
const errorLogIntervalMs = 30_000;

export interface IngestCounters {
  stored: number;
  duplicates: number;
  deadLettered: number;
  claimed: number;
}

/**
 * The control plane's side of the audit pipeline (on processes with WORKER=true): reads the
 * stream as one consumer of a group, stores each batch (hash-chained, deduplicated), and only
 * then XACKs it. Entries left pending by a consumer that died are taken over with XAUTOCLAIM
 * once idle for AUDIT_CLAIM_IDLE_MS, so an event read but not stored is never lost.
 */
@Injectable()
export class AuditStreamConsumer implements OnApplicationBootstrap, OnModuleDestroy {
  readonly counters: IngestCounters = { stored: 0, duplicates: 0, deadLettered: 0, claimed: 0 };
  private readonly logger = new Logger(AuditStreamConsumer.name);
  private readonly redis: Redis;
  private readonly streamKey: string;
  private readonly deadKey: string;
  private readonly consumer = `${hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`;
  private running = false;
  private loop: Promise<void> | undefined;
  private lastErrorAt = 0;

  constructor(
    @Inject(APP_CONFIG) private readonly appConfig: AppConfig,
    @Inject(AUDIT_CONFIG) private readonly config: AuditConfig,
    @Inject(AuditIngestRepository) private readonly ingest: AuditIngestRepository,
  ) {
    this.streamKey = `${appConfig.redis.prefix}${AUDIT_STREAM_SUFFIX}`;
    this.deadKey = `${appConfig.redis.prefix}${AUDIT_DEAD_LETTER_SUFFIX}`;
    // Its own connection: XREADGROUP blocks it.
    this.redis = new Redis(appConfig.redis.url, {
      lazyConnect: true,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      retryStrategy: (attempt) => Math.min(attempt * 200, 2_000),
    });
    this.redis.on('error', () => undefined);
  }

  onApplicationBootstrap(): void {
    if (!this.appConfig.worker) return;
    this.running = true;
    this.redis.connect().catch(() => undefined);
    this.loop = this.run();
  }

  async onModuleDestroy(): Promise<void> {
    this.running = false;
    // Unblocks a pending XREADGROUP; what was read and not stored stays pending (claimed later).
    this.redis.disconnect();
    await this.loop;
  }

  private async run(): Promise<void> {
    let groupReady = false;
    let nextClaimAt = 0;
    while (this.running) {
      try {
        if (!groupReady) {
          await this.ensureGroup();
          groupReady = true;
        }
        if (Date.now() >= nextClaimAt) {
          await this.claimAbandoned();
          nextClaimAt = Date.now() + Math.max(1_000, Math.floor(this.config.claimIdleMs / 2));
        }
        const reply = (await this.redis.xreadgroup(
          'GROUP',
          this.config.consumerGroup,
          this.consumer,
          'COUNT',
          this.config.batchSize,
          'BLOCK',
          blockMs,
          'STREAMS',
          this.streamKey,
          '>',
        )) as StreamReply;
        const entries = reply?.[0]?.[1] ?? [];
        if (entries.length > 0) await this.handle(entries);
      } catch (error) {
        if (!this.running) return;
        if (error instanceof Error && error.message.includes('NOGROUP')) groupReady = false;
        this.logThrottled(error);
        await sleep(backoffMs);
      }
    }
  }

  private async ensureGroup(): Promise<void> {
    try {
      await this.redis.xgroup('CREATE', this.streamKey, this.config.consumerGroup, '0', 'MKSTREAM');
      this.logger.log(`Created consumer group ${this.config.consumerGroup} on ${this.streamKey}`);
    } catch (error) {
      if (!(error instanceof Error && error.message.includes('BUSYGROUP'))) throw error;
    }
  }

  /** Takes over entries another consumer read and never acknowledged (it crashed). */
  private async claimAbandoned(): Promise<void> {
    let cursor = '0-0';
    do {
      const reply = (await this.redis.xautoclaim(
        this.streamKey,
        this.config.consumerGroup,
        this.consumer,
        this.config.claimIdleMs,
        cursor,
        'COUNT',
        this.config.batchSize,
      )) as [string, (StreamEntry | null)[], string[]?];
      cursor = reply[0];
      const entries = reply[1].filter((entry): entry is StreamEntry => entry !== null);
      // Entries trimmed away meanwhile come back as ids only: nothing left to store.
      const deleted = reply[2] ?? [];
      if (deleted.length > 0)
        this.logger.error(
          `${deleted.length} pending audit entries were trimmed from the stream before being stored (MAXLEN too small for the outage)`,
        );
      if (entries.length > 0) {
        this.counters.claimed += entries.length;
        this.logger.warn(`Claimed ${entries.length} audit entries abandoned by another consumer`);
        await this.handle(entries);
      }
    } while (cursor !== '0-0' && this.running);
  }

  private async handle(entries: readonly StreamEntry[]): Promise<void> {
    const events: AuditEvent[] = [];
    const dead: { id: string; raw: string; reason: string }[] = [];
    for (const [id, fields] of entries) {
      const raw = fieldOf(fields, 'e');
      let reason: string;
      try {
        const parsed = auditEventSchema.safeParse(JSON.parse(raw ?? 'null'));
        if (parsed.success) {
          events.push(parsed.data);
          continue;
        }
        reason = parsed.error.issues
          .slice(0, 3)
          .map((issue) => `${issue.path.join('.')}: ${issue.message}`)
          .join('; ');
      } catch {
        reason = 'not JSON';
      }
      dead.push({ id, raw: (raw ?? '').slice(0, 65_536), reason });
    }
    const result = await this.ingest.append(events);
    this.counters.stored += result.stored;
    this.counters.duplicates += result.duplicates;
    if (dead.length > 0) {
      const pipeline = this.redis.pipeline();
      for (const entry of dead)
        pipeline.xadd(this.deadKey, '*', 'id', entry.id, 'reason', entry.reason, 'e', entry.raw);
      await pipeline.exec();
      this.counters.deadLettered += dead.length;
      this.logger.error(`${dead.length} malformed audit entries moved to ${this.deadKey}`);
    }
    // Only now, with every event stored (or dead-lettered), are the entries acknowledged.
    await this.redis.xack(this.streamKey, this.config.consumerGroup, ...entries.map(([id]) => id));
  }

  private logThrottled(error: unknown): void {
    const now = Date.now();
    if (now - this.lastErrorAt < errorLogIntervalMs) return;
    this.lastErrorAt = now;
    this.logger.warn(
      `Audit ingest paused: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}

function fieldOf(fields: readonly string[], name: string): string | undefined {
  for (let index = 0; index + 1 < fields.length; index += 2)
    if (fields[index] === name) return fields[index + 1];
  return undefined;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
