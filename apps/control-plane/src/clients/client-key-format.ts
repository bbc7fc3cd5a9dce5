import { createHash, randomBytes } from 'node:crypto';
import { CLIENT_KEY_PREFIX } from '@gatehouse/contracts';

/** Random characters after the marker that form the (not secret) lookup prefix. */
const lookupLength = 8;

export interface NewClientKey {
  /** Shown once to whoever created it, then never again. */
  readonly key: string;
  /** The key's first characters: finds its row without scanning hashes. */
  readonly lookupPrefix: string;
  /** SHA-256 of the whole key, hex: what is stored. */
  readonly hash: string;
  readonly hashAlgorithm: 'sha256';
}

/**
 * A new client API key: `gh_live_` and 256 random bits. Such a key needs no slow password
 * hash (SHA-256 cannot be brute-forced back to it), so a gateway checks one with a single
 * lookup by prefix and one hash comparison.
 */
export function generateClientKey(): NewClientKey {
  const key = `${CLIENT_KEY_PREFIX}${randomBytes(32).toString('base64url')}`;
  return {
    key,
    lookupPrefix: key.slice(0, CLIENT_KEY_PREFIX.length + lookupLength),
    hash: createHash('sha256').update(key).digest('hex'),
    hashAlgorithm: 'sha256',
  };
}
