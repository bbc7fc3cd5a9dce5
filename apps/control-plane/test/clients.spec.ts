import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorOf, MISSING_ID } from './support/api-bodies.js';
import type { PageBody } from './support/api-bodies.js';
import { clientApi, type Change, type Client } from './support/client-api.js';
import { startTestApp } from './support/test-app.js';
import type { TestApp } from './support/test-app.js';

let t: TestApp;
let admin: string;
let viewer: string;
let tenantId: string;

beforeAll(async () => {
  t = await startTestApp();
  admin = await t.token('admin', 'clients-admin');
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
const clientsPath = () => api().clientsPath();
const createClient = (name: string) => api().createClient(name);

describe('clients CRUD', () => {
  it('creates, reads, updates and deletes a client of a tenant', async () => {
    const created = await t.request('POST', clientsPath(), {
      token: admin,
      body: { name: 'claude-desktop', description: 'Desktop agents' },
    });
    expect(created.status).toBe(201);
    const client = created.body as Client;
    expect(client).toMatchObject({
      tenantId,
      name: 'claude-desktop',
      description: 'Desktop agents',
      enabled: true,
    });
    const read = await t.request('GET', `${clientsPath()}/${client.id}`, { token: viewer });
    expect(read.body).toEqual(client);
    const updated = await t.request('PATCH', `${clientsPath()}/${client.id}`, {
      token: admin,
      body: { enabled: false, description: null },
    });
    expect(updated.body).toMatchObject({
      enabled: false,
      description: null,
      name: 'claude-desktop',
    });
    expect(
      (await t.request('DELETE', `${clientsPath()}/${client.id}`, { token: admin })).status,
    ).toBe(204);
    const gone = await t.request('GET', `${clientsPath()}/${client.id}`, { token: viewer });
    expect(gone.status).toBe(404);
    expect(errorOf(gone.body).message).toBe(
      `No client with id ${client.id} in tenant ${tenantId}.`,
    );
  });

  it('lets a viewer read but not write', async () => {
    expect((await t.request('GET', clientsPath(), { token: viewer })).status).toBe(200);
    const write = await t.request('POST', clientsPath(), { token: viewer, body: { name: 'nope' } });
    expect(write.status).toBe(403);
  });
});

describe('client validation', () => {
  it('names each invalid field and each unknown field', async () => {
    const invalid = await t.request('POST', clientsPath(), {
      token: admin,
      body: { name: 'Bad Name', enabled: 'yes' },
    });
    expect(invalid.status).toBe(400);
    expect(errorOf(invalid.body).issues?.map((issue) => issue.path)).toEqual(['name', 'enabled']);
    const unknown = await t.request('POST', clientsPath(), {
      token: admin,
      body: { name: 'ok', tenantId, secret: 'x' },
    });
    expect(unknown.status).toBe(400);
    expect(errorOf(unknown.body).issues).toEqual([
      { path: 'tenantId', message: 'is not a known field' },
      { path: 'secret', message: 'is not a known field' },
    ]);
    const client = await createClient('validated');
    const rename = await t.request('PATCH', `${clientsPath()}/${client.id}`, {
      token: admin,
      body: { name: 'renamed' },
    });
    expect(errorOf(rename.body).issues).toEqual([
      { path: 'name', message: 'is not a known field' },
    ]);
  });
});

describe('client conflicts and missing references', () => {
  it('answers a duplicate name in the tenant with 409, but allows it in another tenant', async () => {
    await createClient('dup');
    const again = await t.request('POST', clientsPath(), { token: admin, body: { name: 'dup' } });
    expect(again.status).toBe(409);
    expect(errorOf(again.body).message).toBe(
      `Tenant ${tenantId} already has a client named "dup"; client names are unique per tenant.`,
    );
    const other = await t.request('POST', '/api/v1/tenants', {
      token: admin,
      body: { name: 'other', displayName: 'Other' },
    });
    const otherId = (other.body as { id: string }).id;
    const elsewhere = await t.request('POST', `/api/v1/tenants/${otherId}/clients`, {
      token: admin,
      body: { name: 'dup' },
    });
    expect(elsewhere.status).toBe(201);
    // A client is only found under its own tenant.
    const crossed = await t.request('GET', `${clientsPath()}/${(elsewhere.body as Client).id}`, {
      token: admin,
    });
    expect(crossed.status).toBe(404);
  });

  it('answers 404 for a client of an unknown tenant', async () => {
    for (const [method, path, body] of [
      ['POST', `/api/v1/tenants/${MISSING_ID}/clients`, { name: 'orphan' }],
      ['GET', `/api/v1/tenants/${MISSING_ID}/clients`, undefined],
      ['GET', `/api/v1/tenants/${MISSING_ID}/clients/${MISSING_ID}`, undefined],
    ] as const) {
      const response = await t.request(method, path, { token: admin, body });
      expect(response.status, `${method} ${path}`).toBe(404);
      expect(errorOf(response.body).message).toBe(`No tenant with id ${MISSING_ID}.`);
    }
  });
});

describe('client pagination', () => {
  it("pages through a tenant's clients once each", async () => {
    const tenant = await t.request('POST', '/api/v1/tenants', {
      token: admin,
      body: { name: 'paged', displayName: 'Paged' },
    });
    const id = (tenant.body as { id: string }).id;
    const names = ['c0', 'c1', 'c2', 'c3', 'c4'];
    for (const name of names) {
      await t.request('POST', `/api/v1/tenants/${id}/clients`, { token: admin, body: { name } });
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const query: string = cursor === null ? '' : `&cursor=${cursor}`;
      const page = await t.request('GET', `/api/v1/tenants/${id}/clients?limit=2${query}`, {
        token: viewer,
      });
      const body = page.body as PageBody<Client>;
      expect(body.items.length).toBeLessThanOrEqual(2);
      seen.push(...body.items.map((client) => client.name));
      cursor = body.nextCursor;
    } while (cursor !== null);
    expect(seen).toEqual(names);
  });
});

describe('client history', () => {
  it('shows who created and changed a client, with before and after', async () => {
    const client = await createClient('audited');
    await t.request('PATCH', `${clientsPath()}/${client.id}`, {
      token: admin,
      body: { description: 'now described' },
    });
    const history = await t.request(
      'GET',
      `/api/v1/config-history?entityType=client&entityId=${client.id}`,
      { token: viewer },
    );
    const [update, create] = (history.body as PageBody<Change>).items;
    expect(update).toMatchObject({
      actor: { type: 'admin_token', name: 'clients-admin' },
      tenantId,
      action: 'update',
      before: { description: null },
      after: { description: 'now described' },
    });
    expect(create).toMatchObject({ action: 'create', before: null, after: client });
  });
});
