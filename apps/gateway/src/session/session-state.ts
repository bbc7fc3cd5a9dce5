/** The sealed format's version; ids of an older format are unknown (404), so clients re-initialise. */
export const SESSION_STATE_VERSION = 2;

/** What a downstream session needs on any node; it travels sealed inside `Mcp-Session-Id`. */
export interface SessionState {
  /** Format version of this structure (2: bound to tenant and client). */
  v: typeof SESSION_STATE_VERSION;
  /** Random id: names the session in logs and node-local caches (never a secret). */
  id: string;
  /** The tenant, client and user whose credential opened it: any other credential gets 404. */
  t: string;
  c: string;
  u?: string;
  /** Protocol version negotiated with the client. */
  pv: string;
  /** Issued-at and expiry, seconds since the epoch. */
  iat: number;
  exp: number;
  /** The client's declared capabilities, passed on to upstreams and checked on relays. */
  caps: Record<string, unknown>;
  /** The client's name and version from `initialize`, passed on to upstreams. */
  ci: { name: string; version: string };
  /** Upstream sessions opened at initialize: upstream name → session id and version. */
  up: Record<string, UpstreamSessionRef>;
}

export interface UpstreamSessionRef {
  /** The upstream's `Mcp-Session-Id`, when it issued one. */
  sid?: string;
  /** The protocol version the upstream negotiated. */
  pv: string;
}
