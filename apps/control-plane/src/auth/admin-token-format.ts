import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** Recognisable in logs, config files and secret scanners. */
export const ADMIN_TOKEN_PREFIX = 'gh_adm_';
/** Random characters after the marker that form the (not secret) lookup prefix. */
const lookupLength = 8;
const secretPattern = /^[A-Za-z0-9_-]{43}$/;

export interface AdminTokenParts {
  /** The token's first characters: finds its row without scanning hashes. */
  readonly lookupPrefix: string;
  /** SHA-256 of the whole token, hex: what is stored. */
  readonly hash: string;
}

export interface NewAdminToken extends AdminTokenParts {
  /** Shown once to whoever created it, then never again. */
  readonly token: string;
}

// A 256-bit random token needs no slow password hash: SHA-256 cannot be brute-forced
// back to it, and it keeps authentication to one indexed lookup and one comparison.
function sha256(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}

export function generateAdminToken(): NewAdminToken {
  const token = `${ADMIN_TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
  return { token, ...partsOf(token) };
}

function partsOf(token: string): AdminTokenParts {
  return {
    lookupPrefix: token.slice(0, ADMIN_TOKEN_PREFIX.length + lookupLength),
    hash: sha256(token),
  };
}

/** The parts of a presented token, or undefined when it is not shaped like ours. */
export function parseAdminToken(presented: string): AdminTokenParts | undefined {
  if (!presented.startsWith(ADMIN_TOKEN_PREFIX)) return undefined;
  if (!secretPattern.test(presented.slice(ADMIN_TOKEN_PREFIX.length))) return undefined;
  return partsOf(presented);
}

/** Constant-time comparison of two hex hashes. */
export function hashesEqual(a: string, b: string): boolean {
  const left = Buffer.from(a, 'hex');
  const right = Buffer.from(b, 'hex');
  return left.length === right.length && timingSafeEqual(left, right);
}
