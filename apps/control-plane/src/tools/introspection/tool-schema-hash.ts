import { createHash } from 'node:crypto';
import { canonicalJson } from '@gatehouse/contracts';

/**
 * SHA-256 (hex) of the canonical JSON of a tool's input schema: the same schema hashes the
 * same however its keys were ordered, so only a real change makes a new tool version.
 */
export function schemaHashOf(inputSchema: unknown): string {
  return createHash('sha256').update(canonicalJson(inputSchema)).digest('hex');
}
