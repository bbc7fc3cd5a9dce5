import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorOf, MISSING_ID } from './support/api-bodies.js';
import type { PageBody } from './support/api-bodies.js';
import { startTestApp } from './support/test-app.js';
import type { TestApp } from './support/test-app.js';

interface Scope {
  id: string;
  name: string;
  description: string | null;
}

interface Grant {
  clientId: string;
  scopeId: string;
  scope: string;
  grantedBy: string | null;
}

interface Change {
  actor: { type: string; name: string | null };
  tenantId: string | null;
  entityType: string;
  entityId: string;
  action: string;
  before: unknown;
  after: unknown;
}

let t: TestApp;
let admin: string;
let viewer: string;
let tenantId: string;

beforeAll(async () => {
  t = await startTestApp();
  admin = await t.token('admin', 'scopes-admin');
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

async function createScope(name: string, description?: string): Promise<Scope> {
  const response = await t.request('POST', '/api/v1/scopes', {
    token: admin,
    body: { name, ...(description === undefined ? {} : { description }) },
  });
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return response.body as Scope;
}

async function createClient(name: string): Promise<string> {
  const response = await t.request('POST', `/api/v1/tenants/${tenantId}/clients`, {
    token: admin,
    body: { name },
  });
  expect(response.status).toBe(201);
  return (response.body as { id: string }).id;
}

describe('scopes CRUD', () => {
  it('creates, reads, describes and deletes a scope', async () => {
    const scope = await createScope('calendar.read', 'Read calendars');
    expect(scope).toMatchObject({ name: 'calendar.read', description: 'Read calendars' });
    const read = await t.request('GET', `/api/v1/scopes/${scope.id}`, { token: viewer });
    expect(read.body).toEqual(scope);
    const updated = await t.request('PATCH', `/api/v1/scopes/${scope.id}`, {
      token: admin,
      body: { description: null },
    });
    expect(updated.body).toMatchObject({ name: 'calendar.read', description: null });
    expect((await t.request('DELETE', `/api/v1/scopes/${scope.id}`, { token: admin })).status).toBe(
      204,
    );
    const gone = await t.request('GET', `/api/v1/scopes/${scope.id}`, { token: viewer });
    expect(gone.status).toBe(404);
    expect(errorOf(gone.body).message).toBe(`No scope with id ${scope.id}.`);
  });

  it('names invalid and unknown fields', async () => {
    const invalid = await t.request('POST', '/api/v1/scopes', {
      token: admin,
      body: { name: 'Calendar Read', description: '' },
    });
    expect(invalid.status).toBe(400);
    expect(errorOf(invalid.body).issues?.map((issue) => issue.path)).toEqual([
      'name',
      'description',
    ]);
    expect(errorOf(invalid.body).issues?.[0]?.message).toContain('calendar.read');
    const unknown = await t.request('POST', '/api/v1/scopes', {
      token: admin,
      body: { name: 'k8s.apply', tools: [] },
    });
    expect(errorOf(unknown.body).issues).toEqual([
      { path: 'tools', message: 'is not a known field' },
    ]);
    const scope = await createScope('k8s.apply');
    const rename = await t.request('PATCH', `/api/v1/scopes/${scope.id}`, {
      token: admin,
      body: { name: 'k8s.write' },
    });
    expect(errorOf(rename.body).issues).toEqual([
      { path: 'description', message: 'is required' },
      { path: 'name', message: 'is not a known field' },
    ]);
  });

  it('answers a duplicate name with 409', async () => {
    await createScope('mail.send');
    const again = await t.request('POST', '/api/v1/scopes', {
      token: admin,
      body: { name: 'mail.send' },
    });
    expect(again.status).toBe(409);
    expect(errorOf(again.body).message).toBe(
      'A scope named "mail.send" already exists; scope names are unique.',
    );
  });

  it('pages through the scopes', async () => {
    const names = ['page.a', 'page.b', 'page.c'];
    for (const name of names) await createScope(name);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const query: string = cursor === null ? '' : `&cursor=${cursor}`;
      const response = await t.request('GET', `/api/v1/scopes?limit=2${query}`, { token: viewer });
      const page = response.body as PageBody<Scope>;
      seen.push(...page.items.map((scope) => scope.name));
      cursor = page.nextCursor;
    } while (cursor !== null);
    expect(seen.filter((name) => name.startsWith('page.'))).toEqual(names);
    expect(new Set(seen).size).toBe(seen.length);
  });
});

describe('scope grants', () => {
  it('grants idempotently, lists, and revokes a client scope, with history', async () => {
    const clientId = await createClient('granted');
    await createScope('files.read');
    await createScope('files.write');
    const first = await t.request('PUT', `/api/v1/clients/${clientId}/scopes/files.write`, {
      token: admin,
    });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ clientId, scope: 'files.write' });
    expect((first.body as Grant).grantedBy).toMatch(/^admin_token:/);
    const again = await t.request('PUT', `/api/v1/clients/${clientId}/scopes/files.write`, {
      token: admin,
    });
    expect(again.body).toEqual(first.body);
    await t.request('PUT', `/api/v1/clients/${clientId}/scopes/files.read`, { token: admin });

    const list = await t.request('GET', `/api/v1/clients/${clientId}/scopes?limit=1`, {
      token: viewer,
    });
    const page = list.body as PageBody<Grant>;
    expect(page.items.map((grant) => grant.scope)).toEqual(['files.read']);
    const rest = await t.request(
      'GET',
      `/api/v1/clients/${clientId}/scopes?limit=1&cursor=${page.nextCursor ?? ''}`,
      { token: viewer },
    );
    expect((rest.body as PageBody<Grant>).items.map((grant) => grant.scope)).toEqual([
      'files.write',
    ]);

    const revoked = await t.request('DELETE', `/api/v1/clients/${clientId}/scopes/files.write`, {
      token: admin,
    });
    expect(revoked.status).toBe(204);
    const twice = await t.request('DELETE', `/api/v1/clients/${clientId}/scopes/files.write`, {
      token: admin,
    });
    expect(twice.status).toBe(404);
    expect(errorOf(twice.body).message).toBe(
      `Client ${clientId} has no grant of scope "files.write".`,
    );

    const history = await t.request(
      'GET',
      `/api/v1/config-history?entityType=client_scope_grant&entityId=${clientId}:files.write`,
      { token: viewer },
    );
    const changes = (history.body as PageBody<Change>).items;
    // The repeated grant changed nothing, so recorded nothing.
    expect(changes.map((change) => change.action)).toEqual(['delete', 'create']);
    expect(changes[0]).toMatchObject({
      actor: { type: 'admin_token', name: 'scopes-admin' },
      tenantId,
      before: { scope: 'files.write', clientId },
      after: null,
    });
  });

  it('answers 404 for an unknown scope or client, and 400 for a malformed scope name', async () => {
    const clientId = await createClient('ungranted');
    const scope = await t.request('PUT', `/api/v1/clients/${clientId}/scopes/no.such`, {
      token: admin,
    });
    expect(scope.status).toBe(404);
    expect(errorOf(scope.body).message).toBe('No scope named "no.such".');
    await createScope('real.scope');
    const client = await t.request('PUT', `/api/v1/clients/${MISSING_ID}/scopes/real.scope`, {
      token: admin,
    });
    expect(client.status).toBe(404);
    expect(errorOf(client.body).message).toBe(`No client with id ${MISSING_ID}.`);
    const malformed = await t.request('PUT', `/api/v1/clients/${clientId}/scopes/Not%20A%20Scope`, {
      token: admin,
    });
    expect(malformed.status).toBe(400);
    expect(errorOf(malformed.body).issues?.[0]?.path).toBe('scope');
    const forbidden = await t.request('PUT', `/api/v1/clients/${clientId}/scopes/real.scope`, {
      token: viewer,
    });
    expect(forbidden.status).toBe(403);
  });

  it('refuses to delete a scope still granted, naming the grants', async () => {
    const clientId = await createClient('holder');
    const scope = await createScope('held.scope');
    await t.request('PUT', `/api/v1/clients/${clientId}/scopes/held.scope`, { token: admin });
    const refused = await t.request('DELETE', `/api/v1/scopes/${scope.id}`, { token: admin });
    expect(refused.status).toBe(409);
    expect(errorOf(refused.body).message).toBe(
      'Scope "held.scope" is still granted to 1 client(s) (acme/holder); revoke the grants and remove it from the tools first.',
    );
    await t.request('DELETE', `/api/v1/clients/${clientId}/scopes/held.scope`, { token: admin });
    expect((await t.request('DELETE', `/api/v1/scopes/${scope.id}`, { token: admin })).status).toBe(
      204,
    );
  });
});
