import { describe, expect, it } from 'vitest';
import { snapshotContentHash } from './content-hash.js';

describe('snapshotContentHash', () => {
  it('is the hex SHA-256 of the canonical JSON', () => {
    // sha256 of the bytes {"a":1,"b":[true,null]}
    expect(snapshotContentHash({ b: [true, null], a: 1 })).toBe(
      '1cc69c7fa23616ca2ec3ee70d24390a6225c8832db8a4c814c7e0e7f942f8668',
    );
  });

  it('does not depend on key order but does on content and array order', () => {
    expect(snapshotContentHash({ x: { p: 1, q: 2 } })).toBe(
      snapshotContentHash({ x: { q: 2, p: 1 } }),
    );
    expect(snapshotContentHash({ x: [1, 2] })).not.toBe(snapshotContentHash({ x: [2, 1] }));
    expect(snapshotContentHash({ x: 'a' })).not.toBe(snapshotContentHash({ x: 'b' }));
  });
});
