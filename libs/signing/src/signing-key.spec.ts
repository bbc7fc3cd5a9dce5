import { createHash } from 'node:crypto';
import { CompactSign, exportJWK } from 'jose';
import { describe, expect, it } from 'vitest';
import { importSigningKey } from './key-import.js';
import { generateSigningKey, keyIdOf } from './signing-key.js';

/** RFC 8037 appendix A.1: an Ed25519 key with published thumbprint (A.3) and signature (A.4). */
const RFC8037_PRIVATE_JWK = {
  kty: 'OKP',
  crv: 'Ed25519',
  d: 'nWGxne_9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A',
  x: '11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo',
};

describe('keyIdOf', () => {
  it('is the RFC 7638 thumbprint, matching the RFC 8037 example', async () => {
    const key = await importSigningKey(JSON.stringify(RFC8037_PRIVATE_JWK));
    expect(key.kid).toBe('kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k');
    expect(await keyIdOf(key.publicKey)).toBe(key.kid);
  });

  it('signs as RFC 8037 A.4 expects, so imported keys are the real thing', async () => {
    const key = await importSigningKey(JSON.stringify(RFC8037_PRIVATE_JWK));
    const jws = await new CompactSign(new TextEncoder().encode('Example of Ed25519 signing'))
      .setProtectedHeader({ alg: 'EdDSA' })
      .sign(key.privateKey);
    expect(jws).toBe(
      'eyJhbGciOiJFZERTQSJ9.RXhhbXBsZSBvZiBFZDI1NTE5IHNpZ25pbmc.' +
        'hgyY0il_MGCjP0JzlnLWG1PPOt7-09PGcvMg3AIbQR6dWbhijcNR4ki4iylGjg5BhVsPt9g7sVvpAr_MuM0KAg',
    );
  });
});

describe('generateSigningKey', () => {
  it('makes an Ed25519 pair whose kid is the thumbprint of its public key', async () => {
    const key = await generateSigningKey();
    const jwk = await exportJWK(key.publicKey);
    expect(jwk).toMatchObject({ kty: 'OKP', crv: 'Ed25519' });
    const members = JSON.stringify({ crv: 'Ed25519', kty: 'OKP', x: jwk.x });
    expect(key.kid).toBe(createHash('sha256').update(members).digest('base64url'));
    expect(key.privateKey.extractable).toBe(true);
  });

  it('makes a different key each time', async () => {
    const [one, two] = await Promise.all([generateSigningKey(), generateSigningKey()]);
    expect(one.kid).not.toBe(two.kid);
  });
});
