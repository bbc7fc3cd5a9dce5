import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DatabaseService } from '../src/database/database.service.js';
import { errorOf, MISSING_ID } from './support/api-bodies.js';
import type { PageBody } from './support/api-bodies.js';
import { clientApi, type Change, type Issued, type Key } from './support/client-api.js';
import { startTestApp } from './support/test-app.js';
import type { TestApp } from './support/test-app.js';

let t: TestApp;
let admin: string;
let viewer: string;
let tenantId: string;

beforeAll(async () => {
  t = await startTestApp();
  admin = await t.token('admin', 'client-keys-admin');
  viewer = await t.token('viewer');
  const tenant = await t.request('POST', '/api/v1/tenants', {
    token: admin,
    body: { name: 'acme', displayName: 'Acme' },
  });
  tenantId = (tenant.body as { id: string }).id;
});
afterAll(async () => {
  await t?.close();
});

const api = () =>
  clientApi(
    t,
    () => ({ admin, viewer }),
    () => tenantId,
  );
const createClient = (name: string) => api().createClient(name);
const issueKey = (clientId: string, body?: Record<string, unknown>) =>
  api().issueKey(clientId, body);
const listKeys = (clientId: string) => api().listKeys(clientId);

describe('API keys', () => {
  it('shows a key once and stores only its SHA-256 hash and prefix', async () => {
    const client = await createClient('keyed');
    const issued = await issueKey(client.id, { label: 'ci' });
    expect(issued.key).toMatch(/^gh_live_[A-Za-z0-9_-]{43}$/);
    expect(issued.credential).toMatchObject({
      clientId: client.id,
      prefix: issued.key.slice(0, 16),
      label: 'ci',
      status: 'active',
      expiresAt: null,
    });
    expect(JSON.stringify(await listKeys(client.id))).not.toContain(issued.key);
    expect(await listKeys(client.id)).toEqual([issued.credential]);

    const rows = await t.app.get(DatabaseService).client.clientCredential.findMany({
      where: { clientId: client.id },
    });
    expect(rows).toHaveLength(1);
    const [row] = rows;
    expect(row?.keyHash).toBe(createHash('sha256').update(issued.key).digest('hex'));
    expect(row?.hashAlgorithm).toBe('sha256');
    expect(row?.keyPrefix).toBe(issued.credential.prefix);
    // Nothing in the row is the secret part of the key.
    const secret = issued.key.slice(16);
    expect(JSON.stringify(row)).not.toContain(secret);

    // Nor in the config history.
    const history = await t.request(
      'GET',
      `/api/v1/config-history?entityType=client_credential&entityId=${issued.credential.id}`,
      { token: viewer },
    );
    const [change] = (history.body as PageBody<Change>).items;
    expect(change).toMatchObject({ action: 'create', tenantId, after: issued.credential });
    expect(JSON.stringify(history.body)).not.toContain(secret);
  });

  it('takes an expiry in the future only', async () => {
    const client = await createClient('expiring');
    const past = await t.request('POST', `/api/v1/clients/${client.id}/keys`, {
      token: admin,
      body: { expiresAt: '2020-01-01T00:00:00Z' },
    });
    expect(past.status).toBe(400);
    expect(errorOf(past.body).issues).toEqual([
      { path: 'expiresAt', message: 'must be in the future' },
    ]);
    const malformed = await t.request('POST', `/api/v1/clients/${client.id}/keys`, {
      token: admin,
      body: { expiresAt: 'tomorrow', scope: 'all' },
    });
    expect(errorOf(malformed.body).issues?.map((issue) => issue.path)).toEqual([
      'expiresAt',
      'scope',
    ]);
    const expiresAt = new Date(Date.now() + 86_400_000).toISOString();
    const issued = await issueKey(client.id, { expiresAt });
    expect(issued.credential.expiresAt).toBe(expiresAt);
  });

  it('rotates a key: a new one, the old one expiring after the grace period', async () => {
    const client = await createClient('rotating');
    const old = await issueKey(client.id, { label: 'prod' });
    const before = Date.now();
    const rotated = await t.request(
      'POST',
      `/api/v1/clients/${client.id}/keys/${old.credential.id}/rotate`,
      { token: admin, body: { gracePeriodSeconds: 3600 } },
    );
    expect(rotated.status).toBe(201);
    const body = rotated.body as Issued & { previous: Key };
    expect(body.key).toMatch(/^gh_live_/);
    expect(body.key).not.toBe(old.key);
    expect(body.credential).toMatchObject({
      rotatedFromId: old.credential.id,
      label: 'prod',
      status: 'active',
    });
    expect(body.previous).toMatchObject({ id: old.credential.id, status: 'active' });
    const graceEnd = Date.parse(body.previous.expiresAt ?? '');
    expect(graceEnd).toBeGreaterThanOrEqual(before + 3_600_000 - 1_000);
    expect(graceEnd).toBeLessThanOrEqual(Date.now() + 3_600_000 + 1_000);

    const again = await t.request(
      'POST',
      `/api/v1/clients/${client.id}/keys/${old.credential.id}/rotate`,
      { token: admin, body: {} },
    );
    expect(again.status).toBe(409);
    expect(errorOf(again.body).message).toContain('already rotated');

    // Without a grace period the old key stops at once.
    const next = await t.request(
      'POST',
      `/api/v1/clients/${client.id}/keys/${body.credential.id}/rotate`,
      { token: admin, body: {} },
    );
    expect((next.body as { previous: Key }).previous.status).toBe('expired');
    const statuses = (await listKeys(client.id)).map((key) => key.status);
    expect(statuses).toEqual(['active', 'expired', 'active']);
  });

  it('revokes a key once, with a reason, and refuses to rotate a revoked key', async () => {
    const client = await createClient('revoking');
    const issued = await issueKey(client.id);
    const path = `/api/v1/clients/${client.id}/keys/${issued.credential.id}`;
    const revoked = await t.request('POST', `${path}/revoke`, {
      token: admin,
      body: { reason: 'leaked in a log' },
    });
    expect(revoked.status).toBe(200);
    expect(revoked.body).toMatchObject({ status: 'revoked', revokedReason: 'leaked in a log' });
    const twice = await t.request('POST', `${path}/revoke`, { token: admin, body: {} });
    expect(twice.status).toBe(409);
    const rotate = await t.request('POST', `${path}/rotate`, { token: admin, body: {} });
    expect(rotate.status).toBe(409);
    expect(errorOf(rotate.body).message).toContain('is revoked');

    const history = await t.request(
      'GET',
      `/api/v1/config-history?entityType=client_credential&entityId=${issued.credential.id}`,
      { token: viewer },
    );
    const [change] = (history.body as PageBody<Change>).items;
    expect(change).toMatchObject({
      actor: { type: 'admin_token', name: 'client-keys-admin' },
      action: 'update',
      before: { status: 'active', revokedAt: null },
      after: { status: 'revoked', revokedReason: 'leaked in a log' },
    });
  });

  it('answers 404 for keys of unknown clients and unknown keys', async () => {
    const client = await createClient('keyless');
    const missingClient = await t.request('POST', `/api/v1/clients/${MISSING_ID}/keys`, {
      token: admin,
      body: {},
    });
    expect(missingClient.status).toBe(404);
    expect(errorOf(missingClient.body).message).toBe(`No client with id ${MISSING_ID}.`);
    const missingKey = await t.request(
      'POST',
      `/api/v1/clients/${client.id}/keys/${MISSING_ID}/revoke`,
      { token: admin, body: {} },
    );
    expect(missingKey.status).toBe(404);
    expect(errorOf(missingKey.body).message).toBe(
      `Client ${client.id} has no key with id ${MISSING_ID}.`,
    );
    // A key addressed through another client is not found either.
    const other = await createClient('other-keyed');
    const key = await issueKey(other.id);
    const crossed = await t.request(
      'POST',
      `/api/v1/clients/${client.id}/keys/${key.credential.id}/revoke`,
      { token: admin, body: {} },
    );
    expect(crossed.status).toBe(404);
  });
});
