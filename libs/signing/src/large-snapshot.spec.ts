import { canonicalJson } from '@gatehouse/contracts';
import { describe, expect, it } from 'vitest';
import { FLEET_ID, largeConfig, withPayload } from '../test/snapshot-fixtures.js';
import { buildSnapshotEnvelope } from './build-snapshot-envelope.js';
import { signSnapshot } from './sign-snapshot.js';
import { generateSigningKey } from './signing-key.js';
import { SnapshotVerifier } from './snapshot-verifier.js';

const FIVE_MB = 5 * 1024 * 1024;

// Size only, no timing: the benchmark script measures speed; this proves it works at that size.
describe('a ~5 MB snapshot', () => {
  it('signs and verifies, and a change deep inside it is still caught', async () => {
    const key = await generateSigningKey();
    const envelope = buildSnapshotEnvelope({
      fleetId: FLEET_ID,
      version: 42,
      config: largeConfig(FIVE_MB),
    });
    const jws = await signSnapshot(envelope, key.privateKey, key.kid);
    const payload = canonicalJson(envelope);
    expect(Buffer.byteLength(payload)).toBeGreaterThanOrEqual(FIVE_MB);
    expect(Buffer.byteLength(payload)).toBeLessThan(2 * FIVE_MB);

    const verifier = new SnapshotVerifier({ trustedKeys: [key], fleetId: FLEET_ID });
    const verified = await verifier.verify(jws, {
      applied: { version: 41, contentHash: 'a'.repeat(64) },
    });
    expect(verified.envelope.config.upstreams).toHaveLength(envelope.config.upstreams.length);
    expect(verified.envelope.contentHash).toBe(envelope.contentHash);

    const last = envelope.config.upstreams.length - 1;
    const tampered = payload.replace(`"name":"upstream-${last}"`, `"name":"upstream-x${last}"`);
    expect(tampered).not.toBe(payload);
    await expect(verifier.verify(withPayload(jws, tampered))).rejects.toMatchObject({
      reason: 'bad-signature',
    });
  });
});
