import { DomainError } from '../errors/domain-error.js';

// Cursors are opaque to clients (base64url of a versioned key) so that the key behind
// them can change without breaking anyone who stored one.
const version = 'v1';

export function encodeCursor(key: string): string {
  return Buffer.from(`${version}:${key}`, 'utf8').toString('base64url');
}

/**
 * The key inside a cursor this API issued. `isValidKey` checks its shape (a UUID, a
 * number) so that a forged cursor is a 400 naming `cursor`, not a database error.
 */
export function decodeCursor(cursor: string, isValidKey: (key: string) => boolean): string {
  const decoded = Buffer.from(cursor, 'base64url').toString('utf8');
  const key = decoded.startsWith(`${version}:`) ? decoded.slice(version.length + 1) : undefined;
  if (key === undefined || !isValidKey(key)) {
    throw DomainError.validation([
      { path: 'cursor', message: 'is not a cursor this API returned' },
    ]);
  }
  return key;
}

/** Splits a `limit + 1` fetch into the page and the cursor of the next one. */
export function pageOf<T>(
  rows: readonly T[],
  limit: number,
  keyOf: (row: T) => string,
): { items: T[]; nextCursor: string | null } {
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return {
    items,
    nextCursor: rows.length > limit && last !== undefined ? encodeCursor(keyOf(last)) : null,
  };
}

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: string): boolean {
  return uuidPattern.test(value);
}
