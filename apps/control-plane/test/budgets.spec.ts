import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorOf, MISSING_ID } from './support/api-bodies.js';
import type { PageBody } from './support/api-bodies.js';
import { seedCatalog } from './support/catalog.js';
import { startTestApp } from './support/test-app.js';
import type { TestApp } from './support/test-app.js';
import { startTinyUpstream } from './support/tiny-upstream.js';
import type { TinyUpstream } from './support/tiny-upstream.js';

interface Change {
  actor: { type: string; name: string | null };
  tenantId: string | null;
  entityId: string;
  action: string;
  before: unknown;
  after: unknown;
}

const inputSchema = { type: 'object' as const, properties: {} };

let t: TestApp;
let admin: string;
let viewer: string;
let tiny: TinyUpstream;
let tenantId: string;
let otherTenantId: string;
let sharedTools: string[];
let foreignToolId: string;

async function createTenant(name: string): Promise<string> {
  const response = await t.request('POST', '/api/v1/tenants', {
    token: admin,
    body: { name, displayName: name },
  });
  return (response.body as { id: string }).id;
}

beforeAll(async () => {
  [t, tiny] = await Promise.all([
    startTestApp(),
    startTinyUpstream(['a', 'b', 'c'].map((name) => ({ name, inputSchema }))),
  ]);
  admin = await t.token('admin', 'budgets-admin');
  viewer = await t.token('viewer');
  tenantId = await createTenant('acme');
  otherTenantId = await createTenant('globex');
  const shared = await seedCatalog(t, admin, { name: 'shared', url: tiny.url });
  sharedTools = [...shared.tools.values()].map((tool) => tool.id).sort();
  const foreign = await seedCatalog(t, admin, {
    name: 'globex-only',
    url: tiny.url,
    tenantId: otherTenantId,
  });
  foreignToolId = foreign.tools.get('a')?.id ?? '';
});
afterAll(async () => {
  await Promise.all([t?.close(), tiny?.close()]);
});

describe('tenant budgets', () => {
  const path = () => `/api/v1/tenants/${tenantId}/budget`;

  it('creates, replaces, reads and removes a tenant budget, with history', async () => {
    expect((await t.request('GET', path(), { token: viewer })).status).toBe(404);
    const created = await t.request('PUT', path(), {
      token: admin,
      body: { requestsPerMinute: 600, burst: 50, maxRequestBytes: 65_536 },
    });
    expect(created.status).toBe(200);
    expect(created.body).toMatchObject({
      tenantId,
      requestsPerMinute: 600,
      burst: 50,
      maxConcurrentCalls: null,
      maxRequestBytes: 65_536,
    });
    // A PUT replaces: what is left out is unset.
    const replaced = await t.request('PUT', path(), {
      token: admin,
      body: { maxConcurrentCalls: 20, defaultTimeoutMs: 30_000 },
    });
    expect(replaced.body).toMatchObject({
      requestsPerMinute: null,
      burst: null,
      maxConcurrentCalls: 20,
      defaultTimeoutMs: 30_000,
    });
    expect((await t.request('GET', path(), { token: viewer })).body).toEqual(replaced.body);

    const history = await t.request(
      'GET',
      `/api/v1/config-history?entityType=tenant_budget&entityId=${tenantId}`,
      { token: viewer },
    );
    const [update, create] = (history.body as PageBody<Change>).items;
    expect(create).toMatchObject({ action: 'create', before: null, tenantId });
    expect(update).toMatchObject({
      actor: { type: 'admin_token', name: 'budgets-admin' },
      action: 'update',
      before: { requestsPerMinute: 600, maxConcurrentCalls: null },
      after: { requestsPerMinute: null, maxConcurrentCalls: 20 },
    });

    expect((await t.request('DELETE', path(), { token: admin })).status).toBe(204);
    const gone = await t.request('DELETE', path(), { token: admin });
    expect(gone.status).toBe(404);
    expect(errorOf(gone.body).message).toBe(
      `Tenant ${tenantId} has no budget (no tenant-wide limits).`,
    );
  });

  it('names bad limits and unknown fields, and wants at least one limit', async () => {
    const bad = await t.request('PUT', path(), {
      token: admin,
      body: { requestsPerMinute: 0, defaultTimeoutMs: 1.5, maxRequestBytes: -1, rps: 3 },
    });
    expect(bad.status).toBe(400);
    expect(errorOf(bad.body).issues?.map((issue) => issue.path)).toEqual([
      'requestsPerMinute',
      'defaultTimeoutMs',
      'maxRequestBytes',
      'rps',
    ]);
    const burst = await t.request('PUT', path(), { token: admin, body: { burst: 10 } });
    expect(errorOf(burst.body).issues).toEqual([
      { path: 'burst', message: 'needs requestsPerMinute: a burst is allowed above a steady rate' },
    ]);
    const empty = await t.request('PUT', path(), { token: admin, body: {} });
    expect(errorOf(empty.body).issues?.[0]?.message).toContain('set at least one limit');
  });

  it('answers 404 for an unknown tenant and 403 to a viewer', async () => {
    const missing = await t.request('PUT', `/api/v1/tenants/${MISSING_ID}/budget`, {
      token: admin,
      body: { requestsPerMinute: 1 },
    });
    expect(missing.status).toBe(404);
    expect(errorOf(missing.body).message).toBe(`No tenant with id ${MISSING_ID}.`);
    const forbidden = await t.request('PUT', path(), {
      token: viewer,
      body: { requestsPerMinute: 1 },
    });
    expect(forbidden.status).toBe(403);
  });
});

