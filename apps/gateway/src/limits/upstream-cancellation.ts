import type { JsonRpcId } from '../jsonrpc/jsonrpc-message.js';
import type { UpstreamRelay } from '../mcp/upstream-relay.js';
import type { SessionState } from '../session/session-state.js';
import type { Upstream } from '../upstream/upstream.js';

/**
 * What tells an upstream that a call is abandoned. A stdio upstream sends `notifications/cancelled`
 * itself when the call's signal aborts; over Streamable HTTP, closing the POST does not cancel
 * the request (the spec says so), so the gateway sends the notification.
 */
export function upstreamCanceller(
  relay: UpstreamRelay,
  session: SessionState,
  upstream: Upstream,
  requestId: JsonRpcId,
): (reason: string) => void {
  return (reason) => {
    if (upstream.config.transport.type === 'stdio') return;
    void relay.forward(session, upstream, {
      jsonrpc: '2.0',
      method: 'notifications/cancelled',
      params: { requestId, reason },
    });
  };
}
