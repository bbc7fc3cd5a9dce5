import { createHash } from 'node:crypto';
import { canonicalJson } from '@gatehouse/contracts';

/**
 * The `contentHash` of a snapshot: SHA-256 (hex) of the canonical JSON of its config. It lives
 * here rather than in contracts because contracts stays free of node:crypto for the browser.
 */
export function snapshotContentHash(config: unknown): string {
  return createHash('sha256').update(canonicalJson(config), 'utf8').digest('hex');
}
