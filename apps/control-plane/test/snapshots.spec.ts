import type { SnapshotEnvelope } from '@gatehouse/contracts';
import { SnapshotVerificationError } from '@gatehouse/signing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DatabaseService } from '../src/database/database.service.js';
import {
  createFleet,
  createNodeCredential,
  createTenant,
  eventually,
  fleetVersion,
  pullSnapshot,
  seedUpstream,
  trustedKeysOf,
  verifierFor,
  type ErrorBody,
  type Fleet,
} from './support/fleet-fixtures.js';
import { startTestApp } from './support/test-app.js';
import type { TestApp } from './support/test-app.js';

let t: TestApp;
let admin: string;
let tenantId: string;
let fleet: Fleet;
let credential: string;

beforeAll(async () => {
  t = await startTestApp();
  admin = await t.token('admin');
  tenantId = await createTenant(t, admin, 'acme');
  await seedUpstream(t, {
    name: 'search',
    tools: [{ name: 'query' }, { name: 'reindex', enabled: false }],
  });
  await seedUpstream(t, { tenantId, name: 'calendar', tools: [{ name: 'list_events' }] });
  fleet = await createFleet(t, admin, { name: 'main', tenantIds: [tenantId] });
  credential = await createNodeCredential(t, admin, fleet.id);
  // The fleet's creation queued its first build.
  await eventually(
    async () => ((await fleetVersion(t, admin, fleet.id)) === 1 ? true : undefined),
    5_000,
    'the first snapshot',
  );
});
afterAll(async () => {
  await t?.close();
});

async function currentVersion(): Promise<number> {
  const version = await fleetVersion(t, admin, fleet.id);
  if (version === null) throw new Error('no snapshot');
  return version;
}

async function renameTenant(displayName: string): Promise<void> {
  const response = await t.request('PATCH', `/api/v1/tenants/${tenantId}`, {
    token: admin,
    body: { displayName },
  });
  expect(response.status).toBe(200);
}

async function envelopeOf(jws: string): Promise<SnapshotEnvelope> {
  const verified = await verifierFor(await trustedKeysOf(t, admin), fleet.id).verify(jws);
  return verified.envelope;
}

describe('snapshot content and signature', () => {
  it('serves the newest snapshot as a JWS that verifies with the published keys', async () => {
    const pulled = await pullSnapshot(t.baseUrl, fleet.id, credential);
    expect(pulled.status).toBe(200);
    expect(pulled.contentType).toBe('application/jose');
    expect(pulled.etag).toBe('"1"');
    const envelope = await envelopeOf(pulled.body);
    expect(envelope).toMatchObject({ fleetId: fleet.id, version: 1 });
    expect(envelope.config.upstreams.map((upstream) => upstream.name)).toEqual([
      'calendar',
      'search',
    ]);
    expect(envelope.config.tenants).toEqual([{ id: 'acme', name: 'ACME', redisFailMode: 'open' }]);
    expect(envelope.config.tools).toEqual([
      expect.objectContaining({ upstream: 'calendar', name: 'list_events', enabled: true }),
      expect.objectContaining({ upstream: 'search', name: 'query', enabled: true }),
      expect.objectContaining({ upstream: 'search', name: 'reindex', enabled: false }),
    ]);
  });

  it('is refused by a verifier of another fleet or with other keys', async () => {
    const pulled = await pullSnapshot(t.baseUrl, fleet.id, credential);
    const keys = await trustedKeysOf(t, admin);
    await expect(verifierFor(keys, 'another-fleet').verify(pulled.body)).rejects.toBeInstanceOf(
      SnapshotVerificationError,
    );
  });
});

