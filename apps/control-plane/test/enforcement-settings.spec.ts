import { createHash } from 'node:crypto';
import type { GatewayConfig } from '@gatehouse/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorOf } from './support/api-bodies.js';
import type { PageBody } from './support/api-bodies.js';
import { seedCatalog } from './support/catalog.js';
import {
  createFleet,
  createNodeCredential,
  createTenant,
  eventually,
  pullSnapshot,
  trustedKeysOf,
  verifierFor,
  type Fleet,
} from './support/fleet-fixtures.js';
import { startTestApp } from './support/test-app.js';
import type { TestApp } from './support/test-app.js';
import { startTinyUpstream } from './support/tiny-upstream.js';
import type { TinyUpstream } from './support/tiny-upstream.js';

// The settings gateway nodes enforce, through the admin API into config history and into the
// fleet's signed snapshot; and the changes that must take a client's access away.

interface Change {
  action: string;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
}

const inputSchema = {
  type: 'object' as const,
  properties: { q: { type: 'string' }, limit: { type: 'integer' } },
};

let t: TestApp;
let admin: string;
let viewer: string;
let tiny: TinyUpstream;
let tenantId: string;
let fleet: Fleet;
let credential: string;
let toolId: string;
let clientId: string;

async function historyOf(entityType: string, entityId: string): Promise<Change[]> {
  const response = await t.request(
    'GET',
    `/api/v1/config-history?entityType=${entityType}&entityId=${entityId}`,
    { token: viewer },
  );
  expect(response.status).toBe(200);
  return (response.body as PageBody<Change>).items;
}

/** Waits for a snapshot whose config satisfies `check` (404 while the first build runs). */
async function snapshotWhere(
  check: (config: GatewayConfig) => boolean,
  what: string,
): Promise<GatewayConfig> {
  const keys = await trustedKeysOf(t, admin);
  return eventually(
    async () => {
      const pulled = await pullSnapshot(t.baseUrl, fleet.id, credential);
      if (pulled.status === 404) return undefined;
      expect(pulled.status, pulled.body).toBe(200);
      const { envelope } = await verifierFor(keys, fleet.id).verify(pulled.body);
      return check(envelope.config) ? envelope.config : undefined;
    },
    5_000,
    what,
  );
}

beforeAll(async () => {
  [t, tiny] = await Promise.all([
    startTestApp(),
    startTinyUpstream([{ name: 'query', inputSchema }]),
  ]);
  admin = await t.token('admin', 'enforcement-admin');
  viewer = await t.token('viewer');
  tenantId = await createTenant(t, admin, 'acme');
  const shared = await seedCatalog(t, admin, { name: 'search', url: tiny.url });
  toolId = shared.tools.get('query')?.id ?? '';
  expect(
    (await t.request('POST', '/api/v1/scopes', { token: admin, body: { name: 'search.read' } }))
      .status,
  ).toBe(201);
  fleet = await createFleet(t, admin, { name: 'main', tenantIds: [tenantId] });
  credential = await createNodeCredential(t, admin, fleet.id);
});
afterAll(async () => {
  await Promise.all([t?.close(), tiny?.close()]);
});

describe('tenant budget enforcement settings', () => {
  const path = () => `/api/v1/tenants/${tenantId}/budget`;

  it('stores rate limits per window, the Redis fail mode and daily budgets, with history', async () => {
    const body = {
      rateLimit: { points: 100, windowSeconds: 10 },
      clientRateLimit: { points: 20, windowSeconds: 10 },
      redisFailMode: 'closed',
      dailyCallBudget: 5_000,
      dailyCostBudget: 120.5,
    };
    const put = await t.request('PUT', path(), { token: admin, body });
    expect(put.status, JSON.stringify(put.body)).toBe(200);
    expect(put.body).toMatchObject({ ...body, requestsPerMinute: null, maxConcurrentCalls: null });
    expect((await t.request('GET', path(), { token: viewer })).body).toEqual(put.body);
    const [created] = await historyOf('tenant_budget', tenantId);
    expect(created?.after).toMatchObject(body);

    const config = await snapshotWhere(
      (snapshot) => snapshot.tenants[0]?.dailyCallBudget === 5_000,
      'the tenant budget in the snapshot',
    );
    expect(config.tenants).toEqual([
      {
        id: 'acme',
        name: 'ACME',
        rateLimit: { points: 100, windowSeconds: 10 },
        clientRateLimit: { points: 20, windowSeconds: 10 },
        redisFailMode: 'closed',
        dailyCallBudget: 5_000,
        dailyCostBudget: 120.5,
      },
    ]);
  });

  it('refuses a bad window, an unknown fail mode, and two kinds of tenant rate at once', async () => {
    const bad = await t.request('PUT', path(), {
      token: admin,
      body: { rateLimit: { points: 0, windowSeconds: 10 }, redisFailMode: 'maybe' },
    });
    expect(bad.status).toBe(400);
    expect(errorOf(bad.body).issues?.map((issue) => issue.path)).toEqual([
      'rateLimit.points',
      'redisFailMode',
    ]);
    const both = await t.request('PUT', path(), {
      token: admin,
      body: { rateLimit: { points: 10, windowSeconds: 1 }, requestsPerMinute: 60 },
    });
    expect(errorOf(both.body).issues).toEqual([
      { path: 'rateLimit', message: 'set either rateLimit or requestsPerMinute, not both' },
    ]);
  });
});

