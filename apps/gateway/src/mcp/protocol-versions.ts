/** Spec revisions the gateway speaks, newest first. */
export const SUPPORTED_PROTOCOL_VERSIONS = ['2025-11-25', '2025-06-18', '2025-03-26'] as const;
export type ProtocolVersion = (typeof SUPPORTED_PROTOCOL_VERSIONS)[number];
export const LATEST_PROTOCOL_VERSION: ProtocolVersion = '2025-11-25';
/** What a request without `MCP-Protocol-Version` is taken to speak, as the spec says. */
export const DEFAULT_NEGOTIATED_VERSION: ProtocolVersion = '2025-03-26';

export function isSupportedProtocolVersion(value: unknown): value is ProtocolVersion {
  return (
    typeof value === 'string' && (SUPPORTED_PROTOCOL_VERSIONS as readonly string[]).includes(value)
  );
}

/** Echo the client's version when we speak it, otherwise offer our latest. */
export function negotiateProtocolVersion(requested: unknown): ProtocolVersion {
  return isSupportedProtocolVersion(requested) ? requested : LATEST_PROTOCOL_VERSION;
}

/** JSON-RPC batches were removed in 2025-06-18. */
export function allowsBatches(version: string): boolean {
  return version === '2025-03-26';
}
