import type { IncomingHttpHeaders } from 'node:http';

export interface GuardRefusal {
  status: number;
  message: string;
}

const LOOPBACK_NAMES = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

export function isLoopbackHost(host: string): boolean {
  return LOOPBACK_NAMES.has(host.toLowerCase()) || /^127(?:\.\d{1,3}){3}$/.test(host);
}

function hostnameOf(hostHeader: string): string | undefined {
  try {
    return new URL(`http://${hostHeader}`).hostname.toLowerCase();
  } catch {
    return undefined;
  }
}

export interface OriginPolicy {
  listenHost: string;
  allowedHosts: readonly string[];
  allowedOrigins: readonly string[];
}

/**
 * DNS-rebinding defence: a page on a foreign origin must not reach a gateway bound to
 * loopback, and a request must name a host we serve. Empty lists mean: loopback only when
 * bound to loopback; otherwise any Host, and no cross-origin browser calls.
 */
export function checkHostAndOrigin(
  headers: IncomingHttpHeaders,
  policy: OriginPolicy,
): GuardRefusal | undefined {
  const loopbackOnly = isLoopbackHost(policy.listenHost);
  const host = headers.host;
  if (policy.allowedHosts.length > 0 || loopbackOnly) {
    const hostname = host === undefined ? undefined : hostnameOf(host);
    const allowed =
      hostname !== undefined &&
      (policy.allowedHosts.length > 0
        ? policy.allowedHosts.some(
            (entry) =>
              entry === '*' ||
              entry.toLowerCase() === host?.toLowerCase() ||
              entry.toLowerCase() === hostname,
          )
        : isLoopbackHost(hostname));
    if (!allowed) return { status: 403, message: `Forbidden: Host "${host ?? ''}" is not allowed` };
  }
  const origin = headers.origin;
  if (
    origin !== undefined &&
    !isSameOrigin(origin, host) &&
    !isOriginAllowed(origin, policy, loopbackOnly)
  ) {
    return { status: 403, message: `Forbidden: Origin "${origin}" is not allowed` };
  }
  return undefined;
}

/** Browsers send Origin on same-origin POSTs too: a page served by the host it calls is no rebinding. */
function isSameOrigin(origin: string, host: string | undefined): boolean {
  if (host === undefined) return false;
  try {
    return new URL(origin).host.toLowerCase() === host.toLowerCase();
  } catch {
    return false;
  }
}

export function isOriginAllowed(
  origin: string,
  policy: OriginPolicy,
  loopbackOnly = isLoopbackHost(policy.listenHost),
): boolean {
  const normalized = origin.toLowerCase();
  if (
    policy.allowedOrigins.some((allowed) => allowed === '*' || allowed.toLowerCase() === normalized)
  )
    return true;
  if (policy.allowedOrigins.length > 0 || !loopbackOnly) return false;
  try {
    return isLoopbackHost(new URL(origin).hostname);
  } catch {
    return false;
  }
}

function mediaTypes(accept: string | undefined): string[] {
  if (accept === undefined) return [];
  return accept.split(',').map((part) => (part.split(';')[0] ?? '').trim().toLowerCase());
}

/** A POST must accept both JSON and SSE answers, as the transport spec requires. */
export function checkPostAccept(accept: string | undefined): GuardRefusal | undefined {
  const types = mediaTypes(accept);
  if (types.includes('application/json') && types.includes('text/event-stream')) return undefined;
  return {
    status: 406,
    message: 'Not Acceptable: Accept must include both application/json and text/event-stream',
  };
}

export function checkGetAccept(accept: string | undefined): GuardRefusal | undefined {
  if (mediaTypes(accept).includes('text/event-stream')) return undefined;
  return { status: 406, message: 'Not Acceptable: Accept must include text/event-stream' };
}

export function checkContentType(contentType: string | undefined): GuardRefusal | undefined {
  const type = (contentType?.split(';')[0] ?? '').trim().toLowerCase();
  if (type === 'application/json') return undefined;
  return { status: 415, message: 'Unsupported Media Type: Content-Type must be application/json' };
}
