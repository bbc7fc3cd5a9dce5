import { describe, expect, it } from 'vitest';
import { DomainError } from '../errors/domain-error.js';
import { decodeCursor, encodeCursor, isUuid, pageOf } from './cursor.js';

describe('cursors', () => {
  it('round-trips a key through an opaque cursor', () => {
    const id = '0193a3c2-7e4b-7c3d-9a1b-123456789abc';
    const cursor = encodeCursor(id);
    expect(cursor).not.toContain(id);
    expect(decodeCursor(cursor, isUuid)).toBe(id);
  });

  it('refuses forged cursors as a validation error on `cursor`', () => {
    for (const forged of [
      'nope',
      encodeCursor('not-a-uuid'),
      Buffer.from('v2:x').toString('base64url'),
    ]) {
      const error = (() => {
        try {
          decodeCursor(forged, isUuid);
        } catch (thrown) {
          return thrown;
        }
        return undefined;
      })();
      expect(error).toBeInstanceOf(DomainError);
      expect((error as DomainError).issues).toEqual([
        { path: 'cursor', message: 'is not a cursor this API returned' },
      ]);
    }
  });

  it('splits a limit+1 fetch into a page and the next cursor', () => {
    const rows = [{ id: 'a' }, { id: 'b' }, { id: 'c' }];
    expect(pageOf(rows, 2, (row) => row.id)).toEqual({
      items: rows.slice(0, 2),
      nextCursor: encodeCursor('b'),
    });
    expect(pageOf(rows, 3, (row) => row.id)).toEqual({ items: rows, nextCursor: null });
    expect(pageOf([], 3, (row: { id: string }) => row.id)).toEqual({ items: [], nextCursor: null });
  });
});
