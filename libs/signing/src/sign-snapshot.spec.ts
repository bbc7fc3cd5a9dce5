import { canonicalJson } from '@gatehouse/contracts';
import { decodeProtectedHeader } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { FLEET_ID, smallConfig } from '../test/snapshot-fixtures.js';
import { buildSnapshotEnvelope } from './build-snapshot-envelope.js';
import { signSnapshot } from './sign-snapshot.js';
import { generateSigningKey, type SigningKey } from './signing-key.js';

let key: SigningKey;
beforeAll(async () => {
  key = await generateSigningKey();
});

describe('signSnapshot', () => {
  it('makes a compact EdDSA JWS with kid and typ over the canonical JSON of the envelope', async () => {
    const envelope = buildSnapshotEnvelope({
      fleetId: FLEET_ID,
      version: 3,
      config: smallConfig(),
    });
    const jws = await signSnapshot(envelope, key.privateKey, key.kid);
    expect(jws.split('.')).toHaveLength(3);
    expect(decodeProtectedHeader(jws)).toEqual({
      alg: 'EdDSA',
      kid: key.kid,
      typ: 'gatehouse-snapshot+jws',
    });
    expect(Buffer.from(jws.split('.')[1] ?? '', 'base64url').toString('utf8')).toBe(
      canonicalJson(envelope),
    );
  });

  it('is deterministic: Ed25519 gives the same JWS for the same envelope and key', async () => {
    const envelope = buildSnapshotEnvelope({
      fleetId: FLEET_ID,
      version: 1,
      config: smallConfig(),
    });
    expect(await signSnapshot(envelope, key.privateKey, key.kid)).toBe(
      await signSnapshot(envelope, key.privateKey, key.kid),
    );
  });

  it('refuses an envelope a node would refuse', async () => {
    const envelope = buildSnapshotEnvelope({
      fleetId: FLEET_ID,
      version: 1,
      config: smallConfig(),
    });
    await expect(
      signSnapshot({ ...envelope, version: 0 }, key.privateKey, key.kid),
    ).rejects.toThrow(/invalid snapshot envelope: version:/);
    await expect(
      signSnapshot({ ...envelope, contentHash: 'f'.repeat(64) }, key.privateKey, key.kid),
    ).rejects.toThrow(/does not match the config/);
    const other = buildSnapshotEnvelope({
      fleetId: FLEET_ID,
      version: 1,
      config: smallConfig('other'),
    });
    await expect(
      signSnapshot({ ...envelope, config: other.config }, key.privateKey, key.kid),
    ).rejects.toThrow(/does not match the config/);
    await expect(signSnapshot(envelope, key.privateKey, '')).rejects.toThrow(/key id/);
  });
});
