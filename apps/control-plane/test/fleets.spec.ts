import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createFleet,
  createNodeCredential,
  createTenant,
  type ErrorBody,
  type Fleet,
} from './support/fleet-fixtures.js';
import { startTestApp } from './support/test-app.js';
import type { TestApp } from './support/test-app.js';

interface Credential {
  id: string;
  fleetId: string;
  label: string | null;
  keyPrefix: string;
  createdAt: string;
  expiresAt: string | null;
  revokedAt: string | null;
  lastUsedAt: string | null;
}

interface Node {
  id: string;
  fleetId: string;
  nodeId: string;
  hostname: string | null;
  state: string | null;
  appliedVersion: number | null;
  appliedAt: string | null;
  startedAt: string | null;
  lastError: string | null;
  credentialId: string | null;
  firstSeenAt: string;
  lastSeenAt: string;
}

interface Change {
  actor: { type: string; name: string | null };
  entityType: string;
  entityId: string;
  action: string;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
}

let t: TestApp;
let admin: string;
let viewer: string;

beforeAll(async () => {
  t = await startTestApp();
  admin = await t.token('admin', 'fleet-admin');
  viewer = await t.token('viewer');
});
afterAll(async () => {
  await t?.close();
});

function heartbeat(fleetId: string, credential: string | undefined, body: unknown) {
  return fetch(`${t.baseUrl}/api/v1/fleets/${fleetId}/nodes/heartbeat`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(credential === undefined ? {} : { authorization: `Bearer ${credential}` }),
    },
    body: JSON.stringify(body),
  });
}

const report = {
  nodeId: 'gw-0',
  hostname: 'gw-0.cluster.local',
  appliedVersion: null,
  startedAt: '2026-11-25T09:00:00.000Z',
  state: 'starting',
};

describe('fleets CRUD', () => {
  it('creates a fleet serving tenants, reads, changes and deletes it', async () => {
    const acme = await createTenant(t, admin, 'acme');
    const globex = await createTenant(t, admin, 'globex');
    const fleet = await createFleet(t, admin, {
      name: 'eu-prod',
      description: 'Frankfurt',
      tenantIds: [globex, acme],
    });
    expect(fleet).toMatchObject({
      name: 'eu-prod',
      description: 'Frankfurt',
      tenantIds: [acme, globex].sort(),
      lastBuildError: null,
    });

    const read = await t.request('GET', `/api/v1/fleets/${fleet.id}`, { token: viewer });
    expect(read.status).toBe(200);
    expect((read.body as Fleet).name).toBe('eu-prod');

    const updated = await t.request('PATCH', `/api/v1/fleets/${fleet.id}`, {
      token: admin,
      body: { tenantIds: [acme], description: null },
    });
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({ tenantIds: [acme], description: null, name: 'eu-prod' });

    const list = await t.request('GET', '/api/v1/fleets?limit=10', { token: viewer });
    expect((list.body as { items: Fleet[] }).items.map((item) => item.id)).toContain(fleet.id);

    const deleted = await t.request('DELETE', `/api/v1/fleets/${fleet.id}`, { token: admin });
    expect(deleted.status).toBe(204);
    const gone = await t.request('GET', `/api/v1/fleets/${fleet.id}`, { token: admin });
    expect(gone.status).toBe(404);
    expect((gone.body as ErrorBody).error.message).toBe(`No fleet with id ${fleet.id}.`);
  });

  it('validates names and tenant lists, naming the field, and rejects unknown fields', async () => {
    const response = await t.request('POST', '/api/v1/fleets', {
      token: admin,
      body: { name: 'Bad Name', tenantIds: ['x'], region: 'eu' },
    });
    expect(response.status).toBe(400);
    const paths = (response.body as ErrorBody).error.issues?.map((issue) => issue.path);
    expect(paths).toEqual(expect.arrayContaining(['name', 'tenantIds.0', 'region']));

    const twice = await t.request('POST', '/api/v1/fleets', {
      token: admin,
      body: {
        name: 'twice',
        tenantIds: ['01900000-0000-7000-8000-000000000001', '01900000-0000-7000-8000-000000000001'],
      },
    });
    expect((twice.body as ErrorBody).error.issues).toEqual([
      { path: 'tenantIds', message: 'must not list a tenant twice' },
    ]);
  });

  it('answers a duplicate name with 409 and a missing tenant with 404, naming it', async () => {
    await createFleet(t, admin, { name: 'dup-fleet' });
    const duplicate = await t.request('POST', '/api/v1/fleets', {
      token: admin,
      body: { name: 'dup-fleet' },
    });
    expect(duplicate.status).toBe(409);
    expect((duplicate.body as ErrorBody).error.message).toBe(
      'A fleet named "dup-fleet" already exists; fleet names are unique.',
    );
    const missing = '01900000-0000-7000-8000-00000000abcd';
    const response = await t.request('POST', '/api/v1/fleets', {
      token: admin,
      body: { name: 'orphan', tenantIds: [missing] },
    });
    expect(response.status).toBe(404);
    expect((response.body as ErrorBody).error.message).toContain(`No tenant with id ${missing}`);
  });

  it('lets viewers read but not change fleets', async () => {
    const response = await t.request('POST', '/api/v1/fleets', {
      token: viewer,
      body: { name: 'nope' },
    });
    expect(response.status).toBe(403);
  });

  it('records every change in config history, with before and after', async () => {
    const fleet = await createFleet(t, admin, { name: 'audited-fleet' });
    await t.request('PATCH', `/api/v1/fleets/${fleet.id}`, {
      token: admin,
      body: { description: 'now described' },
    });
    const secret = await createNodeCredential(t, admin, fleet.id);
    const history = await t.request('GET', `/api/v1/config-history?limit=200`, { token: admin });
    const changes = (history.body as { items: Change[] }).items;
    const ofFleet = changes.filter(
      (change) => change.entityType === 'fleet' && change.entityId === fleet.id,
    );
    expect(ofFleet.map((change) => change.action)).toEqual(['update', 'create']);
    expect(ofFleet[0]).toMatchObject({
      actor: { type: 'admin_token', name: 'fleet-admin' },
      before: { description: null },
      after: { description: 'now described' },
    });
    const credentialChange = changes.find((change) => change.entityType === 'fleet_credential');
    expect(credentialChange).toMatchObject({ action: 'create', before: null });
    expect(JSON.stringify(credentialChange)).not.toContain(secret);
    expect(JSON.stringify(credentialChange)).not.toMatch(/hash/i);
  });
});