describe('tool contract settings', () => {
  it('stores cost, argument rules and a breaker, and compiles them into the snapshot', async () => {
    const rules = [
      { kind: 'range', argument: 'limit', min: 1, max: 100 },
      { kind: 'pattern', argument: 'q', pattern: '^[a-z ]+$', id: 'plain-words' },
    ];
    const patched = await t.request('PATCH', `/api/v1/tools/${toolId}`, {
      token: admin,
      body: {
        enabled: true,
        tier: 'read_only',
        requiredScopes: ['search.read'],
        cost: 2.5,
        rules,
        breaker: { failureThreshold: 5, openMs: 2_000 },
      },
    });
    expect(patched.status, JSON.stringify(patched.body)).toBe(200);
    expect(patched.body).toMatchObject({
      cost: 2.5,
      rules,
      breaker: { failureThreshold: 5, openMs: 2_000 },
    });
    const [update] = await historyOf('tool', toolId);
    expect(update?.before).toMatchObject({ cost: 1, rules: [], breaker: null });
    expect(update?.after).toMatchObject({ cost: 2.5, rules });

    const config = await snapshotWhere(
      (snapshot) => snapshot.tools.some((tool) => tool.name === 'query' && tool.cost === 2.5),
      'the tool contract in the snapshot',
    );
    expect(config.tools.find((tool) => tool.name === 'query')).toMatchObject({
      upstream: 'search',
      enabled: true,
      requiredScopes: ['search.read'],
      inputSchema,
      cost: 2.5,
      rules,
      breaker: { failureThreshold: 5, openMs: 2_000 },
    });

    const removed = await t.request('PATCH', `/api/v1/tools/${toolId}`, {
      token: admin,
      body: { breaker: null },
    });
    expect(removed.body).toMatchObject({ breaker: null, cost: 2.5 });
  });

  it('names bad rules: unknown kind, bad pattern, min above max', async () => {
    const bad = await t.request('PATCH', `/api/v1/tools/${toolId}`, {
      token: admin,
      body: {
        rules: [
          { kind: 'nope', argument: 'q' },
          { kind: 'pattern', argument: 'q', pattern: '([' },
        ],
      },
    });
    expect(bad.status).toBe(400);
    expect(errorOf(bad.body).issues?.map((issue) => issue.path)).toEqual(['rules.0.kind']);
    const semantic = await t.request('PATCH', `/api/v1/tools/${toolId}`, {
      token: admin,
      body: {
        rules: [
          { kind: 'pattern', argument: 'q', pattern: '([' },
          { kind: 'range', argument: 'limit', min: 10, max: 1 },
        ],
        cost: -1,
      },
    });
    expect(semantic.status).toBe(400);
    expect(
      errorOf(semantic.body)
        .issues?.map((issue) => issue.path)
        .sort(),
    ).toEqual(['cost', 'rules.0.pattern', 'rules.1.max']);
  });
});

