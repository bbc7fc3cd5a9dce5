import type { JsonRpcMessage } from '../jsonrpc/jsonrpc-message.js';

/** One SSE event for the client: a message, or a priming event carrying only an id and retry hint. */
export interface DownstreamEvent {
  message?: JsonRpcMessage;
  id?: string;
  retryMs?: number;
}

/** What the HTTP layer writes back for one POST or GET. */
export type DownstreamReply =
  | { kind: 'accepted' }
  | {
      kind: 'json';
      status: number;
      body: JsonRpcMessage | JsonRpcMessage[];
      headers?: Record<string, string>;
    }
  | { kind: 'sse'; events: AsyncIterable<DownstreamEvent>; headers?: Record<string, string> };

export function jsonReply(
  body: JsonRpcMessage | JsonRpcMessage[],
  status = 200,
  headers?: Record<string, string>,
): DownstreamReply {
  return headers === undefined
    ? { kind: 'json', status, body }
    : { kind: 'json', status, body, headers };
}
