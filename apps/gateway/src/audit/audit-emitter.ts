import type { AuditEvent, AuditStatus } from '@gatehouse/contracts';
import { AUDIT_EVENT_VERSION, uuidV7 } from '@gatehouse/contracts';
import type { AuditSink } from './audit-sink.js';
import { summariseArguments } from './summarise-arguments.js';

/** Who made a call, as authentication resolved it (nulls where it did not get that far). */
export interface CallIdentity {
  readonly tenantId: string | null;
  readonly clientId: string | null;
  readonly userId: string | null;
}

/** What the call path knows once a tools/call finished or was refused. */
export interface ToolCallFacts {
  readonly identity: CallIdentity;
  readonly tool: string;
  readonly toolVersion?: string | null;
  readonly upstream?: string | null;
  /** The raw arguments: only their key names and sizes are kept. */
  readonly arguments: unknown;
  readonly status: AuditStatus;
  /** JSON-RPC error code, gateway error code, or the refusing rule id. */
  readonly errorCode?: string | null;
  readonly latencyMs: number;
  readonly traceId?: string | null;
  readonly requestId?: string | null;
  readonly planId?: string | null;
  readonly idempotencyKey?: string | null;
  readonly resourceIds?: readonly string[];
}

/**
 * Builds audit events on the node (event id, time, argument summary) and hands them to the
 * sink. The one entry point the call path uses: one call per completed call, one per refusal.
 */
export class AuditEmitter {
  constructor(
    private readonly sink: AuditSink,
    private readonly nodeId: string,
  ) {}

  /** False while calls must be refused because the audit trail cannot take their events. */
  accepting(): boolean {
    return this.sink.accepting();
  }

  toolCall(facts: ToolCallFacts): boolean {
    return this.sink.emit(this.callEvent('tool_call', facts));
  }

  refusal(facts: ToolCallFacts): boolean {
    return this.sink.emit(this.callEvent('refusal', facts));
  }

  /** A node event: started, stopping, snapshot applied, spool full. */
  node(action: string, details: Record<string, string | number | boolean | null>): boolean {
    return this.sink.emit({
      v: AUDIT_EVENT_VERSION,
      eventId: uuidV7(),
      kind: 'node',
      occurredAt: new Date().toISOString(),
      actor: { tenantId: null, clientId: null, userId: null, nodeId: this.nodeId },
      action,
      tool: null,
      result: { status: 'ok', errorCode: null, latencyMs: 0 },
      sideEffects: { resourceIds: [], planId: null, idempotencyKey: null },
      traceId: null,
      requestId: null,
      details,
    });
  }

  private callEvent(kind: 'tool_call' | 'refusal', facts: ToolCallFacts): AuditEvent {
    const summary = summariseArguments(facts.arguments);
    return {
      v: AUDIT_EVENT_VERSION,
      eventId: uuidV7(),
      kind,
      occurredAt: new Date().toISOString(),
      actor: { ...facts.identity, nodeId: this.nodeId },
      action: 'tools/call',
      tool: {
        name: facts.tool,
        version: facts.toolVersion ?? null,
        upstream: facts.upstream ?? null,
        arguments: summary.arguments,
        argumentsBytes: summary.argumentsBytes,
      },
      result: {
        status: facts.status,
        errorCode: facts.errorCode ?? null,
        latencyMs: Math.max(0, Math.round(facts.latencyMs * 1000) / 1000),
      },
      sideEffects: {
        resourceIds: [...(facts.resourceIds ?? [])].slice(0, 64),
        planId: facts.planId ?? null,
        idempotencyKey: facts.idempotencyKey ?? null,
      },
      traceId: facts.traceId ?? null,
      requestId: facts.requestId ?? null,
      details: null,
    };
  }
}
