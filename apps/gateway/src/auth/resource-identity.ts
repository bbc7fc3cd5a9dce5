import type { IncomingHttpHeaders } from 'node:http';
import { isLoopbackHost } from '../http/request-guards.js';
import type { RuntimeConfig } from '../runtime/runtime-config.js';

export const PROTECTED_RESOURCE_PATH = '/.well-known/oauth-protected-resource';

/** Who this gateway is to OAuth clients: its resource URI (RFC 8707) and where its metadata is. */
export interface ResourceIdentity {
  /** The audience tokens must carry and RFC 9728's `resource`. */
  readonly resource: string;
  /** Sent in `WWW-Authenticate` so a client can discover the authorization servers. */
  readonly metadataUrl: string;
  /**
   * Whether `resource` may serve as a token audience: configured, or built from a Host header the
   * node restricts (loopback binding, or `security.allowedHosts`). From a Host anyone may set, a
   * token minted for another service could be replayed here under that service's name.
   */
  readonly audienceTrusted: boolean;
}

/** Per applied config, the identity `auth.resource` gives: parsed once, not per request. */
const configuredIdentities = new WeakMap<RuntimeConfig, ResourceIdentity>();

function configuredIdentity(runtime: RuntimeConfig): ResourceIdentity | undefined {
  const configured = runtime.config.auth.resource;
  if (configured === undefined) return undefined;
  let identity = configuredIdentities.get(runtime);
  if (identity === undefined) {
    identity = {
      resource: configured,
      metadataUrl: `${new URL(configured).origin}${PROTECTED_RESOURCE_PATH}`,
      audienceTrusted: true,
    };
    configuredIdentities.set(runtime, identity);
  }
  return identity;
}

/**
 * From `auth.resource` when configured (what clients behind a TLS terminator must use), else
 * from the request's own Host and the MCP path, which is what a client reached.
 */
export function resourceIdentity(
  runtime: RuntimeConfig,
  headers: IncomingHttpHeaders,
): ResourceIdentity {
  const configured = configuredIdentity(runtime);
  if (configured !== undefined) return configured;
  const forwarded = headers['x-forwarded-proto'];
  const scheme = typeof forwarded === 'string' && forwarded === 'https' ? 'https' : 'http';
  const host = headers.host ?? `${runtime.config.listen.host}:${runtime.config.listen.port}`;
  const origin = `${scheme}://${host}`;
  const { listen, security } = runtime.config;
  const hostRestricted =
    isLoopbackHost(listen.host) ||
    (security.allowedHosts.length > 0 && !security.allowedHosts.includes('*'));
  return {
    resource: `${origin}${listen.path}`,
    metadataUrl: `${origin}${PROTECTED_RESOURCE_PATH}`,
    audienceTrusted: hostRestricted,
  };
}
