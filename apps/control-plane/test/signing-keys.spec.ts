import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  exportPublicJwk,
  generateSigningKey,
  readSigningKeyFile,
  readTrustedKeysFile,
  writeSigningKeyFile,
} from '@gatehouse/signing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createFleet,
  createNodeCredential,
  eventually,
  fleetVersion,
  pullSnapshot,
  seedUpstream,
  trustedKeysOf,
  verifierFor,
} from './support/fleet-fixtures.js';
import { runEntry } from './support/run-process.js';
import { startTestApp } from './support/test-app.js';
import type { TestApp } from './support/test-app.js';

let dir: string;
let t: TestApp;
let admin: string;
const firstKeyFile = (): string => join(dir, 'first', 'signing-key.pem');

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'gatehouse-keys-'));
  t = await startTestApp({ SNAPSHOT_SIGNING_KEY_FILE: firstKeyFile() });
  admin = await t.token('admin');
});
afterAll(async () => {
  await t?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

interface Jwks {
  keys: { kty: string; crv: string; x: string; kid: string; alg: string; use: string }[];
}

describe('the signing key', () => {
  it('is created on first start, owner-only, and published as a JWKS', async () => {
    const file = firstKeyFile();
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect((await stat(join(dir, 'first'))).mode & 0o077).toBe(0);
    const key = await readSigningKeyFile(file);
    const viewer = await t.token('viewer');
    const response = await t.request('GET', '/api/v1/signing-keys', { token: viewer });
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ keys: [await exportPublicJwk(key.publicKey)] });
    expect((response.body as Jwks).keys[0]).toMatchObject({
      kty: 'OKP',
      crv: 'Ed25519',
      alg: 'EdDSA',
      use: 'sig',
      kid: key.kid,
    });
    expect(JSON.stringify(response.body)).not.toContain('"d"');
    expect((await t.request('GET', '/api/v1/signing-keys')).status).toBe(401);
  });

  it('stops the boot with the variable and path named when the key file is unusable', async () => {
    const garbage = join(dir, 'garbage.pem');
    await writeFile(garbage, 'not a key');
    await expect(startTestApp({ SNAPSHOT_SIGNING_KEY_FILE: garbage })).rejects.toThrow(
      `SNAPSHOT_SIGNING_KEY_FILE (${garbage})`,
    );
  });
});

describe('key rotation', () => {
  it('keeps the previous key published and re-signs the same content with the new key', async () => {
    await seedUpstream(t, { name: 'search', tools: [{ name: 'query' }] });
    const fleet = await createFleet(t, admin, { name: 'rotating' });
    const credential = await createNodeCredential(t, admin, fleet.id);
    await eventually(
      async () => ((await fleetVersion(t, admin, fleet.id)) === 1 ? true : undefined),
      5_000,
      'the first snapshot',
    );
    const first = await pullSnapshot(t.baseUrl, fleet.id, credential);
    const firstKeys = await trustedKeysOf(t, admin);

    // The next key, announced to nodes before it signs anything.
    const nextKeyFile = join(dir, 'next.pem');
    const nextKey = await generateSigningKey();
    await writeSigningKeyFile(nextKeyFile, nextKey, 'pem');
    const announced = join(dir, 'announced.jwks');
    const afterNext = await generateSigningKey();
    await writeFile(
      announced,
      JSON.stringify({ keys: [await exportPublicJwk(afterNext.publicKey)] }),
    );

    // The same deployment restarted on the next key, the first one as previous.
    const rotated = await startTestApp(
      {
        SNAPSHOT_SIGNING_KEY_FILE: nextKeyFile,
        SNAPSHOT_PREVIOUS_KEYS_FILE: firstKeyFile(),
        SNAPSHOT_TRUSTED_KEYS_FILE: announced,
      },
      { sharing: t },
    );
    try {
      const rotatedAdmin = await rotated.token('admin', 'rotated-admin');
      const published = await trustedKeysOf(rotated, rotatedAdmin);
      expect(published.map((key) => key.kid)).toEqual([
        nextKey.kid,
        firstKeys[0]?.kid,
        afterNext.kid,
      ]);

      const build = await rotated.request('POST', `/api/v1/fleets/${fleet.id}/snapshots`, {
        token: rotatedAdmin,
      });
      expect(build.body).toMatchObject({
        outcome: 'created',
        snapshot: { version: 2, keyId: nextKey.kid },
      });
      const second = await pullSnapshot(rotated.baseUrl, fleet.id, credential, { ifNoneMatch: 1 });
      expect(second.status).toBe(200);

      // A node given the published JWKS accepts both; one still on the first key refuses v2.
      const verifier = verifierFor(published, fleet.id);
      const v1 = await verifier.verify(first.body);
      const v2 = await verifier.verify(second.body, {
        applied: { version: 1, contentHash: v1.envelope.contentHash },
      });
      expect(v1.kid).toBe(firstKeys[0]?.kid);
      expect(v2.kid).toBe(nextKey.kid);
      expect(v2.envelope.contentHash).toBe(v1.envelope.contentHash);
      await expect(verifierFor(firstKeys, fleet.id).verify(second.body)).rejects.toThrow(
        /unknown-key/,
      );
      expect(rotated.errorLogs()).toEqual([]);
    } finally {
      await rotated.close();
    }
  });
});

describe('export-trusted-keys', () => {
  it('writes the same JWKS the API publishes, creating a missing signing key', async () => {
    const keyFile = join(dir, 'cli', 'signing-key.pem');
    const out = join(dir, 'trusted.jwks');
    const env = { SNAPSHOT_SIGNING_KEY_FILE: keyFile, SNAPSHOT_PREVIOUS_KEYS_FILE: firstKeyFile() };
    const result = await runEntry('cli/export-trusted-keys.ts', ['--out', out], env);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain('Generated a new snapshot signing key');
    expect(result.stderr).toContain('Wrote 2 trusted key(s)');
    const written = await readTrustedKeysFile(out);
    const created = await readSigningKeyFile(keyFile);
    const first = await readSigningKeyFile(firstKeyFile());
    expect(written.map((key) => key.kid)).toEqual([created.kid, first.kid]);
    expect(JSON.parse(await readFile(out, 'utf8'))).toEqual({
      keys: [await exportPublicJwk(created.publicKey), await exportPublicJwk(first.publicKey)],
    });

    const again = await runEntry('cli/export-trusted-keys.ts', ['--format', 'pem'], env);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).toBe('');
    expect(again.stdout.match(/BEGIN PUBLIC KEY/g)).toHaveLength(2);
  });

  it('says which variable points at an unusable file', async () => {
    const result = await runEntry('cli/export-trusted-keys.ts', [], {
      SNAPSHOT_SIGNING_KEY_FILE: firstKeyFile(),
      SNAPSHOT_PREVIOUS_KEYS_FILE: join(dir, 'missing.pem'),
    });
    expect(result.code).toBe(66);
    expect(result.stderr).toContain('SNAPSHOT_PREVIOUS_KEYS_FILE');
    expect(result.stderr).toContain('missing.pem');
  });
});
