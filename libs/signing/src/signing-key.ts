import { calculateJwkThumbprint, generateKeyPair, type CryptoKey } from 'jose';
import { SNAPSHOT_JWS_ALG } from './snapshot-jws.js';

/** A public key a node accepts snapshots from, under the key id snapshots name it by. */
export interface TrustedKey {
  readonly kid: string;
  readonly publicKey: CryptoKey;
}

/** The control plane's half: signs snapshots; `kid` is derived from the public key. */
export interface SigningKey extends TrustedKey {
  readonly privateKey: CryptoKey;
}

/**
 * The RFC 7638 thumbprint (SHA-256, base64url) of the public key: the same key always has the
 * same id, so ids need no registry and cannot be claimed for another key.
 */
export async function keyIdOf(publicKey: CryptoKey): Promise<string> {
  return calculateJwkThumbprint(publicKey, 'sha256');
}

/** A new Ed25519 key pair; the private key is extractable so it can be written to a key file. */
export async function generateSigningKey(): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair(SNAPSHOT_JWS_ALG, {
    crv: 'Ed25519',
    extractable: true,
  });
  return { kid: await keyIdOf(publicKey), privateKey, publicKey };
}