describe('rebuilds', () => {
  it('puts a change into version + 1 within about a second', async () => {
    const before = await currentVersion();
    const changedAt = Date.now();
    await renameTenant('Acme Corporation');
    const version = await eventually(
      async () => {
        const now = await currentVersion();
        return now > before ? now : undefined;
      },
      2_000,
      'the rebuilt snapshot',
    );
    const elapsed = Date.now() - changedAt;
    expect(version).toBe(before + 1);
    expect(elapsed).toBeLessThan(1_500);
    const pulled = await pullSnapshot(t.baseUrl, fleet.id, credential, { ifNoneMatch: before });
    expect(pulled.status).toBe(200);
    expect(pulled.etag).toBe(`"${version}"`);
    expect((await envelopeOf(pulled.body)).config.tenants).toEqual([
      { id: 'acme', name: 'Acme Corporation', redisFailMode: 'open' },
    ]);
  });

  it('rebuilds after a change made through another module (a tool disabled)', async () => {
    const before = await currentVersion();
    const db = t.app.get(DatabaseService).client;
    const tool = await db.tool.findFirstOrThrow({ where: { name: 'query' } });
    const response = await t.request('PATCH', `/api/v1/tools/${tool.id}`, {
      token: admin,
      body: { enabled: false },
    });
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    const envelope = await eventually(
      async () => {
        const pulled = await pullSnapshot(t.baseUrl, fleet.id, credential, {
          ifNoneMatch: before,
          wait: 5,
        });
        return pulled.status === 200 ? envelopeOf(pulled.body) : undefined;
      },
      5_000,
      'the rebuilt snapshot',
    );
    expect(envelope.version).toBe(before + 1);
    expect(envelope.config.tools).toContainEqual(
      expect.objectContaining({ upstream: 'search', name: 'query', enabled: false }),
    );
  });

  it('stores a new version only when the content changed', async () => {
    const before = await currentVersion();
    const build = await t.request('POST', `/api/v1/fleets/${fleet.id}/snapshots`, {
      token: admin,
    });
    expect(build.status).toBe(200);
    expect(build.body).toMatchObject({ outcome: 'unchanged', snapshot: { version: before } });
    // A change that changes nothing the snapshot holds (same name) builds, but stores nothing.
    await renameTenant('Acme Corporation');
    await new Promise((resolve) => setTimeout(resolve, 800));
    expect(await currentVersion()).toBe(before);
    const list = await t.request('GET', `/api/v1/fleets/${fleet.id}/snapshots`, { token: admin });
    const versions = (list.body as { items: { version: number }[] }).items.map(
      (item) => item.version,
    );
    expect(versions[0]).toBe(before);
    expect(new Set(versions).size).toBe(versions.length);
  });

  it('builds a burst of ten changes once or twice, not ten times', async () => {
    const before = await currentVersion();
    await Promise.all(Array.from({ length: 10 }, (_, index) => renameTenant(`Burst ${index}`)));
    const tenant = await t.request('GET', `/api/v1/tenants/${tenantId}`, { token: admin });
    const finalName = (tenant.body as { displayName: string }).displayName;
    // Settled when the newest snapshot holds the final name.
    const version = await eventually(
      async () => {
        const pulled = await pullSnapshot(t.baseUrl, fleet.id, credential);
        const envelope = await envelopeOf(pulled.body);
        return envelope.config.tenants[0]?.name === finalName ? envelope.version : undefined;
      },
      5_000,
      'the burst to be built',
    );
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await currentVersion()).toBe(version);
    expect(version - before).toBeGreaterThanOrEqual(1);
    expect(version - before).toBeLessThanOrEqual(2);
  });

  it('records a configuration that does not compile on the fleet, keeping the last snapshot', async () => {
    const broken = await createTenant(t, admin, 'broken');
    // Two upstreams of one name in one fleet cannot both be in its snapshot.
    await seedUpstream(t, { tenantId: broken, name: 'search' });
    const other = await createFleet(t, admin, { name: 'broken-fleet', tenantIds: [broken] });
    const otherCredential = await createNodeCredential(t, admin, other.id);
    const fleetAfter = await eventually(
      async () => {
        const response = await t.request('GET', `/api/v1/fleets/${other.id}`, { token: admin });
        const body = response.body as Fleet;
        return body.lastBuildError === null ? undefined : body;
      },
      5_000,
      'the failed build',
    );
    expect(fleetAfter.snapshotVersion).toBeNull();
    expect(fleetAfter.lastBuildError).toContain(
      'upstream "search" of tenant "broken": has the same name as shared upstream "search"',
    );
    const build = await t.request('POST', `/api/v1/fleets/${other.id}/snapshots`, {
      token: admin,
    });
    expect(build.status).toBe(409);
    expect((build.body as ErrorBody).error.issues?.[0]?.path).toBe(
      'upstream "search" of tenant "broken"',
    );

    const pulled = await pullSnapshot(t.baseUrl, other.id, otherCredential);
    expect(pulled.status).toBe(404);
    expect((JSON.parse(pulled.body) as ErrorBody).error.message).toContain(
      'has no snapshot yet. The last build failed',
    );
  });
});

