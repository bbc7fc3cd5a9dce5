import { createHash } from 'node:crypto';

/** The `prev_hash` of a chain's first link. */
export const GENESIS_HASH = '0'.repeat(64);

/**
 * JSON with object keys sorted at every level and no whitespace: the same content always
 * gives the same text, whatever order Postgres' jsonb hands the keys back in.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map((item) => canonicalJson(item)).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, item]) => item !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(',')}}`;
}

/** One link: SHA-256 (hex) over the previous link's hash, this link's position and the event. */
export function linkHash(prevHash: string, seq: bigint, event: unknown): string {
  return createHash('sha256')
    .update(prevHash)
    .update('\n')
    .update(seq.toString())
    .update('\n')
    .update(canonicalJson(event))
    .digest('hex');
}
