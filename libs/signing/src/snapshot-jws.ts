/** Ed25519 as JWS names it (RFC 8037); the only algorithm a snapshot may be signed with. */
export const SNAPSHOT_JWS_ALG = 'EdDSA';

/**
 * Explicit type (RFC 8725 §3.11), so a token signed with the same key for another purpose
 * is never taken for a snapshot.
 */
export const SNAPSHOT_JWS_TYPE = 'gatehouse-snapshot+jws';
