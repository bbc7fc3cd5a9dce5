import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp } from './support/test-app.js';
import type { TestApp } from './support/test-app.js';

interface Tenant {
  id: string;
  name: string;
  displayName: string;
  enabled: boolean;
  createdAt: string;
  updatedAt: string;
}

interface ErrorBody {
  error: {
    code: string;
    message: string;
    issues?: { path: string; message: string }[];
    requestId?: string;
  };
}

let t: TestApp;
let admin: string;

beforeAll(async () => {
  t = await startTestApp();
  admin = await t.token('admin');
});
afterAll(async () => {
  await t?.close();
});

describe('tenants CRUD', () => {
  it('creates, reads, updates and deletes a tenant', async () => {
    const created = await t.request('POST', '/api/v1/tenants', {
      token: admin,
      body: { name: 'acme', displayName: 'Acme Corp' },
    });
    expect(created.status).toBe(201);
    const tenant = created.body as Tenant;
    expect(tenant).toMatchObject({ name: 'acme', displayName: 'Acme Corp', enabled: true });
    expect(tenant.id).toMatch(/^[0-9a-f-]{36}$/);

    const read = await t.request('GET', `/api/v1/tenants/${tenant.id}`, { token: admin });
    expect(read.status).toBe(200);
    expect(read.body).toEqual(tenant);

    const updated = await t.request('PATCH', `/api/v1/tenants/${tenant.id}`, {
      token: admin,
      body: { displayName: 'Acme Corporation', enabled: false },
    });
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({
      id: tenant.id,
      name: 'acme',
      displayName: 'Acme Corporation',
      enabled: false,
    });

    const deleted = await t.request('DELETE', `/api/v1/tenants/${tenant.id}`, { token: admin });
    expect(deleted.status).toBe(204);
    expect(deleted.body).toBeUndefined();

    const gone = await t.request('GET', `/api/v1/tenants/${tenant.id}`, { token: admin });
    expect(gone.status).toBe(404);
    expect((gone.body as ErrorBody).error).toMatchObject({
      code: 'not_found',
      message: `No tenant with id ${tenant.id}.`,
    });
  });
});

describe('tenant validation', () => {
  it('names each invalid field', async () => {
    const response = await t.request('POST', '/api/v1/tenants', {
      token: admin,
      body: { name: 'Not A Slug!', displayName: '' },
    });
    expect(response.status).toBe(400);
    const { error } = response.body as ErrorBody;
    expect(error.code).toBe('validation_failed');
    expect(error.issues).toEqual([
      {
        path: 'name',
        message: 'must be lowercase letters, digits and inner hyphens (e.g. "acme-prod")',
      },
      { path: 'displayName', message: 'must not be empty' },
    ]);
    expect(error.message).toContain('name');
    expect(error.requestId).toBe(response.headers.get('x-request-id'));
  });

  it('says which required field is missing', async () => {
    const response = await t.request('POST', '/api/v1/tenants', {
      token: admin,
      body: { name: 'missing-display' },
    });
    expect(response.status).toBe(400);
    expect((response.body as ErrorBody).error.issues).toEqual([
      { path: 'displayName', message: 'is required' },
    ]);
  });

  it('rejects unknown fields, naming them', async () => {
    const response = await t.request('POST', '/api/v1/tenants', {
      token: admin,
      body: { name: 'extra', displayName: 'Extra', color: 'red', id: 'mine' },
    });
    expect(response.status).toBe(400);
    const { error } = response.body as ErrorBody;
    expect(error.code).toBe('validation_failed');
    expect(error.issues).toEqual([
      { path: 'color', message: 'is not a known field' },
      { path: 'id', message: 'is not a known field' },
    ]);
  });

  it('refuses to rename a tenant (name is not a PATCH field)', async () => {
    const created = await t.request('POST', '/api/v1/tenants', {
      token: admin,
      body: { name: 'fixed-name', displayName: 'Fixed' },
    });
    const id = (created.body as Tenant).id;
    const response = await t.request('PATCH', `/api/v1/tenants/${id}`, {
      token: admin,
      body: { name: 'other' },
    });
    expect(response.status).toBe(400);
    expect((response.body as ErrorBody).error.issues).toEqual([
      { path: 'name', message: 'is not a known field' },
    ]);
  });

  it('rejects an empty PATCH', async () => {
    const created = await t.request('POST', '/api/v1/tenants', {
      token: admin,
      body: { name: 'empty-patch', displayName: 'E' },
    });
    const response = await t.request('PATCH', `/api/v1/tenants/${(created.body as Tenant).id}`, {
      token: admin,
      body: {},
    });
    expect(response.status).toBe(400);
    expect((response.body as ErrorBody).error.issues).toEqual([
      { path: '', message: 'give at least one field to change' },
    ]);
  });

  it('rejects a malformed id in the path, naming it', async () => {
    const response = await t.request('GET', '/api/v1/tenants/not-a-uuid', { token: admin });
    expect(response.status).toBe(400);
    expect((response.body as ErrorBody).error.issues?.[0]?.path).toBe('id');
  });

  it('answers unparseable JSON with malformed_request', async () => {
    const response = await t.request('POST', '/api/v1/tenants', {
      token: admin,
      rawBody: '{"name": "x",',
    });
    expect(response.status).toBe(400);
    expect((response.body as ErrorBody).error).toMatchObject({
      code: 'malformed_request',
      message: 'The request body is not valid JSON.',
    });
  });

  it('requires a body on POST', async () => {
    const response = await t.request('POST', '/api/v1/tenants', { token: admin });
    expect(response.status).toBe(400);
    expect((response.body as ErrorBody).error.code).toBe('validation_failed');
  });

  it('validates and rejects unknown query parameters', async () => {
    const bad = await t.request('GET', '/api/v1/tenants?limit=0', { token: admin });
    expect(bad.status).toBe(400);
    expect((bad.body as ErrorBody).error.issues).toEqual([
      { path: 'limit', message: 'must be at least 1' },
    ]);
    const unknown = await t.request('GET', '/api/v1/tenants?sort=name', { token: admin });
    expect(unknown.status).toBe(400);
    expect((unknown.body as ErrorBody).error.issues).toEqual([
      { path: 'sort', message: 'is not a known field' },
    ]);
    const forged = await t.request('GET', '/api/v1/tenants?cursor=bm9wZQ', { token: admin });
    expect(forged.status).toBe(400);
    expect((forged.body as ErrorBody).error.issues).toEqual([
      { path: 'cursor', message: 'is not a cursor this API returned' },
    ]);
  });
});