describe('node credentials', () => {
  it('shows the secret once, lists credentials without it, and revokes', async () => {
    const fleet = await createFleet(t, admin, { name: 'cred-fleet' });
    const created = await t.request('POST', `/api/v1/fleets/${fleet.id}/credentials`, {
      token: admin,
      body: { label: 'k8s eu', expiresInDays: 30 },
    });
    expect(created.status).toBe(201);
    const { credential, secret } = created.body as { credential: Credential; secret: string };
    expect(secret).toMatch(/^gh_node_[A-Za-z0-9_-]{43}$/);
    expect(credential).toMatchObject({ fleetId: fleet.id, label: 'k8s eu', revokedAt: null });
    expect(secret.startsWith(credential.keyPrefix)).toBe(true);
    expect(Date.parse(credential.expiresAt ?? '')).toBeGreaterThan(Date.now() + 29 * 86_400_000);

    const list = await t.request('GET', `/api/v1/fleets/${fleet.id}/credentials`, {
      token: viewer,
    });
    expect(list.status).toBe(200);
    expect(JSON.stringify(list.body)).not.toContain(secret);
    expect((list.body as { items: Credential[] }).items).toEqual([credential]);

    expect((await heartbeat(fleet.id, secret, report)).status).toBe(204);

    const revoked = await t.request(
      'DELETE',
      `/api/v1/fleets/${fleet.id}/credentials/${credential.id}`,
      { token: admin },
    );
    expect(revoked.status).toBe(204);
    const again = await t.request(
      'DELETE',
      `/api/v1/fleets/${fleet.id}/credentials/${credential.id}`,
      { token: admin },
    );
    expect(again.status).toBe(204);
    const refused = await heartbeat(fleet.id, secret, report);
    expect(refused.status).toBe(401);
    expect(((await refused.json()) as ErrorBody).error.message).toContain('was revoked');
  });

  it('answers 404 for a credential of another fleet or a missing fleet', async () => {
    const one = await createFleet(t, admin, { name: 'cred-one' });
    const two = await createFleet(t, admin, { name: 'cred-two' });
    const created = await t.request('POST', `/api/v1/fleets/${one.id}/credentials`, {
      token: admin,
      body: {},
    });
    const { credential } = created.body as { credential: Credential };
    const wrong = await t.request(
      'DELETE',
      `/api/v1/fleets/${two.id}/credentials/${credential.id}`,
      {
        token: admin,
      },
    );
    expect(wrong.status).toBe(404);
    const missing = await t.request(
      'POST',
      '/api/v1/fleets/01900000-0000-7000-8000-000000000000/credentials',
      { token: admin, body: {} },
    );
    expect(missing.status).toBe(404);
  });
});

