import { Inject, Injectable } from '@nestjs/common';
import type { AuditEvent } from '@gatehouse/contracts';
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
        // Fixed-shape statements (one array / one JSON parameter, whatever the batch size):
        // Prisma caches a query plan per shape, and per-size plans grew the heap without bound.
        const ids = events.map((event) => event.eventId);
        const existing = await tx.$queryRaw<{ event_id: string }[]>`
          SELECT event_id::text FROM audit_events WHERE event_id = ANY(${ids}::uuid[])`;
        const seen = new Set(existing.map((row) => row.event_id));
        let seq = head.seq;
        let prevHash = head.hash;
        const rows: Record<string, unknown>[] = [];
        for (const event of events) {
          if (seen.has(event.eventId)) continue;
          seq += 1n;
          const hash = linkHash(prevHash, seq, event);
          const projection = projectionOf(event);
          rows.push({
            event_id: projection.eventId,
            schema_version: event.v,
            kind: projection.kind,
            tenant_id: projection.tenantId,
            occurred_at: event.occurredAt,
            actor_type: projection.actorType,
            actor_id: projection.actorId,
            action: projection.action,
            outcome: projection.outcome,
            rule_id: projection.ruleId,
            client_id: projection.clientId,
            user_id: projection.userId,
            tool_name: projection.toolName,
            tool_version: projection.toolVersion,
            node_id: projection.nodeId,
            request_id: projection.requestId,
            trace_id: projection.traceId,
            duration_ms: projection.durationMs,
            details: {
              arguments: event.tool?.arguments ?? [],
              argumentsBytes: event.tool?.argumentsBytes ?? 0,
              errorCode: event.result.errorCode,
              sideEffects: event.sideEffects,
            },
            event,
            chain,
            chain_seq: seq.toString(),
            prev_hash: prevHash,
            hash,
          });
          prevHash = hash;
        }
        if (rows.length === 0) return 0;
        await tx.$executeRaw`
          INSERT INTO audit_events (event_id, schema_version, kind, tenant_id, occurred_at,
            actor_type, actor_id, action, outcome, rule_id, client_id, user_id, tool_name,
            tool_version, node_id, request_id, trace_id, duration_ms, details, event, chain,
            chain_seq, prev_hash, hash)
          SELECT event_id, schema_version, kind, tenant_id, occurred_at, actor_type, actor_id,
            action, outcome, rule_id, client_id, user_id, tool_name, tool_version, node_id,
            request_id, trace_id, duration_ms, details, event, chain, chain_seq, prev_hash, hash
          FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS row(event_id uuid,
            schema_version int, kind text, tenant_id text, occurred_at timestamptz,
            actor_type text, actor_id text, action text, outcome text, rule_id text,
            client_id text, user_id text, tool_name text, tool_version text, node_id text,
            request_id text, trace_id text, duration_ms int, details jsonb, event jsonb,
            chain text, chain_seq bigint, prev_hash text, hash text)`;
        await tx.$executeRaw`UPDATE audit_chain_heads SET seq = ${seq}, hash = ${prevHash}, updated_at = now() WHERE chain = ${chain}`;
        return rows.length;
      },
      { timeout: 60_000, maxWait: 10_000 },
    );
  }
}
