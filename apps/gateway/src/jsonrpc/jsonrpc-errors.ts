import type { JsonRpcErrorResponse, JsonRpcId } from './jsonrpc-message.js';

/** JSON-RPC and MCP error codes the gateway answers with. */
export const JsonRpcErrorCode = {
  ParseError: -32700,
  InvalidRequest: -32600,
  MethodNotFound: -32601,
  InvalidParams: -32602,
  InternalError: -32603,
  /** MCP: the session is not known (answered with HTTP 404). */
  SessionNotFound: -32001,
  /** MCP: resource not found. */
  ResourceNotFound: -32002,
  /** Gatehouse: the upstream that owns the target is unreachable or failed. */
  UpstreamUnavailable: -32010,
  /** Gatehouse: the upstream did not answer before the deadline. */
  UpstreamTimeout: -32011,
  /** Gatehouse: the request was refused by a gateway rule (origin, size, ...). */
  Refused: -32012,
  /** Gatehouse: the node has no configuration in force yet (answered with HTTP 503). */
  NotReady: -32013,
} as const;

export type JsonRpcErrorCodeValue = (typeof JsonRpcErrorCode)[keyof typeof JsonRpcErrorCode];

export function errorResponse(
  id: JsonRpcId | null,
  code: number,
  message: string,
  data?: unknown,
): JsonRpcErrorResponse {
  return data === undefined
    ? { jsonrpc: '2.0', id, error: { code, message } }
    : { jsonrpc: '2.0', id, error: { code, message, data } };
}
