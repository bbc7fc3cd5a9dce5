/**
 * SSE event ids the gateway hands to clients name the upstream stream they came from, so a
 * client resuming with `Last-Event-ID` may land on any node: the id alone says which upstream
 * stream to resume and from where. POST streams carry one upstream's position; the standalone
 * GET stream carries every upstream's latest position.
 */
export type DecodedEventId =
  | { kind: 'post'; upstream: string; upstreamEventId: string }
  | { kind: 'get'; positions: Record<string, string> };

export function encodePostEventId(upstream: string, upstreamEventId: string): string {
  return 'p.' + Buffer.from(JSON.stringify([upstream, upstreamEventId])).toString('base64url');
}

export function encodeGetEventId(positions: Readonly<Record<string, string>>): string {
  return 'g.' + Buffer.from(JSON.stringify(positions)).toString('base64url');
}

export function decodeEventId(value: string): DecodedEventId | undefined {
  if (value.length > 8192) return undefined;
  try {
    const payload = JSON.parse(
      Buffer.from(value.slice(2), 'base64url').toString('utf8'),
    ) as unknown;
    if (value.startsWith('p.') && Array.isArray(payload) && payload.length === 2) {
      const [upstream, upstreamEventId] = payload as unknown[];
      if (typeof upstream === 'string' && typeof upstreamEventId === 'string') {
        return { kind: 'post', upstream, upstreamEventId };
      }
    }
    if (
      value.startsWith('g.') &&
      typeof payload === 'object' &&
      payload !== null &&
      !Array.isArray(payload)
    ) {
      const positions: Record<string, string> = {};
      for (const [key, item] of Object.entries(payload)) {
        if (typeof item !== 'string') return undefined;
        positions[key] = item;
      }
      return { kind: 'get', positions };
    }
  } catch {
    return undefined;
  }
  return undefined;
}
