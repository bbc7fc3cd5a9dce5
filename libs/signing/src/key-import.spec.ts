import { generateKeyPairSync } from 'node:crypto';
import { CompactSign, compactVerify, type CryptoKey } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  exportPrivateJwk,
  exportPrivateKeyPem,
  exportPublicJwk,
  exportPublicKeyPem,
  exportTrustedKeys,
} from './key-export.js';
import { importSigningKey, importTrustedKeys } from './key-import.js';
import { SigningKeyError } from './signing-key-error.js';
import { generateSigningKey, type SigningKey } from './signing-key.js';

let key: SigningKey;
let other: SigningKey;
beforeAll(async () => {
  [key, other] = await Promise.all([generateSigningKey(), generateSigningKey()]);
});

/** True when `signer` signs something `verifierKey` accepts: the pair really belongs together. */
async function pairs(signer: SigningKey, verifierKey: CryptoKey): Promise<boolean> {
  const jws = await new CompactSign(new TextEncoder().encode('x'))
    .setProtectedHeader({ alg: 'EdDSA' })
    .sign(signer.privateKey);
  return compactVerify(jws, verifierKey).then(
    () => true,
    () => false,
  );
}

describe('exportPublicJwk', () => {
  it('gives the public members with kid, alg and use, and no private part', async () => {
    const jwk = await exportPublicJwk(key.publicKey);
    expect(Object.keys(jwk).sort()).toEqual(['alg', 'crv', 'kid', 'kty', 'use', 'x']);
    expect(jwk).toMatchObject({
      kty: 'OKP',
      crv: 'Ed25519',
      kid: key.kid,
      alg: 'EdDSA',
      use: 'sig',
    });
  });
});

describe('importSigningKey', () => {
  it('reads back a PKCS#8 PEM and a private JWK, deriving the same public key and kid', async () => {
    for (const text of [
      await exportPrivateKeyPem(key),
      JSON.stringify(await exportPrivateJwk(key)),
    ]) {
      const imported = await importSigningKey(text);
      expect(imported.kid).toBe(key.kid);
      expect(await exportPublicJwk(imported.publicKey)).toEqual(
        await exportPublicJwk(key.publicKey),
      );
      expect(imported.privateKey.extractable).toBe(false);
      expect(await pairs(imported, key.publicKey)).toBe(true);
    }
  });

  it('accepts a private JWK without kid', async () => {
    const { kid: _kid, ...jwk } = await exportPrivateJwk(key);
    expect((await importSigningKey(JSON.stringify(jwk))).kid).toBe(key.kid);
  });

  it('refuses a JWK whose kid is not its thumbprint', async () => {
    const jwk = { ...(await exportPrivateJwk(key)), kid: other.kid };
    await expect(importSigningKey(JSON.stringify(jwk))).rejects.toThrow(/thumbprint/);
  });

  it('refuses public keys, other key types and garbage', async () => {
    const rsaPem = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({
      type: 'pkcs8',
      format: 'pem',
    });
    const ecJwk = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({
      format: 'jwk',
    });
    const cases: [string, RegExp][] = [
      [await exportPublicKeyPem(key.publicKey), /"PUBLIC KEY"/],
      [JSON.stringify(await exportPublicJwk(key.publicKey)), /public key/],
      [await exportTrustedKeys([key], 'jwk'), /JWK set/],
      [String(rsaPem), /expected an Ed25519 key, got rsa/],
      [JSON.stringify(ecJwk), /expected an Ed25519 key, got ec/],
      ['-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n', /unreadable key/],
      ['not a key', /neither PEM nor JSON/],
      ['[1]', /not a JWK object/],
    ];
    for (const [text, message] of cases) {
      await expect(importSigningKey(text), text.slice(0, 40)).rejects.toThrow(SigningKeyError);
      await expect(importSigningKey(text), text.slice(0, 40)).rejects.toThrow(message);
    }
  });
});

describe('importTrustedKeys', () => {
  it('reads one PEM, several PEM blocks, one JWK or a JWKS', async () => {
    const kids = (keys: { kid: string }[]) => keys.map((trusted) => trusted.kid);
    expect(kids(await importTrustedKeys(await exportPublicKeyPem(key.publicKey)))).toEqual([
      key.kid,
    ]);
    expect(kids(await importTrustedKeys(await exportTrustedKeys([key, other], 'pem')))).toEqual([
      key.kid,
      other.kid,
    ]);
    expect(
      kids(await importTrustedKeys(JSON.stringify(await exportPublicJwk(other.publicKey)))),
    ).toEqual([other.kid]);
    expect(kids(await importTrustedKeys(await exportTrustedKeys([other, key], 'jwk')))).toEqual([
      other.kid,
      key.kid,
    ]);
  });

  it('gives keys that verify what the private half signed', async () => {
    const [trusted] = await importTrustedKeys(await exportTrustedKeys([key], 'jwk'));
    expect(trusted && (await pairs(key, trusted.publicKey))).toBe(true);
    expect(trusted && (await pairs(other, trusted.publicKey))).toBe(false);
  });

  it('lists a key given twice once', async () => {
    expect(await importTrustedKeys(await exportTrustedKeys([key, key], 'pem'))).toHaveLength(1);
  });

  it('refuses private keys, mismatched kids, other key types and empty input', async () => {
    const ecPem = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({
      type: 'spki',
      format: 'pem',
    });
    const cases: [string, RegExp][] = [
      [await exportPrivateKeyPem(key), /"PRIVATE KEY"/],
      [JSON.stringify(await exportPrivateJwk(key)), /private JWK/],
      [
        JSON.stringify({
          keys: [await exportPublicJwk(key.publicKey), await exportPrivateJwk(other)],
        }),
        /private JWK/,
      ],
      [
        JSON.stringify({ ...(await exportPublicJwk(key.publicKey)), kid: 'someone-else' }),
        /thumbprint/,
      ],
      [String(ecPem), /expected an Ed25519 key, got ec/],
      [JSON.stringify({ keys: [] }), /no public key/],
      [JSON.stringify({ keys: ['x'] }), /not an object/],
      ['', /neither PEM nor JSON/],
    ];
    for (const [text, message] of cases) {
      await expect(importTrustedKeys(text), text.slice(0, 40)).rejects.toThrow(SigningKeyError);
      await expect(importTrustedKeys(text), text.slice(0, 40)).rejects.toThrow(message);
    }
  });
});
