import type { FetchLike } from '@modelcontextprotocol/sdk/shared/transport.js';

function parse(
  body: unknown,
): { id?: unknown; method?: unknown; params?: { requestId?: unknown } } | undefined {
  if (typeof body !== 'string') return undefined;
  try {
    return JSON.parse(body) as { id?: unknown; method?: unknown; params?: { requestId?: unknown } };
  } catch {
    return undefined;
  }
}

/**
 * A client that, besides sending `notifications/cancelled`, hangs up the cancelled request's
 * POST stream, as many clients do (the SDK keeps reading it). Each request's POST gets its own
 * abort, fired when a cancellation naming that request id goes out.
 */
export function dropCancelledStreamsFetch(base: FetchLike = fetch): FetchLike {
  const inFlight = new Map<string, AbortController>();
  return (url, init) => {
    const message = parse(init?.body);
    if (message?.method === 'notifications/cancelled') {
      const key = JSON.stringify(message.params?.requestId);
      inFlight.get(key)?.abort(new Error('cancelled by the client'));
      inFlight.delete(key);
    }
    if (message === undefined || typeof message.method !== 'string' || !('id' in message))
      return base(url, init);
    const controller = new AbortController();
    inFlight.set(JSON.stringify(message.id), controller);
    const signal = init?.signal
      ? AbortSignal.any([init.signal, controller.signal])
      : controller.signal;
    return base(url, { ...init, signal });
  };
}
