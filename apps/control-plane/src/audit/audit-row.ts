import type { AuditEvent } from '@gatehouse/contracts';

/** The chain an event belongs to: its tenant's, or `-` for events without a tenant. */
export function chainOf(event: AuditEvent): string {
  return event.actor.tenantId ?? '-';
}

function actorType(event: AuditEvent): string {
  switch (event.kind) {
    case 'admin_change':
    case 'login':
      return 'admin';
    case 'node':
      return 'node';
    default:
      return 'client';
  }
}

/** The searchable columns of a stored event: projections of the hashed `event` JSON. */
export interface AuditProjection {
  readonly eventId: string;
  readonly kind: string;
  readonly tenantId: string | null;
  readonly occurredAt: Date;
  readonly actorType: string;
  readonly actorId: string | null;
  readonly action: string;
  readonly outcome: string;
  readonly ruleId: string | null;
  readonly clientId: string | null;
  readonly userId: string | null;
  readonly toolName: string | null;
  readonly toolVersion: string | null;
  readonly nodeId: string | null;
  readonly requestId: string | null;
  readonly traceId: string | null;
  readonly durationMs: number;
}

export function projectionOf(event: AuditEvent): AuditProjection {
  return {
    eventId: event.eventId,
    kind: event.kind,
    tenantId: event.actor.tenantId,
    occurredAt: new Date(event.occurredAt),
    actorType: actorType(event),
    actorId: event.actor.userId ?? event.actor.clientId ?? event.actor.nodeId,
    action: event.action,
    outcome: event.result.status,
    ruleId: event.kind === 'refusal' ? event.result.errorCode : null,
    clientId: event.actor.clientId,
    userId: event.actor.userId,
    toolName: event.tool?.name ?? null,
    toolVersion: event.tool?.version ?? null,
    nodeId: event.actor.nodeId,
    requestId: event.requestId,
    traceId: event.traceId,
    durationMs: Math.round(event.result.latencyMs),
  };
}

/** The projected columns a verifier compares with the hashed event (an edit shows in either). */
export const VERIFIED_COLUMNS = [
  'eventId',
  'kind',
  'tenantId',
  'occurredAt',
  'outcome',
  'clientId',
  'userId',
  'toolName',
  'durationMs',
] as const satisfies readonly (keyof AuditProjection)[];
