import { Inject, Injectable } from '@nestjs/common';
import type { AuditEventRecord, AuditFilter, AuditStatsBucket } from '@gatehouse/contracts';
import { argumentSummarySchema, auditSideEffectsSchema } from '@gatehouse/contracts';
import { Prisma } from '@gatehouse/db';
import type { AuditEvent as AuditEventRow } from '@gatehouse/db';
import { z } from 'zod';
import { DatabaseService } from '../database/database.service.js';
import type { ChainHead, StoredLink } from './audit-chain-verifier.js';

const detailsSchema = z.object({
  arguments: z.array(argumentSummarySchema).catch([]),
  errorCode: z.string().nullable().catch(null),
  sideEffects: auditSideEffectsSchema.catch({
    resourceIds: [],
    planId: null,
    idempotencyKey: null,
  }),
});

type AuditStatus = AuditEventRecord['status'];
type AuditKind = AuditEventRecord['kind'];

/** A row as the API shows it. */
export function recordOf(row: AuditEventRow): AuditEventRecord {
  const details = detailsSchema.parse(row.details ?? {});
  return {
    id: row.id.toString(),
    eventId: row.eventId,
    kind: row.kind as AuditKind,
    occurredAt: row.occurredAt.toISOString(),
    receivedAt: row.receivedAt.toISOString(),
    tenantId: row.tenantId,
    clientId: row.clientId,
    userId: row.userId,
    nodeId: row.nodeId,
    action: row.action,
    toolName: row.toolName,
    toolVersion: row.toolVersion,
    status: row.outcome as AuditStatus,
    errorCode: details.errorCode,
    latencyMs: row.durationMs ?? 0,
    arguments: details.arguments,
    sideEffects: details.sideEffects,
    traceId: row.traceId,
    requestId: row.requestId,
    chainSeq: row.chainSeq.toString(),
    hash: row.hash,
  };
}

export function whereOf(filter: AuditFilter): Prisma.AuditEventWhereInput {
  return {
    occurredAt: {
      gte: filter.from === undefined ? undefined : new Date(filter.from),
      lt: filter.to === undefined ? undefined : new Date(filter.to),
    },
    tenantId: filter.tenant,
    clientId: filter.client,
    toolName: filter.tool,
    outcome: filter.status,
    kind: filter.kind,
  };
}

const linkBatch = 2_000;

/** Reads of the audit store: search, per-minute stats, chains for verification, exports. */
@Injectable()
export class AuditQueryRepository {
  constructor(@Inject(DatabaseService) private readonly database: DatabaseService) {}

  /** Newest first (storage order), `take` rows older than `beforeId`. */
  async search(filter: AuditFilter, take: number, beforeId?: bigint): Promise<AuditEventRecord[]> {
    const rows = await this.database.client.auditEvent.findMany({
      where: { ...whereOf(filter), id: beforeId === undefined ? undefined : { lt: beforeId } },
      orderBy: { id: 'desc' },
      take,
    });
    return rows.map(recordOf);
  }

  count(filter: AuditFilter): Promise<number> {
    return this.database.client.auditEvent.count({ where: whereOf(filter) });
  }

  /** Rows in storage order, a batch at a time (keyset): memory stays flat however many. */
  async *scan(filter: AuditFilter, batch = linkBatch): AsyncGenerator<AuditEventRow[]> {
    let afterId = -1n;
    for (;;) {
      const rows = await this.database.client.auditEvent.findMany({
        where: { ...whereOf(filter), id: { gt: afterId } },
        orderBy: { id: 'asc' },
        take: batch,
      });
      if (rows.length === 0) return;
      yield rows;
      afterId = rows[rows.length - 1]?.id ?? afterId;
      if (rows.length < batch) return;
    }
  }

