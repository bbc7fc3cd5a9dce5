import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorOf, MISSING_ID } from './support/api-bodies.js';
import type { PageBody } from './support/api-bodies.js';
import { seedCatalog } from './support/catalog.js';
import { introspect } from './support/introspect.js';
import { startTestApp } from './support/test-app.js';
import type { TestApp } from './support/test-app.js';
import { startTinyUpstream } from './support/tiny-upstream.js';
import type { TinyUpstream } from './support/tiny-upstream.js';

interface Rule {
  id: string;
  toolId: string;
  toolVersionId: string;
  tenantId: string | null;
  clientId: string | null;
  percentage: number | null;
  priority: number;
  enabled: boolean;
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
let tiny: TinyUpstream;
let tenantId: string;
let otherTenantId: string;
let clientId: string;
let otherClientId: string;
let toolId: string;
let v1: string;
let v2: string;
let otherToolVersion: string;
let foreignToolId: string;
let foreignVersion: string;

async function createTenant(name: string): Promise<string> {
  const response = await t.request('POST', '/api/v1/tenants', {
    token: admin,
    body: { name, displayName: name },
  });
  return (response.body as { id: string }).id;
}

async function createClient(tenant: string, name: string): Promise<string> {
  const response = await t.request('POST', `/api/v1/tenants/${tenant}/clients`, {
    token: admin,
    body: { name },
  });
  return (response.body as { id: string }).id;
}

const schema = (property: string) => ({
  type: 'object' as const,
  properties: { [property]: { type: 'string' } },
});

beforeAll(async () => {
  [t, tiny] = await Promise.all([
    startTestApp(),
    startTinyUpstream([
      { name: 'deploy', inputSchema: schema('service') },
      { name: 'status', inputSchema: schema('service') },
    ]),
  ]);
  admin = await t.token('admin', 'canary-admin');
  viewer = await t.token('viewer');
  tenantId = await createTenant('acme');
  otherTenantId = await createTenant('globex');
  clientId = await createClient(tenantId, 'agent');
  otherClientId = await createClient(otherTenantId, 'agent');
  const shared = await seedCatalog(t, admin, { name: 'ops', url: tiny.url });
  const deploy = shared.tools.get('deploy');
  toolId = deploy?.id ?? '';
  v1 = deploy?.latestVersion?.id ?? '';
  otherToolVersion = shared.tools.get('status')?.latestVersion?.id ?? '';
  tiny.setTools([
    { name: 'deploy', inputSchema: schema('environment') },
    { name: 'status', inputSchema: schema('service') },
  ]);
  await introspect(t, admin, shared.upstreamId);
  const detail = await t.request('GET', `/api/v1/tools/${toolId}`, { token: admin });
  v2 = (detail.body as { latestVersion: { id: string } }).latestVersion.id;
  const foreign = await seedCatalog(t, admin, {
    name: 'globex-ops',
    url: tiny.url,
    tenantId: otherTenantId,
  });
  foreignToolId = foreign.tools.get('deploy')?.id ?? '';
  foreignVersion = foreign.tools.get('deploy')?.latestVersion?.id ?? '';
});
afterAll(async () => {
  await Promise.all([t?.close(), tiny?.close()]);
});

async function createRule(body: Record<string, unknown>): Promise<Rule> {
  const response = await t.request('POST', '/api/v1/canary-rules', { token: admin, body });
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return response.body as Rule;
}

describe('canary rules CRUD', () => {
  it('routes a share of a tenant to the new version, ramps it up, and deletes it', async () => {
    expect(v2).not.toBe(v1);
    const rule = await createRule({ toolId, toolVersionId: v2, tenantId, percentage: 10 });
    expect(rule).toMatchObject({
      toolId,
      toolVersionId: v2,
      tenantId,
      clientId: null,
      percentage: 10,
      priority: 0,
      enabled: true,
    });
    const read = await t.request('GET', `/api/v1/canary-rules/${rule.id}`, { token: viewer });
    expect(read.body).toEqual(rule);
    const ramped = await t.request('PATCH', `/api/v1/canary-rules/${rule.id}`, {
      token: admin,
      body: { percentage: 50, priority: 10 },
    });
    expect(ramped.body).toMatchObject({ percentage: 50, priority: 10 });

    const history = await t.request(
      'GET',
      `/api/v1/config-history?entityType=canary_rule&entityId=${rule.id}`,
      { token: viewer },
    );
    const [update, create] = (history.body as PageBody<Change>).items;
    expect(create).toMatchObject({ action: 'create', tenantId, after: rule });
    expect(update).toMatchObject({
      actor: { type: 'admin_token', name: 'canary-admin' },
      action: 'update',
      before: { percentage: 10, priority: 0 },
      after: { percentage: 50, priority: 10 },
    });

    expect(
      (await t.request('DELETE', `/api/v1/canary-rules/${rule.id}`, { token: admin })).status,
    ).toBe(204);
    expect(
      (await t.request('GET', `/api/v1/canary-rules/${rule.id}`, { token: viewer })).status,
    ).toBe(404);
  });

  it('pins one client to the old version, and lists rules by tool, page by page', async () => {
    await createRule({ toolId, toolVersionId: v1, clientId, priority: 100 });
    await createRule({ toolId, toolVersionId: v2, percentage: 5 });
    await createRule({ toolId, toolVersionId: v2, tenantId: otherTenantId });
    const first = await t.request('GET', `/api/v1/canary-rules?toolId=${toolId}&limit=2`, {
      token: viewer,
    });
    const page = first.body as PageBody<Rule>;
    expect(page.items).toHaveLength(2);
    const rest = await t.request(
      'GET',
      `/api/v1/canary-rules?toolId=${toolId}&limit=2&cursor=${page.nextCursor ?? ''}`,
      { token: viewer },
    );
    expect((rest.body as PageBody<Rule>).items).toHaveLength(1);
    const byTenant = await t.request('GET', `/api/v1/canary-rules?tenantId=${otherTenantId}`, {
      token: viewer,
    });
    expect((byTenant.body as PageBody<Rule>).items.map((rule) => rule.tenantId)).toEqual([
      otherTenantId,
    ]);
  });
});

describe('canary rule validation', () => {
  it('names bad and unknown fields, and wants to know whom it routes', async () => {
    const bad = await t.request('POST', '/api/v1/canary-rules', {
      token: admin,
      body: { toolId, toolVersionId: 'v2', percentage: 150, weight: 1, tenantId },
    });
    expect(bad.status).toBe(400);
    expect(errorOf(bad.body).issues?.map((issue) => issue.path)).toEqual([
      'toolVersionId',
      'percentage',
      'weight',
    ]);
    const nobody = await t.request('POST', '/api/v1/canary-rules', {
      token: admin,
      body: { toolId, toolVersionId: v2 },
    });
    expect(errorOf(nobody.body).issues?.[0]?.message).toContain('say whom the rule routes');
    const clientShare = await t.request('POST', '/api/v1/canary-rules', {
      token: admin,
      body: { toolId, toolVersionId: v2, clientId, percentage: 20 },
    });
    expect(errorOf(clientShare.body).issues?.[0]?.path).toBe('percentage');
  });

  it('refuses a client of another tenant and a tool the clients cannot call', async () => {
    const crossed = await t.request('POST', '/api/v1/canary-rules', {
      token: admin,
      body: { toolId, toolVersionId: v2, tenantId, clientId: otherClientId },
    });
    expect(crossed.status).toBe(400);
    expect(errorOf(crossed.body).issues?.[0]?.path).toBe('clientId');
    const foreign = await t.request('POST', '/api/v1/canary-rules', {
      token: admin,
      body: { toolId: foreignToolId, toolVersionId: foreignVersion, clientId },
    });
    expect(foreign.status).toBe(400);
    expect(errorOf(foreign.body).issues?.[0]?.path).toBe('toolId');
  });
});

describe('canary rule missing references', () => {
  it('answers 404 for an unknown tool, version, tenant or client', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ toolId: MISSING_ID, toolVersionId: v2, tenantId }, `No tool with id ${MISSING_ID}.`],
      [
        { toolId, toolVersionId: otherToolVersion, tenantId },
        `Tool ${toolId} has no version with id ${otherToolVersion}.`,
      ],
      [{ toolId, toolVersionId: v2, tenantId: MISSING_ID }, `No tenant with id ${MISSING_ID}.`],
      [{ toolId, toolVersionId: v2, clientId: MISSING_ID }, `No client with id ${MISSING_ID}.`],
    ];
    for (const [body, message] of cases) {
      const response = await t.request('POST', '/api/v1/canary-rules', { token: admin, body });
      expect(response.status, message).toBe(404);
      expect(errorOf(response.body).message).toBe(message);
    }
    const rule = await createRule({ toolId, toolVersionId: v2, tenantId, percentage: 1 });
    const patch = await t.request('PATCH', `/api/v1/canary-rules/${rule.id}`, {
      token: admin,
      body: { toolVersionId: otherToolVersion },
    });
    expect(patch.status).toBe(404);
    const missing = await t.request('PATCH', `/api/v1/canary-rules/${MISSING_ID}`, {
      token: admin,
      body: { enabled: false },
    });
    expect(missing.status).toBe(404);
    expect(errorOf(missing.body).message).toBe(`No canary rule with id ${MISSING_ID}.`);
  });
});
