import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorOf, MISSING_ID } from './support/api-bodies.js';
import type { PageBody } from './support/api-bodies.js';
import { startTestApp } from './support/test-app.js';
import type { TestApp } from './support/test-app.js';

interface Upstream {
  id: string;
  tenantId: string | null;
  name: string;
  description: string | null;
  namespace: string | null;
  enabled: boolean;
  timeoutMs: number;
  transport: Record<string, unknown>;
  introspectedAt: string | null;
}

interface Change {
  actor: { type: string; name: string | null };
  tenantId: string | null;
  action: string;
  before: unknown;
  after: unknown;
}

let t: TestApp;
let admin: string;
let viewer: string;
let tenantA: string;
let tenantB: string;

async function createTenant(name: string): Promise<string> {
  const response = await t.request('POST', '/api/v1/tenants', {
    token: admin,
    body: { name, displayName: name },
  });
  return (response.body as { id: string }).id;
}

beforeAll(async () => {
  t = await startTestApp();
  admin = await t.token('admin', 'upstreams-admin');
  viewer = await t.token('viewer');
  tenantA = await createTenant('tenant-a');
  tenantB = await createTenant('tenant-b');
});
afterAll(async () => {
  await t?.close();
});

const http = (url = 'https://mcp.example.com/mcp') => ({ type: 'streamable-http', url });

async function create(body: Record<string, unknown>): Promise<Upstream> {
  const response = await t.request('POST', '/api/v1/upstreams', { token: admin, body });
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return response.body as Upstream;
}

async function refused(body: Record<string, unknown>) {
  return t.request('POST', '/api/v1/upstreams', { token: admin, body });
}

describe('upstreams CRUD', () => {
  it('creates a shared HTTP upstream with defaults, reads, changes and deletes it', async () => {
    const upstream = await create({
      name: 'github',
      transport: { ...http(), headers: { 'X-Api-Version': '2' } },
    });
    expect(upstream).toMatchObject({
      tenantId: null,
      name: 'github',
      description: null,
      namespace: null,
      enabled: true,
      timeoutMs: 60_000,
      transport: {
        type: 'streamable-http',
        url: 'https://mcp.example.com/mcp',
        headers: { 'X-Api-Version': '2' },
      },
      introspectedAt: null,
    });
    const read = await t.request('GET', `/api/v1/upstreams/${upstream.id}`, { token: viewer });
    expect(read.body).toEqual(upstream);

    const changed = await t.request('PATCH', `/api/v1/upstreams/${upstream.id}`, {
      token: admin,
      body: {
        namespace: 'gh',
        timeoutMs: 5_000,
        transport: {
          type: 'stdio',
          command: 'github-mcp',
          args: ['--stdio'],
          env: { TOKEN_FILE: '/x' },
        },
      },
    });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({
      namespace: 'gh',
      timeoutMs: 5_000,
      transport: {
        type: 'stdio',
        command: 'github-mcp',
        args: ['--stdio'],
        env: { TOKEN_FILE: '/x' },
      },
    });
    expect((changed.body as Upstream).transport).not.toHaveProperty('url');

    const history = await t.request(
      'GET',
      `/api/v1/config-history?entityType=upstream&entityId=${upstream.id}`,
      { token: viewer },
    );
    const [update] = (history.body as PageBody<Change>).items;
    expect(update).toMatchObject({
      actor: { type: 'admin_token', name: 'upstreams-admin' },
      tenantId: null,
      action: 'update',
      before: { namespace: null, transport: { type: 'streamable-http' } },
      after: { namespace: 'gh', transport: { type: 'stdio', command: 'github-mcp' } },
    });

    expect(
      (await t.request('DELETE', `/api/v1/upstreams/${upstream.id}`, { token: admin })).status,
    ).toBe(204);
    const gone = await t.request('GET', `/api/v1/upstreams/${upstream.id}`, { token: viewer });
    expect(gone.status).toBe(404);
    expect(errorOf(gone.body).message).toBe(`No upstream with id ${upstream.id}.`);
  });

  it('creates a tenant-owned stdio upstream', async () => {
    const upstream = await create({
      tenantId: tenantA,
      name: 'files',
      namespace: '',
      enabled: false,
      transport: { type: 'stdio', command: 'mcp-files' },
    });
    expect(upstream).toMatchObject({
      tenantId: tenantA,
      namespace: '',
      enabled: false,
      transport: { type: 'stdio', command: 'mcp-files', args: [], env: {} },
    });
  });
});