describe('node heartbeats', () => {
  it('upserts the node: one row per node id, last seen and applied version kept current', async () => {
    const fleet = await createFleet(t, admin, { name: 'beating' });
    const secret = await createNodeCredential(t, admin, fleet.id);

    expect((await heartbeat(fleet.id, secret, report)).status).toBe(204);
    const first = await t.request('GET', `/api/v1/fleets/${fleet.id}/nodes`, { token: viewer });
    expect(first.status).toBe(200);
    const [node] = (first.body as { items: Node[] }).items;
    expect(node).toMatchObject({
      nodeId: 'gw-0',
      hostname: 'gw-0.cluster.local',
      state: 'starting',
      appliedVersion: null,
      appliedAt: null,
      startedAt: '2026-11-25T09:00:00.000Z',
      lastError: null,
    });

    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(
      (
        await heartbeat(fleet.id, secret, {
          ...report,
          appliedVersion: 3,
          state: 'degraded',
          lastError: 'control plane unreachable',
          someFutureField: true,
        })
      ).status,
    ).toBe(204);
    await heartbeat(fleet.id, secret, { ...report, nodeId: 'gw-1', hostname: 'gw-1' });
    const second = await t.request('GET', `/api/v1/fleets/${fleet.id}/nodes`, { token: viewer });
    const items = (second.body as { items: Node[] }).items;
    expect(items.map((item) => item.nodeId)).toEqual(['gw-0', 'gw-1']);
    expect(items[0]).toMatchObject({
      id: node?.id,
      appliedVersion: 3,
      state: 'degraded',
      lastError: 'control plane unreachable',
      firstSeenAt: node?.firstSeenAt,
    });
    expect(Date.parse(items[0]?.lastSeenAt ?? '')).toBeGreaterThan(
      Date.parse(node?.lastSeenAt ?? ''),
    );
    expect(items[0]?.appliedAt).not.toBeNull();
  });

  it('validates the report, naming the field', async () => {
    const fleet = await createFleet(t, admin, { name: 'beating-badly' });
    const secret = await createNodeCredential(t, admin, fleet.id);
    const response = await heartbeat(fleet.id, secret, {
      ...report,
      nodeId: '../etc',
      state: 'sleeping',
    });
    expect(response.status).toBe(400);
    const paths = ((await response.json()) as ErrorBody).error.issues?.map((issue) => issue.path);
    expect(paths).toEqual(['nodeId', 'state']);
  });

  it('refuses a missing or unknown credential (401), an admin token (401), and another fleet (403)', async () => {
    const fleet = await createFleet(t, admin, { name: 'guarded' });
    const other = await createFleet(t, admin, { name: 'guarded-other' });
    const otherSecret = await createNodeCredential(t, admin, other.id);

    const none = await heartbeat(fleet.id, undefined, report);
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toMatch(/^Bearer/);
    const unknown = await heartbeat(fleet.id, `gh_node_${'A'.repeat(43)}`, report);
    expect(unknown.status).toBe(401);
    const adminToken = await heartbeat(fleet.id, admin, report);
    expect(adminToken.status).toBe(401);
    const foreign = await heartbeat(fleet.id, otherSecret, report);
    expect(foreign.status).toBe(403);
    expect(((await foreign.json()) as ErrorBody).error.message).toBe(
      `This node credential belongs to fleet ${other.id}, not to fleet ${fleet.id}.`,
    );
  });

  it('keeps admin tokens off the node list and node credentials off the admin API', async () => {
    const fleet = await createFleet(t, admin, { name: 'separate' });
    const secret = await createNodeCredential(t, admin, fleet.id);
    const asNode = await t.request('GET', `/api/v1/fleets/${fleet.id}/nodes`, { token: secret });
    expect(asNode.status).toBe(401);
  });
});

describe('logs', () => {
  it('logged no error', () => {
    expect(t.errorLogs()).toEqual([]);
  });
});
