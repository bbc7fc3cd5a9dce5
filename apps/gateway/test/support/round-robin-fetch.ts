import type { FetchLike } from '@modelcontextprotocol/sdk/shared/transport.js';

export interface RoutedRequest {
  /** HTTP method. */
  http: string;
  /** Index into the node list. */
  node: number;
  /** The JSON-RPC method, "response" for an answer, or "" when there is no JSON body. */
  rpc: string;
  /** The JSON-RPC id, when the body has one. */
  id?: unknown;
}

export interface RoundRobinFetch {
  fetch: FetchLike;
  /** Every request so far, in order, with the node it went to. */
  readonly routed: readonly RoutedRequest[];
}

function describeBody(body: unknown): Pick<RoutedRequest, 'rpc' | 'id'> {
  if (typeof body !== 'string') return { rpc: '' };
  try {
    const parsed = JSON.parse(body) as { method?: unknown; id?: unknown };
    const rpc = typeof parsed.method === 'string' ? parsed.method : 'response';
    return 'id' in parsed ? { rpc, id: parsed.id } : { rpc };
  } catch {
    return { rpc: '' };
  }
}

/**
 * A load balancer in a function: each request goes to the next node in turn, whatever URL the
 * client asked for (only the origin is rewritten). `nodes` is read on every call, so a spec may
 * swap a restarted node's origin in place.
 */
export function roundRobinFetch(nodes: string[]): RoundRobinFetch {
  const routed: RoutedRequest[] = [];
  let next = 0;
  const fetchLike: FetchLike = (url, init) => {
    const index = next % nodes.length;
    next += 1;
    const target = new URL(url);
    const origin = new URL(nodes[index] ?? '');
    target.protocol = origin.protocol;
    target.host = origin.host;
    routed.push({ http: init?.method ?? 'GET', node: index, ...describeBody(init?.body) });
    return fetch(target, init);
  };
  return { fetch: fetchLike, routed };
}
