import type { AuditStatus } from '@gatehouse/contracts';
import type { CallerIdentity } from '@gatehouse/policy';
import type { Logger } from 'pino';
import { trace } from '@opentelemetry/api';
import { errorResponse, JsonRpcErrorCode } from '../jsonrpc/jsonrpc-errors.js';
import type { JsonRpcMessage, JsonRpcRequest } from '../jsonrpc/jsonrpc-message.js';
import { jsonReply } from '../mcp/downstream-reply.js';
import type { DownstreamEvent, DownstreamReply } from '../mcp/downstream-reply.js';
import type { GatewayMetrics } from '../metrics/gateway-metrics.js';
import type { AuditEmitter } from './audit-emitter.js';

/** What a finished tools/call came to, read from the reply the client gets. */
export interface CallOutcome {
  readonly status: AuditStatus;
  readonly errorCode: string | null;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The outcome in a JSON-RPC response to the call (`undefined` for any other message). */
export function outcomeOf(
  message: JsonRpcMessage,
  id: JsonRpcRequest['id'],
): CallOutcome | undefined {
  if (!('id' in message) || message.id !== id || 'method' in message) return undefined;
  if ('error' in message) {
    const data = isObject(message.error.data) ? message.error.data : {};
    const reason = typeof data['reason'] === 'string' ? data['reason'] : undefined;
    const rule = typeof data['rule'] === 'string' ? data['rule'] : undefined;
    if (reason === 'rate_limited') return { status: 'rate_limited', errorCode: rule ?? reason };
    if (reason !== undefined) return { status: 'refused', errorCode: rule ?? reason };
    return { status: 'error', errorCode: String(message.error.code) };
  }
  if ('result' in message && isObject(message.result) && message.result['isError'] === true)
    return { status: 'error', errorCode: 'tool_error' };
  return { status: 'ok', errorCode: null };
}

/** Where a finished call is recorded: the audit trail and the call metrics (either optional). */
export interface CallRecorders {
  readonly emitter?: AuditEmitter | undefined;
  readonly metrics?: GatewayMetrics | undefined;
  /** A debug line per finished call (tool, status, latency; never arguments), with trace ids. */
  readonly logger?: Logger | undefined;
}

export interface AuditedCall {
  readonly identity: CallerIdentity | undefined;
  readonly request: JsonRpcRequest;
}

/**
 * Runs one tools/call and emits its audit event once the outcome is known: at once for a
 * JSON reply, when the stream's final response passes for an SSE reply (the stream is
 * relayed unchanged). A refusal (by policy or a limit) becomes a `refusal` event.
 */
export async function auditToolCall(
  recorders: CallRecorders,
  call: AuditedCall,
  run: () => Promise<DownstreamReply>,
): Promise<DownstreamReply> {
  const { emitter, metrics, logger } = recorders;
  if (emitter === undefined && metrics === undefined) return run();
  if (emitter !== undefined && !emitter.accepting()) {
    // A full spool under the `refuse` policy: no call may run without its audit event.
    metrics?.toolCall(toolOf(call.request), call.identity?.tenant ?? '', 'refused', 0);
    return jsonReply(
      errorResponse(
        call.request.id,
        JsonRpcErrorCode.Refused,
        'The audit trail cannot record calls right now (audit spool full); retry later.',
        { rule: 'audit.spool_full', reason: 'audit_unavailable' },
      ),
      503,
      { 'retry-after': '30' },
    );
  }
  const started = performance.now();
  const traceId = trace.getActiveSpan()?.spanContext().traceId ?? null;
  const emit = (outcome: CallOutcome): void => {
    const params = call.request.params;
    const identity = call.identity;
    const facts = {
      identity: {
        tenantId: identity?.tenant ?? null,
        clientId: identity?.client ?? null,
        userId: identity?.user ?? null,
      },
      tool: toolOf(call.request),
      arguments: params?.arguments,
      status: outcome.status,
      errorCode: outcome.errorCode,
      latencyMs: performance.now() - started,
      traceId:
        traceId !== null && /^[0-9a-f]{32}$/.test(traceId) && !/^0+$/.test(traceId)
          ? traceId
          : null,
      requestId: String(call.request.id),
    };
    metrics?.toolCall(facts.tool, facts.identity.tenantId ?? '', outcome.status, facts.latencyMs);
    logger?.debug(
      {
        tool: facts.tool,
        status: outcome.status,
        errorCode: outcome.errorCode,
        latencyMs: Math.round(facts.latencyMs),
      },
      'tools/call finished',
    );
    if (emitter === undefined) return;
    if (outcome.status === 'refused' || outcome.status === 'rate_limited') emitter.refusal(facts);
    else emitter.toolCall(facts);
  };
  let reply: DownstreamReply;
  try {
    reply = await run();
  } catch (error) {
    emit({ status: 'error', errorCode: 'gateway_error' });
    throw error;
  }
  if (reply.kind === 'json') {
    const bodies = Array.isArray(reply.body) ? reply.body : [reply.body];
    const outcome = bodies.map((body) => outcomeOf(body, call.request.id)).find(Boolean);
    emit(outcome ?? { status: 'ok', errorCode: null });
    return reply;
  }
  if (reply.kind === 'sse')
    return { ...reply, events: watched(reply.events, call.request.id, emit) };
  emit({ status: 'ok', errorCode: null });
  return reply;
}

function toolOf(request: JsonRpcRequest): string {
  const name = request.params?.name;
  return typeof name === 'string' ? name.slice(0, 300) : '?';
}

async function* watched(
  events: AsyncIterable<DownstreamEvent>,
  id: JsonRpcRequest['id'],
  emit: (outcome: CallOutcome) => void,
): AsyncGenerator<DownstreamEvent> {
  let outcome: CallOutcome | undefined;
  try {
    for await (const event of events) {
      if (outcome === undefined && event.message) outcome = outcomeOf(event.message, id);
      yield event;
    }
  } finally {
    // A stream that ended without the answer: the client went away or the upstream failed.
    emit(outcome ?? { status: 'error', errorCode: 'stream_ended' });
  }
}
