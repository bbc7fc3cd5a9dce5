/** JSON-RPC 2.0 as MCP uses it: ids are strings or numbers, never null on requests. */
export type JsonRpcId = string | number;

export interface JsonRpcRequest {
  jsonrpc: '2.0';
  id: JsonRpcId;
  method: string;
  params?: Record<string, unknown>;
}

export interface JsonRpcNotification {
  jsonrpc: '2.0';
  method: string;
  params?: Record<string, unknown>;
}

export interface JsonRpcErrorObject {
  code: number;
  message: string;
  data?: unknown;
}

export interface JsonRpcResultResponse {
  jsonrpc: '2.0';
  id: JsonRpcId;
  result: Record<string, unknown>;
}

export interface JsonRpcErrorResponse {
  jsonrpc: '2.0';
  id: JsonRpcId | null;
  error: JsonRpcErrorObject;
}

export type JsonRpcResponse = JsonRpcResultResponse | JsonRpcErrorResponse;
export type JsonRpcMessage = JsonRpcRequest | JsonRpcNotification | JsonRpcResponse;

export type ClassifiedMessage =
  | { kind: 'request'; message: JsonRpcRequest }
  | { kind: 'notification'; message: JsonRpcNotification }
  | { kind: 'response'; message: JsonRpcResponse }
  | { kind: 'invalid'; id: JsonRpcId | null; reason: string };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isId(value: unknown): value is JsonRpcId {
  return typeof value === 'string' || (typeof value === 'number' && Number.isFinite(value));
}

/** Validates the JSON-RPC shape of one message, naming what is wrong when it is not valid. */
export function classifyMessage(value: unknown): ClassifiedMessage {
  if (!isRecord(value))
    return { kind: 'invalid', id: null, reason: 'a JSON-RPC message must be an object' };
  const id = isId(value.id) ? value.id : null;
  if (value.jsonrpc !== '2.0') return { kind: 'invalid', id, reason: '"jsonrpc" must be "2.0"' };
  if ('method' in value) {
    if (typeof value.method !== 'string' || value.method === '') {
      return { kind: 'invalid', id, reason: '"method" must be a non-empty string' };
    }
    if ('params' in value && value.params !== undefined && !isRecord(value.params)) {
      return { kind: 'invalid', id, reason: '"params" must be an object' };
    }
    if (!('id' in value))
      return { kind: 'notification', message: value as unknown as JsonRpcNotification };
    if (!isId(value.id))
      return { kind: 'invalid', id: null, reason: '"id" must be a string or a number' };
    return { kind: 'request', message: value as unknown as JsonRpcRequest };
  }
  if ('result' in value || 'error' in value) {
    if ('result' in value && 'error' in value) {
      return { kind: 'invalid', id, reason: 'a response has "result" or "error", not both' };
    }
    if (!isId(value.id) && !(value.id === null && 'error' in value)) {
      return {
        kind: 'invalid',
        id: null,
        reason: '"id" of a response must be a string or a number',
      };
    }
    if ('error' in value) {
      const error = value.error;
      if (!isRecord(error) || typeof error.code !== 'number' || typeof error.message !== 'string') {
        return {
          kind: 'invalid',
          id,
          reason: '"error" must have a numeric "code" and a string "message"',
        };
      }
    } else if (!isRecord(value.result)) {
      return { kind: 'invalid', id, reason: '"result" must be an object' };
    }
    return { kind: 'response', message: value as unknown as JsonRpcResponse };
  }
  return {
    kind: 'invalid',
    id,
    reason: 'a message needs "method" (request/notification) or "result"/"error" (response)',
  };
}

export function isRecordValue(value: unknown): value is Record<string, unknown> {
  return isRecord(value);
}