describe('upstream validation (the gateway config rules)', () => {
  it('names each bad field, inside the transport too', async () => {
    const response = await refused({
      name: 'Bad_Name',
      namespace: 'a__b',
      timeoutMs: 10,
      transport: {
        type: 'streamable-http',
        url: 'ftp://example.com/mcp',
        headers: { 'bad header': 'x' },
      },
    });
    expect(response.status).toBe(400);
    expect(errorOf(response.body).issues?.map((issue) => issue.path)).toEqual([
      'name',
      'namespace',
      'timeoutMs',
      'transport.url',
      'transport.headers.bad header',
    ]);
  });

  it('names a missing or unknown transport type and stdio fields', async () => {
    const missing = await refused({ name: 'x' });
    expect(errorOf(missing.body).issues).toEqual([{ path: 'transport', message: 'is required' }]);
    const unknownType = await refused({
      name: 'x',
      transport: { type: 'sse', url: 'https://e.com' },
    });
    expect(errorOf(unknownType.body).issues?.[0]?.path).toBe('transport.type');
    const stdio = await refused({
      name: 'x',
      transport: { type: 'stdio', command: '', env: { 'NOT-A-NAME': 'v' } },
    });
    expect(errorOf(stdio.body).issues?.map((issue) => issue.path)).toEqual([
      'transport.command',
      'transport.env.NOT-A-NAME',
    ]);
  });

  it('rejects unknown fields at the top and inside the transport', async () => {
    const response = await refused({
      name: 'x',
      color: 'red',
      transport: { type: 'stdio', command: 'x', url: 'https://example.com' },
    });
    expect(errorOf(response.body).issues).toEqual([
      { path: 'transport.url', message: 'is not a known field' },
      { path: 'color', message: 'is not a known field' },
    ]);
    const created = await create({ name: 'immutable', transport: http() });
    const rename = await t.request('PATCH', `/api/v1/upstreams/${created.id}`, {
      token: admin,
      body: { name: 'other', tenantId: tenantA },
    });
    expect(errorOf(rename.body).issues).toEqual([
      { path: 'name', message: 'is not a known field' },
      { path: 'tenantId', message: 'is not a known field' },
    ]);
  });
});

describe('upstream conflicts and missing references', () => {
  it('answers 404 for an unknown tenant', async () => {
    const response = await refused({ tenantId: MISSING_ID, name: 'orphan', transport: http() });
    expect(response.status).toBe(404);
    expect(errorOf(response.body).message).toBe(`No tenant with id ${MISSING_ID}.`);
  });

  it('keeps names and tool prefixes unique among the upstreams one tenant sees', async () => {
    await create({ name: 'slack', transport: http() });
    const sameShared = await refused({ name: 'slack', transport: http() });
    expect(sameShared.status).toBe(409);
    // A tenant would see both the shared "slack" and its own.
    const tenantSlack = await refused({ tenantId: tenantA, name: 'slack', transport: http() });
    expect(tenantSlack.status).toBe(409);
    expect(errorOf(tenantSlack.body).message).toBe(
      'The name "slack" is taken by upstream "slack" (shared); upstream names are unique among the upstreams a tenant sees.',
    );
    const prefix = await refused({
      tenantId: tenantA,
      name: 'slack-two',
      namespace: 'slack',
      transport: http(),
    });
    expect(prefix.status).toBe(409);
    expect(errorOf(prefix.body).message).toContain('tool prefix "slack"');

    // Two tenants may each have their own "jira".
    await create({ tenantId: tenantA, name: 'jira', transport: http() });
    await create({ tenantId: tenantB, name: 'jira', transport: http() });
    const sameTenant = await refused({ tenantId: tenantA, name: 'jira', transport: http() });
    expect(sameTenant.status).toBe(409);
    // ...but then no shared one may take the name.
    const shared = await refused({ name: 'jira', transport: http() });
    expect(shared.status).toBe(409);

    const other = await create({ tenantId: tenantB, name: 'wiki', transport: http() });
    const clash = await t.request('PATCH', `/api/v1/upstreams/${other.id}`, {
      token: admin,
      body: { namespace: 'jira' },
    });
    expect(clash.status).toBe(409);
  });

  it('answers 404 to a change or delete of a missing upstream', async () => {
    for (const [method, body] of [
      ['PATCH', { enabled: false }],
      ['DELETE', undefined],
    ] as const) {
      const response = await t.request(method, `/api/v1/upstreams/${MISSING_ID}`, {
        token: admin,
        body,
      });
      expect(response.status, method).toBe(404);
    }
  });
});

describe('upstream lists', () => {
  it('filters by owner and pages through every upstream once', async () => {
    const tenant = await createTenant('listing');
    const names = ['list-0', 'list-1', 'list-2'];
    for (const name of names) await create({ tenantId: tenant, name, transport: http() });
    const own = await t.request('GET', `/api/v1/upstreams?tenantId=${tenant}`, { token: viewer });
    expect((own.body as PageBody<Upstream>).items.map((upstream) => upstream.name)).toEqual(names);
    const shared = await t.request('GET', '/api/v1/upstreams?shared=true', { token: viewer });
    expect(
      (shared.body as PageBody<Upstream>).items.every((upstream) => upstream.tenantId === null),
    ).toBe(true);
    const conflicting = await t.request('GET', `/api/v1/upstreams?tenantId=${tenant}&shared=true`, {
      token: viewer,
    });
    expect(errorOf(conflicting.body).issues?.[0]?.path).toBe('shared');

    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const query: string = cursor === null ? '' : `&cursor=${cursor}`;
      const response = await t.request('GET', `/api/v1/upstreams?limit=2${query}`, {
        token: viewer,
      });
      const page = response.body as PageBody<Upstream>;
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items.map((upstream) => upstream.id));
      cursor = page.nextCursor;
    } while (cursor !== null);
    const all = await t.request('GET', '/api/v1/upstreams?limit=200', { token: viewer });
    expect(seen).toEqual((all.body as PageBody<Upstream>).items.map((upstream) => upstream.id));
  });
});