  async stats(minutes: number, tenant?: string): Promise<AuditStatsBucket[]> {
    const tenantFilter =
      tenant === undefined ? Prisma.empty : Prisma.sql`AND tenant_id = ${tenant}`;
    const rows = await this.database.client.$queryRaw<
      {
        minute: Date;
        calls: bigint;
        errors: bigint;
        refused: bigint;
        rate_limited: bigint;
        p95: number | null;
      }[]
    >`
      SELECT date_trunc('minute', occurred_at) AS minute,
             count(*) AS calls,
             count(*) FILTER (WHERE outcome = 'error') AS errors,
             count(*) FILTER (WHERE outcome = 'refused') AS refused,
             count(*) FILTER (WHERE outcome = 'rate_limited') AS rate_limited,
             percentile_cont(0.95) WITHIN GROUP (ORDER BY duration_ms)
               FILTER (WHERE kind = 'tool_call') AS p95
        FROM audit_events
       WHERE kind IN ('tool_call', 'refusal')
         AND occurred_at >= date_trunc('minute', now()) - make_interval(mins => ${minutes - 1})
         ${tenantFilter}
       GROUP BY 1 ORDER BY 1`;
    const byMinute = new Map(rows.map((row) => [row.minute.getTime(), row]));
    const now = new Date();
    now.setUTCSeconds(0, 0);
    const buckets: AuditStatsBucket[] = [];
    for (let index = minutes - 1; index >= 0; index -= 1) {
      const minute = new Date(now.getTime() - index * 60_000);
      const row = byMinute.get(minute.getTime());
      buckets.push({
        minute: minute.toISOString(),
        calls: Number(row?.calls ?? 0),
        errors: Number(row?.errors ?? 0),
        refused: Number(row?.refused ?? 0),
        rateLimited: Number(row?.rate_limited ?? 0),
        p95LatencyMs: row?.p95 ?? null,
      });
    }
    return buckets;
  }

  async chains(): Promise<string[]> {
    const heads = await this.database.client.auditChainHead.findMany({
      select: { chain: true },
      orderBy: { chain: 'asc' },
    });
    return heads.map((head) => head.chain);
  }

  async head(chain: string): Promise<ChainHead | null> {
    const head = await this.database.client.auditChainHead.findUnique({ where: { chain } });
    return head ? { seq: head.seq, hash: head.hash } : null;
  }

  /** Heads of the chains of these tenants (all chains when undefined). */
  async heads(tenant?: string): Promise<{ chain: string; seq: string; hash: string }[]> {
    const heads = await this.database.client.auditChainHead.findMany({
      where: tenant === undefined ? {} : { chain: tenant },
      orderBy: { chain: 'asc' },
    });
    return heads.map((head) => ({ chain: head.chain, seq: head.seq.toString(), hash: head.hash }));
  }

  /**
   * One chain's links in position order, between the positions first and last stored
   * (received) within the range. Whether the walk reached the chain's newest link is
   * returned last (so that the caller checks the head only then).
   */
  async *links(chain: string, from?: Date, to?: Date): AsyncGenerator<StoredLink[], boolean> {
    const bounds = await this.database.client.auditEvent.aggregate({
      where: { chain, receivedAt: { gte: from, lt: to } },
      _min: { chainSeq: true },
      _max: { chainSeq: true },
    });
    const first = bounds._min.chainSeq;
    const last = bounds._max.chainSeq;
    if (first === null || last === null) return to === undefined;
    const newest = await this.database.client.auditEvent.aggregate({
      where: { chain },
      _max: { chainSeq: true },
    });
    let after = first - 1n;
    for (;;) {
      const rows = await this.database.client.auditEvent.findMany({
        where: { chain, chainSeq: { gt: after, lte: last } },
        orderBy: { chainSeq: 'asc' },
        take: linkBatch,
      });
      if (rows.length === 0) break;
      yield rows.map((row) => ({
        chainSeq: row.chainSeq,
        eventId: row.eventId,
        prevHash: row.prevHash,
        hash: row.hash,
        event: row.event,
        columns: {
          eventId: row.eventId,
          kind: row.kind,
          tenantId: row.tenantId,
          occurredAt: row.occurredAt,
          outcome: row.outcome,
          clientId: row.clientId,
          userId: row.userId,
          toolName: row.toolName,
          durationMs: row.durationMs ?? 0,
        },
      }));
      after = rows[rows.length - 1]?.chainSeq ?? last;
      if (rows.length < linkBatch) break;
    }
    return last === newest._max.chainSeq;
  }
}
