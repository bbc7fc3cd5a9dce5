import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** Recognisable in logs, mounted secrets and secret scanners. */
export const NODE_CREDENTIAL_PREFIX = 'gh_node_';
/** Random characters after the marker that form the (not secret) lookup prefix. */
const lookupLength = 8;
const secretPattern = /^[A-Za-z0-9_-]{43}$/;

export interface NodeCredentialParts {
  /** The credential's first characters: finds its row without scanning hashes. */
  readonly lookupPrefix: string;
  /** SHA-256 of the whole credential, hex: what is stored. */
  readonly hash: string;
}

export interface NewNodeCredential extends NodeCredentialParts {
  /** Shown once to whoever created it, then never again. */
  readonly secret: string;
}

// 256 random bits need no slow password hash: SHA-256 cannot be brute-forced back to them,
// and every long-poll and heartbeat authenticates with one indexed lookup and one compare.
function partsOf(secret: string): NodeCredentialParts {
  return {
    lookupPrefix: secret.slice(0, NODE_CREDENTIAL_PREFIX.length + lookupLength),
    hash: createHash('sha256').update(secret).digest('hex'),
  };
}

export function generateNodeCredential(): NewNodeCredential {
  const secret = `${NODE_CREDENTIAL_PREFIX}${randomBytes(32).toString('base64url')}`;
  return { secret, ...partsOf(secret) };
}

/** The parts of a presented credential, or undefined when it is not shaped like ours. */
export function parseNodeCredential(presented: string): NodeCredentialParts | undefined {
  if (!presented.startsWith(NODE_CREDENTIAL_PREFIX)) return undefined;
  if (!secretPattern.test(presented.slice(NODE_CREDENTIAL_PREFIX.length))) return undefined;
  return partsOf(presented);
}

/** Constant-time comparison of two hex hashes. */
export function credentialHashesEqual(a: string, b: string): boolean {
  const left = Buffer.from(a, 'hex');
  const right = Buffer.from(b, 'hex');
  return left.length === right.length && timingSafeEqual(left, right);
}
