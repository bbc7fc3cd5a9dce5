import { JsonRpcErrorCode, errorResponse } from '../jsonrpc/jsonrpc-errors.js';
import type { JsonRpcId, JsonRpcMessage } from '../jsonrpc/jsonrpc-message.js';
import type { DownstreamReply } from '../mcp/downstream-reply.js';

/** Inside a batch only final answers travel: the response to `id`, whatever streamed before it. */
export async function collectDownstreamResponse(
  reply: DownstreamReply,
  id: JsonRpcId,
): Promise<JsonRpcMessage> {
  if (reply.kind === 'sse') {
    for await (const event of reply.events) {
      const message = event.message;
      if (message !== undefined && ('result' in message || 'error' in message) && message.id === id)
        return message;
    }
  }
  return errorResponse(
    id,
    JsonRpcErrorCode.InternalError,
    'no answer was produced for this request',
  );
}
