import type { JsonRpcId } from '../jsonrpc/jsonrpc-message.js';

const PREFIX = 'gh:';

/**
 * A request an upstream sends to the client (sampling, elicitation, roots) gets an id that names
 * its upstream, so whichever node receives the client's answer can forward it to that upstream.
 */
export function encodeRelayedRequestId(upstream: string, id: JsonRpcId): string {
  return `${PREFIX}${upstream}:${JSON.stringify(id)}`;
}

export function decodeRelayedRequestId(
  id: JsonRpcId | null,
): { upstream: string; id: JsonRpcId } | undefined {
  if (typeof id !== 'string' || !id.startsWith(PREFIX)) return undefined;
  const at = id.indexOf(':', PREFIX.length);
  if (at < 0) return undefined;
  try {
    const original = JSON.parse(id.slice(at + 1)) as unknown;
    if (typeof original !== 'string' && typeof original !== 'number') return undefined;
    return { upstream: id.slice(PREFIX.length, at), id: original };
  } catch {
    return undefined;
  }
}
