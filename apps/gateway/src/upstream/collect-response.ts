import type { JsonRpcId, JsonRpcResponse } from '../jsonrpc/jsonrpc-message.js';
import { UpstreamError, type UpstreamReply } from './upstream.js';

/** Waits for the response to one request, ignoring what else the upstream sends meanwhile. */
export async function collectResponse(
  reply: UpstreamReply,
  id: JsonRpcId,
  upstream = 'upstream',
): Promise<JsonRpcResponse> {
  if (reply.kind === 'single') {
    const message = reply.message;
    if (('result' in message || 'error' in message) && message.id === id) return message;
    throw new UpstreamError(
      upstream,
      'protocol',
      `upstream "${upstream}" answered with an unrelated message`,
    );
  }
  if (reply.kind === 'stream') {
    for await (const event of reply.events) {
      const message = event.message;
      if (message !== undefined && ('result' in message || 'error' in message) && message.id === id)
        return message;
    }
    throw new UpstreamError(
      upstream,
      'unavailable',
      `upstream "${upstream}" closed the stream before answering`,
    );
  }
  throw new UpstreamError(
    upstream,
    'protocol',
    `upstream "${upstream}" accepted a request without answering it`,
  );
}
