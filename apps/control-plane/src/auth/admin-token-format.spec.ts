import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { generateAdminToken, hashesEqual, parseAdminToken } from './admin-token-format.js';

describe('admin token format', () => {
  it('generates gh_adm_ tokens with 256 random bits, a lookup prefix and a SHA-256 hash', () => {
    const { token, lookupPrefix, hash } = generateAdminToken();
    expect(token).toMatch(/^gh_adm_[A-Za-z0-9_-]{43}$/);
    expect(lookupPrefix).toBe(token.slice(0, 15));
    expect(hash).toBe(createHash('sha256').update(token).digest('hex'));
    expect(generateAdminToken().token).not.toBe(token);
  });

  it('parses its own tokens and nothing else', () => {
    const { token, lookupPrefix, hash } = generateAdminToken();
    expect(parseAdminToken(token)).toEqual({ lookupPrefix, hash });
    expect(parseAdminToken(token.slice(0, -1))).toBeUndefined();
    expect(parseAdminToken(`${token}x`)).toBeUndefined();
    expect(parseAdminToken(token.replace('gh_adm_', 'gh_cli_'))).toBeUndefined();
    expect(parseAdminToken(`gh_adm_${'!'.repeat(43)}`)).toBeUndefined();
  });

  it('compares hashes in constant time, refusing different lengths', () => {
    const { hash } = generateAdminToken();
    expect(hashesEqual(hash, hash)).toBe(true);
    expect(hashesEqual(hash, generateAdminToken().hash)).toBe(false);
    expect(hashesEqual(hash, hash.slice(2))).toBe(false);
  });
});
