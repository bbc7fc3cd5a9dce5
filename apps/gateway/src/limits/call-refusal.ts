import { JsonRpcErrorCode, errorResponse } from '../jsonrpc/jsonrpc-errors.js';
import type { JsonRpcErrorResponse, JsonRpcId } from '../jsonrpc/jsonrpc-message.js';
import { jsonReply, type DownstreamReply } from '../mcp/downstream-reply.js';
import type { RejectReason } from '../metrics/gateway-metrics.js';

/** Which limit refused: stable ids clients and operators can match on. */
export type LimitId =
  | 'tenant_rate_limit'
  | 'client_rate_limit'
  | 'tool_rate_limit'
  | 'daily_call_budget'
  | 'daily_cost_budget'
  | 'tool_concurrency'
  | 'tenant_concurrency'
  | 'tool_queue'
  | 'circuit_breaker'
  | 'shared_limits_unavailable';

/**
 * A call the gateway refused for a budget or backpressure rule. It names the limit and what to
 * do, and only ever the caller's own tenant, client and tool.
 */
export interface CallRefusal {
  readonly reason: RejectReason;
  readonly limit: LimitId;
  readonly message: string;
  /** HTTP status when the whole answer is this refusal: 429 for the caller's limits, 503 for ours. */
  readonly status: 429 | 503;
  /** Whole seconds; absent when waiting does not help. */
  readonly retryAfterSeconds?: number;
}

export function refusalError(id: JsonRpcId, refusal: CallRefusal): JsonRpcErrorResponse {
  return errorResponse(id, JsonRpcErrorCode.Refused, refusal.message, {
    reason: refusal.reason,
    limit: refusal.limit,
    ...(refusal.retryAfterSeconds === undefined
      ? {}
      : { retryAfterSeconds: refusal.retryAfterSeconds }),
  });
}

/** The whole HTTP answer: the status, `Retry-After` where waiting helps, and the JSON-RPC error. */
export function refusalReply(id: JsonRpcId, refusal: CallRefusal): DownstreamReply {
  const headers =
    refusal.retryAfterSeconds === undefined
      ? undefined
      : { 'retry-after': String(refusal.retryAfterSeconds) };
  return jsonReply(refusalError(id, refusal), refusal.status, headers);
}

export function retryAfterSeconds(ms: number): number {
  return Math.max(1, Math.ceil(ms / 1000));
}

/**
 * The deadline passed: said to the caller as a timeout, never as a refusal, in the shape of the
 * relay's own timeouts (-32011, `data: {upstream}`).
 */
export function deadlineError(
  id: JsonRpcId,
  upstream: string,
  tool: string,
  timeoutMs: number,
): JsonRpcErrorResponse {
  return errorResponse(
    id,
    JsonRpcErrorCode.UpstreamTimeout,
    `upstream "${upstream}" did not answer in ${timeoutMs} ms, the deadline of tool "${tool}"; the call was cancelled there`,
    { upstream },
  );
}
