import { createPrivateKey, createPublicKey, type JsonWebKey, type KeyObject } from 'node:crypto';
import type { CryptoKey } from 'jose';
import { SigningKeyError } from './signing-key-error.js';
import { keyIdOf, type SigningKey, type TrustedKey } from './signing-key.js';

const PEM_BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----[\s\S]*?-----END \1-----/g;

/**
 * Reads a private key from PEM (PKCS#8) or a private JWK. The public key and key id are
 * derived from it, so a key file cannot pair a private key with someone else's id. The
 * private key is not extractable: once loaded, it only signs.
 */
export async function importSigningKey(text: string): Promise<SigningKey> {
  const trimmed = text.trim();
  let privateObject: KeyObject;
  let claimedKid: unknown;
  if (trimmed.startsWith('-----BEGIN')) {
    const labels = pemLabels(trimmed);
    if (labels.length !== 1 || labels[0] !== 'PRIVATE KEY') {
      throw new SigningKeyError(
        `expected one PKCS#8 "PRIVATE KEY" PEM block, found ${labels.map((label) => `"${label}"`).join(', ') || 'none'}`,
      );
    }
    privateObject = parseKey(() => createPrivateKey({ key: trimmed, format: 'pem' }));
  } else {
    const jwk = parseJwkObject(trimmed);
    if (Array.isArray(jwk['keys']))
      throw new SigningKeyError('expected one private JWK, found a JWK set');
    if (typeof jwk['d'] !== 'string')
      throw new SigningKeyError('the JWK has no private part ("d"): it is a public key');
    claimedKid = jwk['kid'];
    privateObject = parseKey(() => createPrivateKey({ key: jwk, format: 'jwk' }));
  }
  assertEd25519(privateObject);
  const publicKey = toPublicCryptoKey(createPublicKey(privateObject));
  const kid = await checkedKid(publicKey, claimedKid);
  const privateKey: CryptoKey = privateObject.toCryptoKey('Ed25519', false, ['sign']);
  return { kid, privateKey, publicKey };
}

/**
 * Reads the public keys a node trusts: one or more SPKI PEM blocks, one JWK, or a JWKS.
 * Private keys are refused: they have no business on a gateway node.
 */
export async function importTrustedKeys(text: string): Promise<TrustedKey[]> {
  const trimmed = text.trim();
  const found: { object: KeyObject; claimedKid?: unknown }[] = [];
  if (trimmed.startsWith('-----BEGIN')) {
    for (const match of trimmed.matchAll(PEM_BLOCK)) {
      if (match[1] !== 'PUBLIC KEY')
        throw new SigningKeyError(`expected "PUBLIC KEY" PEM blocks, found "${match[1]}"`);
      found.push({ object: parseKey(() => createPublicKey({ key: match[0], format: 'pem' })) });
    }
  } else {
    const document = parseJwkObject(trimmed);
    const entries: unknown[] = Array.isArray(document['keys'])
      ? (document['keys'] as unknown[])
      : [document];
    for (const entry of entries) {
      if (!isRecord(entry)) throw new SigningKeyError('a JWK set entry is not an object');
      if ('d' in entry)
        throw new SigningKeyError('a private JWK was given where only public keys belong');
      found.push({
        object: parseKey(() => createPublicKey({ key: entry, format: 'jwk' })),
        claimedKid: entry['kid'],
      });
    }
  }
  if (found.length === 0) throw new SigningKeyError('no public key found');
  const keys = new Map<string, TrustedKey>();
  for (const { object, claimedKid } of found) {
    assertEd25519(object);
    const publicKey = toPublicCryptoKey(object);
    const kid = await checkedKid(publicKey, claimedKid);
    keys.set(kid, { kid, publicKey });
  }
  return [...keys.values()];
}

function pemLabels(text: string): string[] {
  return [...text.matchAll(PEM_BLOCK)].map((match) => match[1] ?? '');
}

function parseJwkObject(text: string): Record<string, unknown> & JsonWebKey {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new SigningKeyError('neither PEM nor JSON (JWK)', { cause: error });
  }
  if (!isRecord(parsed)) throw new SigningKeyError('the JSON is not a JWK object');
  return parsed;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function parseKey(parse: () => KeyObject): KeyObject {
  try {
    return parse();
  } catch (error) {
    throw new SigningKeyError(
      `unreadable key: ${error instanceof Error ? error.message : String(error)}`,
      {
        cause: error,
      },
    );
  }
}

function assertEd25519(object: KeyObject): void {
  if (object.asymmetricKeyType !== 'ed25519') {
    throw new SigningKeyError(
      `expected an Ed25519 key, got ${object.asymmetricKeyType ?? object.type}`,
    );
  }
}

function toPublicCryptoKey(object: KeyObject): CryptoKey {
  return object.toCryptoKey('Ed25519', true, ['verify']);
}

/** A `kid` written in a JWK must be the key's thumbprint: snapshots are matched to keys by it. */
async function checkedKid(publicKey: CryptoKey, claimed: unknown): Promise<string> {
  const kid = await keyIdOf(publicKey);
  if (claimed !== undefined && claimed !== kid) {
    throw new SigningKeyError(
      `the JWK says kid ${JSON.stringify(claimed)} but its thumbprint is "${kid}"`,
    );
  }
  return kid;
}
