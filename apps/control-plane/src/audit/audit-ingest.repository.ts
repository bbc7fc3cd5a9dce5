import { Inject, Injectable } from '@nestjs/common';
import type { AuditEvent } from '@gatehouse/contracts';
import type { Prisma } from '@gatehouse/db';
import { DatabaseService } from '../database/database.service.js';
import { chainOf, projectionOf } from './audit-row.js';
import { GENESIS_HASH, linkHash } from './chain-hash.js';

/** Chains appended at once per batch (each holds one pooled connection meanwhile). */
const PARALLEL_CHAINS = 4;

export interface AppendResult {
  /** Events stored now. */
  readonly stored: number;
  /** Events already stored before (same event id): skipped. */
  readonly duplicates: number;
}

/**
 * Appends events to their tenants' hash chains. One transaction per chain: its head row is
 * locked (`FOR UPDATE`), so appends to one chain are serialised across every control-plane
 * process and the chain stays linear; events already stored (by event id) are skipped under
 * that lock, so a redelivered event never takes a second position.
 */
@Injectable()
export class AuditIngestRepository {
  constructor(@Inject(DatabaseService) private readonly database: DatabaseService) {}

  /** A tenant's name (audit events name tenants as snapshots do), or undefined when gone. */
  async tenantNameOf(tenantId: string): Promise<string | undefined> {
    const tenant = await this.database.client.tenant.findUnique({
      where: { id: tenantId },
      select: { name: true },
    });
    return tenant?.name;
  }

  async append(events: readonly AuditEvent[]): Promise<AppendResult> {
    const unique = new Map<string, AuditEvent>();
    for (const event of events) if (!unique.has(event.eventId)) unique.set(event.eventId, event);
    const byChain = new Map<string, AuditEvent[]>();
    for (const event of unique.values()) {
      const chain = chainOf(event);
      const list = byChain.get(chain) ?? [];
      list.push(event);
      byChain.set(chain, list);
    }
    // Chains are independent: a few tenants' appends run at once (each still locked alone).
    let stored = 0;
    const chains = [...byChain];
    for (let index = 0; index < chains.length; index += PARALLEL_CHAINS) {
      const counts = await Promise.all(
        chains
          .slice(index, index + PARALLEL_CHAINS)
          .map(([chain, chainEvents]) => this.appendChain(chain, chainEvents)),
      );
      for (const count of counts) stored += count;
    }
    return { stored, duplicates: events.length - stored };
  }

  private appendChain(chain: string, events: readonly AuditEvent[]): Promise<number> {
    return this.database.client.$transaction(
      async (tx) => {
        await tx.$executeRaw`INSERT INTO audit_chain_heads (chain, seq, hash) VALUES (${chain}, 0, ${GENESIS_HASH}) ON CONFLICT (chain) DO NOTHING`;
        const heads = await tx.$queryRaw<{ seq: bigint; hash: string }[]>`
          SELECT seq, hash FROM audit_chain_heads WHERE chain = ${chain} FOR UPDATE`;
        const head = heads[0];
        if (!head) throw new Error(`audit chain head ${chain} vanished`);
        const existing = await tx.auditEvent.findMany({
          where: { eventId: { in: events.map((event) => event.eventId) } },
          select: { eventId: true },
        });
        const seen = new Set(existing.map((row) => row.eventId));
        let seq = head.seq;
        let prevHash = head.hash;
        const rows: Prisma.AuditEventCreateManyInput[] = [];
        for (const event of events) {
          if (seen.has(event.eventId)) continue;
          seq += 1n;
          const hash = linkHash(prevHash, seq, event);
          rows.push({
            ...projectionOf(event),
            schemaVersion: event.v,
            details: {
              arguments: event.tool?.arguments ?? [],
              argumentsBytes: event.tool?.argumentsBytes ?? 0,
              errorCode: event.result.errorCode,
              sideEffects: event.sideEffects,
            },
            event: event as unknown as Prisma.InputJsonObject,
            chain,
            chainSeq: seq,
            prevHash,
            hash,
          });
          prevHash = hash;
        }
        if (rows.length === 0) return 0;
        await tx.auditEvent.createMany({ data: rows });
        await tx.$executeRaw`UPDATE audit_chain_heads SET seq = ${seq}, hash = ${prevHash}, updated_at = now() WHERE chain = ${chain}`;
        return rows.length;
      },
      { timeout: 60_000, maxWait: 10_000 },
    );
  }
}