describe('clients, keys and scopes in the snapshot', () => {
  let key: string;
  let keyId: string;

  it('stores a client rate limit and tool access, with history', async () => {
    const created = await t.request('POST', `/api/v1/tenants/${tenantId}/clients`, {
      token: admin,
      body: {
        name: 'agent',
        rateLimit: { points: 5, windowSeconds: 1 },
        toolAccess: { allow: ['search__*'] },
      },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    clientId = (created.body as { id: string }).id;
    expect(created.body).toMatchObject({
      rateLimit: { points: 5, windowSeconds: 1 },
      toolAccess: { allow: ['search__*'], block: [] },
    });
    const patched = await t.request('PATCH', `/api/v1/tenants/${tenantId}/clients/${clientId}`, {
      token: admin,
      body: { toolAccess: { allow: ['search__*'], block: ['search__drop'] }, rateLimit: null },
    });
    expect(patched.body).toMatchObject({
      rateLimit: null,
      toolAccess: { allow: ['search__*'], block: ['search__drop'] },
    });
    const [update] = await historyOf('client', clientId);
    expect(update?.before).toMatchObject({ rateLimit: { points: 5, windowSeconds: 1 } });
    expect(update?.after).toMatchObject({ rateLimit: null });
  });

  it('carries the client with its scopes and key hash (never the key), expiry included', async () => {
    const grant = await t.request('PUT', `/api/v1/clients/${clientId}/scopes/search.read`, {
      token: admin,
    });
    expect(grant.status).toBeLessThan(300);
    const expiresAt = new Date(Date.now() + 3_600_000).toISOString();
    const issued = await t.request('POST', `/api/v1/clients/${clientId}/keys`, {
      token: admin,
      body: { label: 'ci', expiresAt },
    });
    expect(issued.status).toBe(201);
    ({ key } = issued.body as { key: string });
    keyId = (issued.body as { credential: { id: string } }).credential.id;
    const config = await snapshotWhere(
      (snapshot) => snapshot.clients[0]?.apiKeys.length === 1,
      'the client key in the snapshot',
    );
    expect(config.clients).toEqual([
      {
        id: clientId,
        tenant: 'acme',
        name: 'agent',
        enabled: true,
        scopes: ['search.read'],
        apiKeys: [
          {
            id: keyId,
            sha256: createHash('sha256').update(key).digest('hex'),
            expiresAt: new Date(expiresAt).toISOString(),
          },
        ],
        toolAccess: { allow: ['search__*'], block: ['search__drop'] },
      },
    ]);
    expect(JSON.stringify(config)).not.toContain(key);
  });

  it('takes a removed scope, a revoked key, a disabled client out with the next snapshot', async () => {
    await t.request('DELETE', `/api/v1/clients/${clientId}/scopes/search.read`, { token: admin });
    await snapshotWhere(
      (snapshot) => snapshot.clients[0]?.scopes.length === 0,
      'the scope removed from the snapshot',
    );
    const revoked = await t.request('POST', `/api/v1/clients/${clientId}/keys/${keyId}/revoke`, {
      token: admin,
      body: {},
    });
    expect(revoked.status).toBe(200);
    await snapshotWhere(
      (snapshot) => snapshot.clients[0]?.apiKeys.length === 0,
      'the revoked key gone from the snapshot',
    );
    await t.request('PATCH', `/api/v1/tenants/${tenantId}/clients/${clientId}`, {
      token: admin,
      body: { enabled: false },
    });
    await snapshotWhere(
      (snapshot) => snapshot.clients.length === 0,
      'the disabled client gone from the snapshot',
    );
  });
});

describe('fleet OAuth issuers', () => {
  it('validates the fleet auth and puts it into the snapshot', async () => {
    const bad = await t.request('PATCH', `/api/v1/fleets/${fleet.id}`, {
      token: admin,
      body: { auth: { jwt: [{ issuer: 'https://idp.example' }] } },
    });
    expect(bad.status).toBe(400);
    expect(errorOf(bad.body).issues?.[0]?.path).toBe('auth.jwt.0.jwksUri');
    const auth = {
      resource: 'https://gw.example/mcp',
      jwt: [{ issuer: 'https://idp.example', jwksUri: 'https://idp.example/jwks' }],
    };
    const patched = await t.request('PATCH', `/api/v1/fleets/${fleet.id}`, {
      token: admin,
      body: { auth },
    });
    expect(patched.status, JSON.stringify(patched.body)).toBe(200);
    expect(patched.body).toMatchObject({ auth: { resource: auth.resource } });
    const config = await snapshotWhere(
      (snapshot) => snapshot.auth.jwt.length === 1,
      'the issuer in the snapshot',
    );
    expect(config.auth).toMatchObject({
      resource: auth.resource,
      jwt: [{ issuer: 'https://idp.example', audiences: [], claims: { scopes: 'scope' } }],
    });
  });
});