describe('long-poll', () => {
  it('answers 304 with the ETag once the wait is over and nothing changed', async () => {
    const version = await currentVersion();
    const pulled = await pullSnapshot(t.baseUrl, fleet.id, credential, {
      ifNoneMatch: version,
      wait: 1,
    });
    expect(pulled.status).toBe(304);
    expect(pulled.etag).toBe(`"${version}"`);
    expect(pulled.body).toBe('');
    expect(pulled.elapsedMs).toBeGreaterThanOrEqual(950);
    expect(pulled.elapsedMs).toBeLessThan(3_000);

    const immediate = await pullSnapshot(t.baseUrl, fleet.id, credential, { ifNoneMatch: version });
    expect(immediate.status).toBe(304);
    expect(immediate.elapsedMs).toBeLessThan(500);
  });

  it('answers at once when a new version lands during the wait', async () => {
    const version = await currentVersion();
    const pending = pullSnapshot(t.baseUrl, fleet.id, credential, {
      ifNoneMatch: version,
      wait: 20,
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    await renameTenant(`Mid-wait ${Date.now()}`);
    const pulled = await pending;
    expect(pulled.status).toBe(200);
    expect(pulled.etag).toBe(`"${version + 1}"`);
    expect(pulled.elapsedMs).toBeLessThan(2_500);
  });

  it('wakes waiters held by another control-plane instance (Redis pub/sub)', async () => {
    const second = await startTestApp({ WORKER: 'false' }, { sharing: t });
    try {
      const version = await currentVersion();
      const pending = pullSnapshot(second.baseUrl, fleet.id, credential, {
        ifNoneMatch: version,
        wait: 20,
      });
      await new Promise((resolve) => setTimeout(resolve, 300));
      await renameTenant(`Elsewhere ${Date.now()}`);
      const pulled = await pending;
      expect(pulled.status).toBe(200);
      expect(pulled.etag).toBe(`"${version + 1}"`);
      expect(pulled.elapsedMs).toBeLessThan(2_500);
      expect(second.errorLogs()).toEqual([]);
    } finally {
      await second.close();
    }
  });

  it('lets a node hang up during the wait without a trace in the error log', async () => {
    const version = await currentVersion();
    const controller = new AbortController();
    const pending = fetch(`${t.baseUrl}/api/v1/fleets/${fleet.id}/snapshot?wait=30`, {
      headers: { authorization: `Bearer ${credential}`, 'if-none-match': `"${version}"` },
      signal: controller.signal,
    });
    await new Promise((resolve) => setTimeout(resolve, 200));
    controller.abort();
    await expect(pending).rejects.toThrow();
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(t.errorLogs()).toEqual([]);
    // And the next poll is served as usual.
    const next = await pullSnapshot(t.baseUrl, fleet.id, credential, { ifNoneMatch: version });
    expect(next.status).toBe(304);
  });

  it('caps the wait at 60 seconds and validates it', async () => {
    const bad = await fetch(`${t.baseUrl}/api/v1/fleets/${fleet.id}/snapshot?wait=soon`, {
      headers: { authorization: `Bearer ${credential}` },
    });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as ErrorBody).error.issues?.[0]?.path).toBe('wait');
  });
});

describe('node authentication on the pull', () => {
  it('refuses a bad credential (401) and another fleet’s credential (403)', async () => {
    const none = await fetch(`${t.baseUrl}/api/v1/fleets/${fleet.id}/snapshot`);
    expect(none.status).toBe(401);
    const bad = await pullSnapshot(t.baseUrl, fleet.id, `gh_node_${'x'.repeat(43)}`);
    expect(bad.status).toBe(401);
    const adminToken = await pullSnapshot(t.baseUrl, fleet.id, admin);
    expect(adminToken.status).toBe(401);

    const other = await createFleet(t, admin, { name: 'other-fleet' });
    const otherCredential = await createNodeCredential(t, admin, other.id);
    const foreign = await pullSnapshot(t.baseUrl, fleet.id, otherCredential);
    expect(foreign.status).toBe(403);
  });

  it('records when a credential was last used', async () => {
    await pullSnapshot(t.baseUrl, fleet.id, credential);
    const list = await t.request('GET', `/api/v1/fleets/${fleet.id}/credentials`, {
      token: admin,
    });
    const [first] = (list.body as { items: { lastUsedAt: string | null }[] }).items;
    expect(first?.lastUsedAt).not.toBeNull();
  });
});

describe('fleet deletion', () => {
  it('takes the fleet’s snapshots and credentials with it', async () => {
    const doomed = await createFleet(t, admin, { name: 'doomed', tenantIds: [tenantId] });
    const doomedCredential = await createNodeCredential(t, admin, doomed.id);
    await eventually(
      async () => ((await fleetVersion(t, admin, doomed.id)) === 1 ? true : undefined),
      5_000,
      'the first snapshot of the doomed fleet',
    );
    expect(
      (await t.request('DELETE', `/api/v1/fleets/${doomed.id}`, { token: admin })).status,
    ).toBe(204);
    const db = t.app.get(DatabaseService).client;
    expect(await db.configSnapshot.count({ where: { fleetId: doomed.id } })).toBe(0);
    expect((await pullSnapshot(t.baseUrl, doomed.id, doomedCredential)).status).toBe(401);
  });
});

describe('logs', () => {
  it('logged no error', () => {
    expect(t.errorLogs()).toEqual([]);
  });
});
