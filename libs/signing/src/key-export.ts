import { exportJWK, exportPKCS8, exportSPKI, type CryptoKey } from 'jose';
import type { SigningKey, TrustedKey } from './signing-key.js';
import { keyIdOf } from './signing-key.js';
import { SNAPSHOT_JWS_ALG } from './snapshot-jws.js';
import { SigningKeyError } from './signing-key-error.js';

/** How a key is written to a file: PEM (PKCS#8 / SPKI) or JSON (JWK, or JWKS for several). */
export type KeyFileFormat = 'pem' | 'jwk';

export interface Ed25519PublicJwk {
  readonly kty: 'OKP';
  readonly crv: 'Ed25519';
  readonly x: string;
  readonly kid: string;
  readonly alg: typeof SNAPSHOT_JWS_ALG;
  readonly use: 'sig';
}

export interface Ed25519PrivateJwk extends Ed25519PublicJwk {
  readonly d: string;
}

export interface Ed25519PublicJwks {
  readonly keys: readonly Ed25519PublicJwk[];
}

/** The public JWK with its thumbprint as `kid`, as a node's trusted-keys file lists it. */
export async function exportPublicJwk(publicKey: CryptoKey): Promise<Ed25519PublicJwk> {
  const jwk = await exportJWK(publicKey);
  if (jwk.kty !== 'OKP' || jwk.crv !== 'Ed25519' || typeof jwk.x !== 'string') {
    throw new SigningKeyError(
      `not an Ed25519 public key (kty ${String(jwk.kty)}, crv ${String(jwk.crv)})`,
    );
  }
  return {
    kty: 'OKP',
    crv: 'Ed25519',
    x: jwk.x,
    kid: await keyIdOf(publicKey),
    alg: SNAPSHOT_JWS_ALG,
    use: 'sig',
  };
}

/** Needs an extractable private key: a generated one, not one imported from a file. */
export async function exportPrivateJwk(key: SigningKey): Promise<Ed25519PrivateJwk> {
  const [publicJwk, privateJwk] = await Promise.all([
    exportPublicJwk(key.publicKey),
    exportJWK(key.privateKey),
  ]);
  if (typeof privateJwk.d !== 'string')
    throw new SigningKeyError('the private key did not export its "d" parameter');
  return { ...publicJwk, d: privateJwk.d };
}

export async function exportPublicKeyPem(publicKey: CryptoKey): Promise<string> {
  return exportSPKI(publicKey);
}

/** PKCS#8 PEM; needs an extractable private key, as `exportPrivateJwk`. */
export async function exportPrivateKeyPem(key: SigningKey): Promise<string> {
  return exportPKCS8(key.privateKey);
}

/** The text of a private key file. */
export async function exportSigningKey(key: SigningKey, format: KeyFileFormat): Promise<string> {
  return format === 'pem'
    ? exportPrivateKeyPem(key)
    : `${JSON.stringify(await exportPrivateJwk(key), null, 2)}\n`;
}

/** The text of a trusted-keys file: concatenated SPKI PEM blocks, or a JWKS. */
export async function exportTrustedKeys(
  keys: readonly TrustedKey[],
  format: KeyFileFormat,
): Promise<string> {
  if (format === 'pem') {
    const blocks = await Promise.all(keys.map((key) => exportPublicKeyPem(key.publicKey)));
    return blocks.map((block) => (block.endsWith('\n') ? block : `${block}\n`)).join('');
  }
  const jwks: Ed25519PublicJwks = {
    keys: await Promise.all(keys.map((key) => exportPublicJwk(key.publicKey))),
  };
  return `${JSON.stringify(jwks, null, 2)}\n`;
}
