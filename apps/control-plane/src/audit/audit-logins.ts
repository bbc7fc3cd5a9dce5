import { hostname } from 'node:os';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { AUDIT_EVENT_VERSION, uuidV7 } from '@gatehouse/contracts';
import type { AuditEvent } from '@gatehouse/contracts';
import { ConsoleLogins } from '../auth/oidc/console-logins.js';
import type { ConsoleLogin } from '../auth/oidc/console-logins.js';
import { AuditIngestRepository } from './audit-ingest.repository.js';

/**
 * Every console sign-in (and every one refused for want of a role) becomes a `login` audit
 * event. Users are not tenant-bound, so these events go to the chain without a tenant, as
 * fleet-wide admin changes do. Stored directly; a failure is logged, never a failed sign-in.
 */
@Injectable()
export class AuditLogins implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(AuditLogins.name);
  private readonly nodeId = `control-plane@${hostname()}`;
  private unsubscribe: (() => void) | undefined;

  constructor(
    @Inject(ConsoleLogins) private readonly logins: ConsoleLogins,
    @Inject(AuditIngestRepository) private readonly ingest: AuditIngestRepository,
  ) {}

  onApplicationBootstrap(): void {
    this.unsubscribe = this.logins.on((login) => {
      this.ingest.append([this.eventOf(login)]).catch((error: unknown) => {
        this.logger.error(`console sign-in of ${login.subject} not audited: ${String(error)}`);
      });
    });
  }

  onModuleDestroy(): void {
    this.unsubscribe?.();
  }

  eventOf(login: ConsoleLogin): AuditEvent {
    return {
      v: AUDIT_EVENT_VERSION,
      eventId: uuidV7(),
      kind: 'login',
      occurredAt: new Date().toISOString(),
      actor: {
        tenantId: null,
        clientId: null,
        userId: `user:${login.subject}`,
        nodeId: this.nodeId,
      },
      action: 'console.login',
      tool: null,
      result: {
        status: login.outcome === 'ok' ? 'ok' : 'refused',
        errorCode: login.outcome === 'ok' ? null : 'no_role',
        latencyMs: 0,
      },
      sideEffects: { resourceIds: [], planId: null, idempotencyKey: null },
      traceId: null,
      requestId: null,
      details: { name: login.name, roles: [...login.roles] },
    };
  }
}