describe('tenant conflicts and missing references', () => {
  it('answers a duplicate name with 409 and says which name', async () => {
    const first = await t.request('POST', '/api/v1/tenants', {
      token: admin,
      body: { name: 'dup', displayName: 'One' },
    });
    expect(first.status).toBe(201);
    const second = await t.request('POST', '/api/v1/tenants', {
      token: admin,
      body: { name: 'dup', displayName: 'Two' },
    });
    expect(second.status).toBe(409);
    expect((second.body as ErrorBody).error).toMatchObject({
      code: 'conflict',
      message: 'A tenant named "dup" already exists; tenant names are unique.',
    });
  });

  it('answers 404 for a missing tenant on read, update and delete', async () => {
    const missing = '01900000-0000-7000-8000-000000000000';
    for (const [method, body] of [
      ['GET', undefined],
      ['PATCH', { enabled: false }],
      ['DELETE', undefined],
    ] as const) {
      const response = await t.request(method, `/api/v1/tenants/${missing}`, {
        token: admin,
        body,
      });
      expect(response.status, method).toBe(404);
      expect((response.body as ErrorBody).error).toMatchObject({
        code: 'not_found',
        message: `No tenant with id ${missing}.`,
      });
    }
  });

  it('answers unknown routes with the error envelope', async () => {
    const response = await t.request('GET', '/api/v1/nothing-here', { token: admin });
    expect(response.status).toBe(404);
    expect((response.body as ErrorBody).error.code).toBe('not_found');
  });
});

describe('tenant pagination', () => {
  it('pages through every tenant once, in creation order', async () => {
    // Its own database: only this file's tenants exist, but earlier tests made some.
    const names = Array.from({ length: 7 }, (_, index) => `page-${index}`);
    for (const name of names) {
      const response = await t.request('POST', '/api/v1/tenants', {
        token: admin,
        body: { name, displayName: name },
      });
      expect(response.status).toBe(201);
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const query: string = cursor ? `?limit=3&cursor=${encodeURIComponent(cursor)}` : '?limit=3';
      const response = await t.request('GET', `/api/v1/tenants${query}`, { token: admin });
      expect(response.status).toBe(200);
      const page = response.body as { items: Tenant[]; nextCursor: string | null };
      expect(page.items.length).toBeLessThanOrEqual(3);
      seen.push(...page.items.map((tenant) => tenant.name));
      cursor = page.nextCursor;
      pages += 1;
    } while (cursor !== null && pages < 20);
    expect(seen.filter((name) => name.startsWith('page-'))).toEqual(names);
    expect(new Set(seen).size).toBe(seen.length);
    expect(pages).toBe(Math.ceil(seen.length / 3));
  });

  it('uses the default page size without a limit', async () => {
    const response = await t.request('GET', '/api/v1/tenants', { token: admin });
    expect(response.status).toBe(200);
    expect((response.body as { items: Tenant[] }).items.length).toBeGreaterThan(0);
  });
});

describe('logs', () => {
  it('logged no error for any of the requests above (4xx are not errors)', () => {
    expect(t.errorLogs()).toEqual([]);
  });
});
