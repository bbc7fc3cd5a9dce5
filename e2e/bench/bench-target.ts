// What a scenario calls: an MCP endpoint, a tool, and how to build and check one call.

export type UpstreamKind = 'everything' | 'fast';
/** `policy`: through the gateway with the full policy (API key, scopes, schema, rate limit, cap). */
export type Route = 'direct' | 'gateway' | 'policy';

export interface BenchTarget {
  upstream: UpstreamKind;
  route: Route;
  /** Full MCP endpoint URL, e.g. http://127.0.0.1:4100/mcp */
  url: string;
  /** Tool name at this endpoint (namespaced through the gateway, e.g. `fast__echo`). */
  tool: string;
  /** The echo tool's argument name: server-everything's `message`, the fast upstream's `text`. */
  argument: 'message' | 'text';
  /** Sent with every request of the scenario (the API key, for the full-policy route). */
  headers?: Record<string, string>;
}

export function targetLabel(target: BenchTarget): string {
  const upstream = target.upstream === 'everything' ? 'server-everything' : 'fast upstream';
  const route = { direct: 'direct', gateway: 'gateway', policy: 'gateway+policy' }[target.route];
  return `${route} → ${upstream}`;
}

/** The upstream name the full-policy route calls (the same server under a second name). */
export function policyUpstreamName(upstream: UpstreamKind): string {
  return `${upstream}-policy`;
}

export function echoTarget(
  upstream: UpstreamKind,
  route: Route,
  url: string,
  headers?: Record<string, string>,
): BenchTarget {
  const tool =
    route === 'direct'
      ? 'echo'
      : route === 'gateway'
        ? `${upstream}__echo`
        : `${policyUpstreamName(upstream)}__echo`;
  const argument = upstream === 'everything' ? 'message' : 'text';
  return { upstream, route, url, tool, argument, ...(headers === undefined ? {} : { headers }) };
}

/** True if a tools/call result echoes `sent` back in a text content item, and is no error. */
export function isEchoOf(result: Record<string, unknown>, sent: string): boolean {
  if (result['isError'] === true) return false;
  const content = result['content'];
  if (!Array.isArray(content)) return false;
  for (const item of content as unknown[]) {
    if (typeof item !== 'object' || item === null) continue;
    const text = (item as Record<string, unknown>)['text'];
    if (typeof text === 'string' && text.includes(sent)) return true;
  }
  return false;
}
