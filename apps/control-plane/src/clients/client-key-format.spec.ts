import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { generateClientKey } from './client-key-format.js';

describe('generateClientKey', () => {
  it('makes a gh_live_ key with 256 random bits, its lookup prefix and its SHA-256', () => {
    const generated = generateClientKey();
    expect(generated.key).toMatch(/^gh_live_[A-Za-z0-9_-]{43}$/);
    expect(generated.lookupPrefix).toBe(generated.key.slice(0, 16));
    expect(generated.hash).toBe(createHash('sha256').update(generated.key).digest('hex'));
    expect(generated.hashAlgorithm).toBe('sha256');
  });

  it('never repeats a key or a prefix', () => {
    const keys = Array.from({ length: 200 }, () => generateClientKey());
    expect(new Set(keys.map((key) => key.key)).size).toBe(200);
    expect(new Set(keys.map((key) => key.lookupPrefix)).size).toBe(200);
  });
});