describe('tool budgets', () => {
  it("sets a tool's limits for every tenant", async () => {
    const toolId = sharedTools[0] ?? '';
    const path = `/api/v1/tools/${toolId}/budget`;
    const put = await t.request('PUT', path, {
      token: admin,
      body: { maxConcurrency: 4, maxQueueDepth: 0, timeoutMs: 10_000 },
    });
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({
      toolId,
      maxConcurrency: 4,
      maxQueueDepth: 0,
      timeoutMs: 10_000,
    });
    expect((await t.request('GET', path, { token: viewer })).body).toEqual(put.body);
    const bad = await t.request('PUT', path, { token: admin, body: { maxConcurrency: 0 } });
    expect(errorOf(bad.body).issues).toEqual([
      { path: 'maxConcurrency', message: 'must be at least 1' },
    ]);
    const missing = await t.request('PUT', `/api/v1/tools/${MISSING_ID}/budget`, {
      token: admin,
      body: { maxConcurrency: 1 },
    });
    expect(missing.status).toBe(404);
    expect(errorOf(missing.body).message).toBe(`No tool with id ${MISSING_ID}.`);
    expect((await t.request('DELETE', path, { token: admin })).status).toBe(204);
    expect((await t.request('GET', path, { token: viewer })).status).toBe(404);
  });
});

describe("a tenant's budgets on single tools", () => {
  it('sets, lists page by page, and removes them', async () => {
    for (const toolId of sharedTools) {
      const response = await t.request(
        'PUT',
        `/api/v1/tenants/${tenantId}/tool-budgets/${toolId}`,
        {
          token: admin,
          body: { requestsPerMinute: 60 },
        },
      );
      expect(response.status).toBe(200);
    }
    const first = await t.request('GET', `/api/v1/tenants/${tenantId}/tool-budgets?limit=2`, {
      token: viewer,
    });
    const page = first.body as PageBody<{ toolId: string; requestsPerMinute: number }>;
    expect(page.items).toHaveLength(2);
    const rest = await t.request(
      'GET',
      `/api/v1/tenants/${tenantId}/tool-budgets?limit=2&cursor=${page.nextCursor ?? ''}`,
      { token: viewer },
    );
    const all = [...page.items, ...(rest.body as typeof page).items];
    expect(all.map((budget) => budget.toolId)).toEqual(sharedTools);
    expect((rest.body as typeof page).nextCursor).toBeNull();

    const one = `/api/v1/tenants/${tenantId}/tool-budgets/${sharedTools[1] ?? ''}`;
    expect((await t.request('GET', one, { token: viewer })).body).toMatchObject({
      tenantId,
      requestsPerMinute: 60,
    });
    const history = await t.request(
      'GET',
      `/api/v1/config-history?entityType=tenant_tool_budget&entityId=${tenantId}:${sharedTools[1] ?? ''}`,
      { token: viewer },
    );
    expect((history.body as PageBody<Change>).items[0]).toMatchObject({
      action: 'create',
      tenantId,
    });
    expect((await t.request('DELETE', one, { token: admin })).status).toBe(204);
    expect((await t.request('GET', one, { token: viewer })).status).toBe(404);
  });

  it("refuses a budget on another tenant's tool, naming the tool", async () => {
    const response = await t.request(
      'PUT',
      `/api/v1/tenants/${tenantId}/tool-budgets/${foreignToolId}`,
      { token: admin, body: { maxConcurrency: 1 } },
    );
    expect(response.status).toBe(400);
    expect(errorOf(response.body).issues?.[0]?.path).toBe('toolId');
    // Its own tenant may.
    const own = await t.request(
      'PUT',
      `/api/v1/tenants/${otherTenantId}/tool-budgets/${foreignToolId}`,
      { token: admin, body: { maxConcurrency: 1 } },
    );
    expect(own.status).toBe(200);
  });
});
