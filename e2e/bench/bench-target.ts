// What a scenario calls: an MCP endpoint, a tool, and how to build and check one call.

export type UpstreamKind = 'everything' | 'fast';
export type Route = 'direct' | 'gateway';

export interface BenchTarget {
  upstream: UpstreamKind;
  route: Route;
  /** Full MCP endpoint URL, e.g. http://127.0.0.1:4100/mcp */
  url: string;
  /** Tool name at this endpoint (namespaced through the gateway, e.g. `fast__echo`). */
  tool: string;
  /** The echo tool's argument name: server-everything's `message`, the fast upstream's `text`. */
  argument: 'message' | 'text';
}

export function targetLabel(target: BenchTarget): string {
  const upstream = target.upstream === 'everything' ? 'server-everything' : 'fast upstream';
  return `${target.route === 'direct' ? 'direct' : 'gateway'} → ${upstream}`;
}

export function echoTarget(upstream: UpstreamKind, route: Route, url: string): BenchTarget {
  const tool = route === 'gateway' ? `${upstream}__echo` : 'echo';
  return { upstream, route, url, tool, argument: upstream === 'everything' ? 'message' : 'text' };
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
