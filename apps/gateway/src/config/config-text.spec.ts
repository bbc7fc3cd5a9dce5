import { describe, expect, it } from 'vitest';
import { isCompactJws } from './config-text.js';

describe('isCompactJws', () => {
  it('recognises a compact JWS, with or without a trailing newline', () => {
    expect(isCompactJws('eyJhbGciOiJFZERTQSJ9.eyJ2IjoxfQ.c2lnbmF0dXJl')).toBe(true);
    expect(isCompactJws('eyJhbGciOiJFZERTQSJ9.eyJ2IjoxfQ.c2ln\n')).toBe(true);
    // alg none has an empty signature: still a JWS, for the verifier to refuse as unsigned.
    expect(isCompactJws('eyJhbGciOiJub25lIn0.eyJ2IjoxfQ.')).toBe(true);
  });

  it('takes YAML and JSON configs for what they are', () => {
    expect(isCompactJws('upstreams:\n  - name: a\n')).toBe(false);
    expect(isCompactJws('{"upstreams": []}')).toBe(false);
    expect(isCompactJws('')).toBe(false);
    expect(isCompactJws('a.b')).toBe(false);
    expect(isCompactJws('a.b.c.d')).toBe(false);
  });
});
