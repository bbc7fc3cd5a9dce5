import type { FastifyReply } from 'fastify';
import { JsonRpcErrorCode, errorResponse } from '../jsonrpc/jsonrpc-errors.js';
import type { JsonRpcId } from '../jsonrpc/jsonrpc-message.js';

/** Transport-level refusals: an HTTP status with a JSON-RPC error body saying what to fix. */
export function sendHttpError(
  reply: FastifyReply,
  status: number,
  message: string,
  code: number = status === 404
    ? JsonRpcErrorCode.SessionNotFound
    : JsonRpcErrorCode.InvalidRequest,
  id: JsonRpcId | null = null,
): FastifyReply {
  return reply
    .code(status)
    .header('content-type', 'application/json')
    .send(errorResponse(id, code, message));
}
