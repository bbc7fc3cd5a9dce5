import { canonicalJson, type SnapshotEnvelope } from '@gatehouse/contracts';
import { CompactSign, base64url } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  FLEET_ID,
  decodePayload,
  signRaw,
  smallConfig,
  withPayload,
} from '../test/snapshot-fixtures.js';
import { buildSnapshotEnvelope } from './build-snapshot-envelope.js';
import { snapshotContentHash } from './content-hash.js';
import { signSnapshot } from './sign-snapshot.js';
import { generateSigningKey, type SigningKey } from './signing-key.js';
import {
  SnapshotVerificationError,
  type SnapshotRefusalReason,
} from './snapshot-verification-error.js';
import { SnapshotVerifier, type VerifySnapshotOptions } from './snapshot-verifier.js';

let key: SigningKey;
let stranger: SigningKey;
let verifier: SnapshotVerifier;
beforeAll(async () => {
  [key, stranger] = await Promise.all([generateSigningKey(), generateSigningKey()]);
  verifier = new SnapshotVerifier({ trustedKeys: [key], fleetId: FLEET_ID });
});

function envelopeOf(version: number, command = 'mcp-files', fleetId = FLEET_ID): SnapshotEnvelope {
  return buildSnapshotEnvelope({ fleetId, version, config: smallConfig(command) });
}

async function signed(envelope: SnapshotEnvelope, signer: SigningKey = key): Promise<string> {
  return signSnapshot(envelope, signer.privateKey, signer.kid);
}

/** The error a verification is refused with; fails the test when it is accepted. */
async function refusal(
  jws: string,
  options?: VerifySnapshotOptions,
  by: SnapshotVerifier = verifier,
): Promise<SnapshotVerificationError> {
  const outcome = await by.verify(jws, options).then(
    () => undefined,
    (error: unknown) => error,
  );
  expect(outcome).toBeInstanceOf(SnapshotVerificationError);
  return outcome as SnapshotVerificationError;
}

async function expectRefused(
  reason: SnapshotRefusalReason,
  jws: string,
  options?: VerifySnapshotOptions,
  by?: SnapshotVerifier,
): Promise<void> {
  const error = await refusal(jws, options, by);
  expect(error.reason, error.message).toBe(reason);
  expect(error.name).toBe('SnapshotVerificationError');
  expect(error.message).toContain(`(${reason})`);
}

describe('SnapshotVerifier accepts', () => {
  it('a snapshot signed by a trusted key, returning the validated envelope and the kid', async () => {
    const envelope = envelopeOf(4);
    const verified = await verifier.verify(await signed(envelope));
    expect(verified.kid).toBe(key.kid);
    expect(verified.envelope).toEqual(envelope);
  });

  it('a signed config without defaults: the hash covers what was signed, the envelope what is enforced', async () => {
    const config = smallConfig();
    const raw = {
      fleetId: FLEET_ID,
      version: 1,
      createdAt: new Date().toISOString(),
      contentHash: snapshotContentHash(config),
      config,
    };
    const { envelope } = await verifier.verify(
      await signRaw(canonicalJson(raw), key.privateKey, { kid: key.kid }),
    );
    expect(envelope.contentHash).toBe(raw.contentHash);
    expect(envelope.config.listen.port).toBe(8080);
  });

  it('any fleet when configured with fleetId null', async () => {
    const anyFleet = new SnapshotVerifier({ trustedKeys: [key], fleetId: null });
    const { envelope } = await anyFleet.verify(
      await signed(envelopeOf(1, 'x', 'some-other-fleet')),
    );
    expect(envelope.fleetId).toBe('some-other-fleet');
  });
});

