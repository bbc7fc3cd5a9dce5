import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  credentialHashesEqual,
  generateNodeCredential,
  parseNodeCredential,
} from './node-credential-format.js';

describe('node credential format', () => {
  it('generates gh_node_ credentials with 256 random bits, a lookup prefix and a SHA-256 hash', () => {
    const { secret, lookupPrefix, hash } = generateNodeCredential();
    expect(secret).toMatch(/^gh_node_[A-Za-z0-9_-]{43}$/);
    expect(lookupPrefix).toBe(secret.slice(0, 16));
    expect(hash).toBe(createHash('sha256').update(secret).digest('hex'));
    expect(generateNodeCredential().secret).not.toBe(secret);
  });

  it('parses its own credentials and nothing else', () => {
    const { secret, lookupPrefix, hash } = generateNodeCredential();
    expect(parseNodeCredential(secret)).toEqual({ lookupPrefix, hash });
    expect(parseNodeCredential(secret.slice(0, -1))).toBeUndefined();
    expect(parseNodeCredential(secret.replace('gh_node_', 'gh_adm_'))).toBeUndefined();
    expect(parseNodeCredential(`gh_node_${'!'.repeat(43)}`)).toBeUndefined();
  });

  it('compares hashes in constant time, refusing different lengths', () => {
    const { hash } = generateNodeCredential();
    expect(credentialHashesEqual(hash, hash)).toBe(true);
    expect(credentialHashesEqual(hash, generateNodeCredential().hash)).toBe(false);
    expect(credentialHashesEqual(hash, hash.slice(2))).toBe(false);
  });
});
