import { hostname } from 'node:os';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { AUDIT_EVENT_VERSION, uuidV7 } from '@gatehouse/contracts';
import type { AuditEvent } from '@gatehouse/contracts';
import type { ChangeContext } from '../config-history/change-context.js';
import { ConfigHistoryService } from '../config-history/config-history.service.js';
import type { RecordedChange } from '../config-history/config-history.service.js';
import { AuditIngestRepository } from './audit-ingest.repository.js';

/**
 * Every committed configuration change also becomes an `admin_change` audit event in its
 * tenant's chain (who, what entity, which action; the before/after stays in config history).
 * Stored directly (the control plane owns Postgres), after the change committed; a failure is
 * logged, never turned into a failure of the change.
 */
@Injectable()
export class AuditAdminChanges implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(AuditAdminChanges.name);
  private readonly nodeId = `control-plane@${hostname()}`;
  private unsubscribe: (() => void) | undefined;

  constructor(
    @Inject(ConfigHistoryService) private readonly history: ConfigHistoryService,
    @Inject(AuditIngestRepository) private readonly ingest: AuditIngestRepository,
  ) {}

  onApplicationBootstrap(): void {
    this.unsubscribe = this.history.onCommitted((change, context) => {
      this.record(change, context).catch((error: unknown) => {
        this.logger.error(
          `Admin change ${change.entityType}.${change.action} not audited: ${error instanceof Error ? error.message : String(error)}`,
        );
      });
    });
  }

  private async record(change: RecordedChange, context: ChangeContext): Promise<void> {
    await this.ingest.append([this.eventOf(change, context, await this.tenantOf(change))]);
  }

  /** The tenant by name, as gateway events name it: its chain is the same. */
  private async tenantOf(change: RecordedChange): Promise<string | null> {
    if (change.tenantId === null) return null;
    const named = change.after?.['name'] ?? change.before?.['name'];
    if (change.entityType === 'tenant' && typeof named === 'string') return named;
    return (await this.ingest.tenantNameOf(change.tenantId)) ?? change.tenantId;
  }

  onModuleDestroy(): void {
    this.unsubscribe?.();
  }

  eventOf(change: RecordedChange, context: ChangeContext, tenant: string | null): AuditEvent {
    return {
      v: AUDIT_EVENT_VERSION,
      eventId: uuidV7(),
      kind: 'admin_change',
      occurredAt: new Date().toISOString(),
      actor: {
        tenantId: tenant,
        clientId: null,
        userId: `${context.actor.type}:${context.actor.id}`,
        nodeId: this.nodeId,
      },
      action: `${change.entityType}.${change.action}`,
      tool: null,
      result: { status: 'ok', errorCode: null, latencyMs: 0 },
      sideEffects: { resourceIds: [change.entityId], planId: null, idempotencyKey: null },
      traceId: null,
      requestId: context.requestId,
      details: { entityType: change.entityType, entityId: change.entityId },
    };
  }
}