describe('SnapshotVerifier refuses', () => {
  it('unsigned: text that is not a compact JWS', async () => {
    const payload = canonicalJson(envelopeOf(1));
    for (const text of ['', 'hello', 'a.b', 'a.b.c.d', payload]) {
      await expectRefused('unsigned', text);
    }
  });

  it('unsigned: alg none, an empty signature, or an unreadable header', async () => {
    const payload = base64url.encode(canonicalJson(envelopeOf(1)));
    const header = (value: object) => base64url.encode(JSON.stringify(value));
    await expectRefused('unsigned', `${header({ alg: 'none', kid: key.kid })}.${payload}.`);
    await expectRefused('unsigned', `${header({ alg: 'none', kid: key.kid })}.${payload}.c2ln`);
    await expectRefused('unsigned', `${header({ kid: key.kid })}.${payload}.c2ln`);
    await expectRefused('unsigned', `${header({ alg: 'EdDSA', kid: key.kid })}.${payload}.`);
    await expectRefused('unsigned', `not-base64!.${payload}.c2ln`);
  });

  it('unknown-key: signed by a key the node does not trust, or naming no key', async () => {
    const envelope = envelopeOf(1);
    await expectRefused('unknown-key', await signed(envelope, stranger));
    // A stranger claiming a trusted kid is caught by the signature instead.
    await expectRefused(
      'bad-signature',
      await signSnapshot(envelope, stranger.privateKey, key.kid),
    );
    await expectRefused(
      'unknown-key',
      await signRaw(canonicalJson(envelope), key.privateKey, { kid: undefined }),
    );
  });

  it('bad-signature: a payload changed after signing', async () => {
    const jws = await signed(envelopeOf(5));
    const tampered = { ...(decodePayload(jws) as SnapshotEnvelope), version: 6 };
    await expectRefused('bad-signature', withPayload(jws, canonicalJson(tampered)));
    // Re-serialising the same content differently is a change too: the bytes are signed.
    await expectRefused(
      'bad-signature',
      withPayload(jws, JSON.stringify(decodePayload(jws), null, 1)),
    );
  });

  it('bad-signature: a changed signature or header', async () => {
    const jws = await signed(envelopeOf(5));
    const [header = '', payload = '', signature = ''] = jws.split('.');
    const flipped = Buffer.from(signature, 'base64url');
    flipped[0] = (flipped[0] ?? 0) ^ 1;
    await expectRefused('bad-signature', `${header}.${payload}.${flipped.toString('base64url')}`);
    const otherHeader = base64url.encode(
      JSON.stringify({ alg: 'EdDSA', kid: key.kid, typ: 'gatehouse-snapshot+jws', x: 1 }),
    );
    await expectRefused('bad-signature', `${otherHeader}.${payload}.${signature}`);
  });

  it('bad-signature: another algorithm, e.g. HMAC keyed with the public key', async () => {
    const secret = new TextEncoder().encode(key.kid.repeat(2));
    const hs256 = await new CompactSign(new TextEncoder().encode(canonicalJson(envelopeOf(1))))
      .setProtectedHeader({ alg: 'HS256', kid: key.kid, typ: 'gatehouse-snapshot+jws' })
      .sign(secret);
    await expectRefused('bad-signature', hs256);
  });

  it('invalid-payload: a trusted signature over something that is not a snapshot envelope', async () => {
    const sign = (payload: string, header: Record<string, unknown> = {}) =>
      signRaw(payload, key.privateKey, { kid: key.kid, ...header });
    const envelope = envelopeOf(1);
    await expectRefused('invalid-payload', await sign('not json'));
    await expectRefused('invalid-payload', await sign('[]'));
    await expectRefused('invalid-payload', await sign(canonicalJson({ ...envelope, version: 0 })));
    await expectRefused('invalid-payload', await sign(canonicalJson({ ...envelope, extra: true })));
    await expectRefused(
      'invalid-payload',
      await sign(canonicalJson({ ...envelope, config: { upstreams: [] } })),
    );
    // A token of another kind signed with the same key is not a snapshot.
    await expectRefused('invalid-payload', await sign(canonicalJson(envelope), { typ: 'JWT' }));
    const missing = await refusal(await sign(canonicalJson({ fleetId: FLEET_ID })));
    expect(missing.message).toMatch(/version: .*createdAt: /);
  });

  it('content-hash-mismatch: a contentHash that is not the hash of the config', async () => {
    const envelope = envelopeOf(1);
    const other = envelopeOf(1, 'another-command');
    const mismatched = { ...envelope, contentHash: other.contentHash };
    const error = await refusal(
      await signRaw(canonicalJson(mismatched), key.privateKey, { kid: key.kid }),
    );
    expect(error.reason).toBe('content-hash-mismatch');
    expect(error.message).toContain(envelope.contentHash);
  });

  it('wrong-fleet: a snapshot for another fleet', async () => {
    await expectRefused('wrong-fleet', await signed(envelopeOf(1, 'x', 'fleet-us-1')));
  });

  it('stale-version: older than applied, or the applied version with other content', async () => {
    const applied = envelopeOf(5);
    const older = await signed(envelopeOf(4));
    await expectRefused('stale-version', older, { applied });
    await expectRefused('stale-version', await signed(envelopeOf(5, 'changed')), { applied });
    // An operator's deliberate rollback verifies without an applied version.
    expect((await verifier.verify(older)).envelope.version).toBe(4);
  });
});

describe('SnapshotVerifier versions', () => {
  it('accepts a newer version, and the applied one again when its content is the same (idempotent)', async () => {
    const applied = envelopeOf(5);
    expect(
      (await verifier.verify(await signed(envelopeOf(6, 'changed')), { applied })).envelope.version,
    ).toBe(6);
    expect(
      (await verifier.verify(await signed(envelopeOf(5)), { applied })).envelope.contentHash,
    ).toBe(applied.contentHash);
  });
});

describe('SnapshotVerifier key rotation', () => {
  it('accepts both keys during a rollover, and refuses the old one once it is removed', async () => {
    const next = await generateSigningKey();
    const oldSnapshot = await signed(envelopeOf(10), key);
    const newSnapshot = await signed(envelopeOf(11), next);

    const rollover = new SnapshotVerifier({ trustedKeys: [key, next], fleetId: FLEET_ID });
    expect(rollover.keyIds).toEqual([key.kid, next.kid]);
    expect((await rollover.verify(oldSnapshot)).kid).toBe(key.kid);
    expect((await rollover.verify(newSnapshot)).kid).toBe(next.kid);

    const retired = new SnapshotVerifier({ trustedKeys: [next], fleetId: FLEET_ID });
    await expectRefused('unknown-key', oldSnapshot, undefined, retired);
    expect((await retired.verify(newSnapshot)).envelope.version).toBe(11);
  });

  it('needs at least one trusted key', () => {
    expect(() => new SnapshotVerifier({ trustedKeys: [], fleetId: FLEET_ID })).toThrow(
      /at least one trusted key/,
    );
  });
});
