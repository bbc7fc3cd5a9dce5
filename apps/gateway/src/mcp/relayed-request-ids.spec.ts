import { describe, expect, it } from 'vitest';
import { decodeRelayedRequestId, encodeRelayedRequestId } from './relayed-request-ids.js';

describe('relayed request ids', () => {
  it('round-trips string and numeric ids, keeping their type', () => {
    for (const id of [0, 1, -7, 2.5, 1e21, 'abc', '', '42', 'with:colons:inside', 'ünï "quoted"']) {
      const encoded = encodeRelayedRequestId('files', id);
      expect(encoded.startsWith('gh:files:')).toBe(true);
      expect(decodeRelayedRequestId(encoded), String(id)).toEqual({ upstream: 'files', id });
    }
  });

  it('keeps the numeric id 42 distinct from the string "42"', () => {
    expect(encodeRelayedRequestId('a', 42)).not.toBe(encodeRelayedRequestId('a', '42'));
    expect(decodeRelayedRequestId(encodeRelayedRequestId('a', '42'))?.id).toBe('42');
    expect(decodeRelayedRequestId(encodeRelayedRequestId('a', 42))?.id).toBe(42);
  });

  it('ignores ids the gateway did not mint', () => {
    for (const id of [null, 5, '', 'plain', 'gh:', 'gh:files', 'GH:files:1', 'xgh:files:1']) {
      expect(decodeRelayedRequestId(id), String(id)).toBeUndefined();
    }
  });

  it('refuses a relayed id whose original part is not a JSON string or number', () => {
    for (const id of [
      'gh:files:',
      'gh:files:abc',
      'gh:files:null',
      'gh:files:true',
      'gh:files:{}',
      'gh:files:[1]',
      'gh:files:"open',
    ]) {
      expect(decodeRelayedRequestId(id), id).toBeUndefined();
    }
  });
});
