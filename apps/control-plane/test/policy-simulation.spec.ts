import type { PolicySimulationResult } from '@gatehouse/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorOf } from './support/api-bodies.js';
import { seedCatalog } from './support/catalog.js';
import {
  createFleet,
  createTenant,
  eventually,
  fleetVersion,
  type Fleet,
} from './support/fleet-fixtures.js';
import { startTestApp } from './support/test-app.js';
import type { TestApp } from './support/test-app.js';
import { startTinyUpstream } from './support/tiny-upstream.js';
import type { TinyUpstream } from './support/tiny-upstream.js';

// POST /api/v1/policy/simulate: the decision from the fleet's current signed snapshot, with
// libs/policy; every reader role may ask, nothing changes.

const querySchema = {
  type: 'object' as const,
  properties: { q: { type: 'string' }, limit: { type: 'integer' } },
  required: ['q'],
};

let t: TestApp;
let admin: string;
let tiny: TinyUpstream;
let fleet: Fleet;
let clientId: string;
let otherClientId: string;
let apiKey: string;
let keyId: string;

async function ok(
  response: { status: number; body: unknown },
  status = 200,
): Promise<Record<string, unknown>> {
  expect(response.status, JSON.stringify(response.body)).toBe(status);
  return response.body as Record<string, unknown>;
}

async function simulate(
  body: Record<string, unknown>,
  token = admin,
): Promise<PolicySimulationResult> {
  const response = await t.request('POST', '/api/v1/policy/simulate', {
    token,
    body: { fleetId: fleet.id, ...body },
  });
  return (await ok(response)) as unknown as PolicySimulationResult;
}

async function patchTool(id: string, body: Record<string, unknown>): Promise<void> {
  await ok(await t.request('PATCH', `/api/v1/tools/${id}`, { token: admin, body }));
}

beforeAll(async () => {
  [t, tiny] = await Promise.all([
    startTestApp(),
    startTinyUpstream([
      { name: 'query', inputSchema: querySchema },
      { name: 'drop', inputSchema: { type: 'object' as const, properties: {} } },
    ]),
  ]);
  admin = await t.token('admin', 'simulator-admin');
  const acme = await createTenant(t, admin, 'acme');
  const globex = await createTenant(t, admin, 'globex');
  await ok(
    await t.request('POST', '/api/v1/scopes', { token: admin, body: { name: 'search.read' } }),
    201,
  );
  const shared = await seedCatalog(t, admin, { name: 'search', url: tiny.url });
  const foreign = await seedCatalog(t, admin, { name: 'hr', url: tiny.url, tenantId: globex });
  await patchTool(shared.tools.get('query')?.id ?? '', {
    enabled: true,
    tier: 'read_only',
    requiredScopes: ['search.read'],
    rules: [{ kind: 'range', argument: 'limit', min: 1, max: 100 }],
  });
  await patchTool(foreign.tools.get('query')?.id ?? '', { enabled: true, tier: 'read_only' });
  // `drop` stays as introspection left it: disabled.
  const client = await ok(
    await t.request('POST', `/api/v1/tenants/${acme}/clients`, {
      token: admin,
      body: { name: 'agent' },
    }),
    201,
  );
  clientId = client.id as string;
  const other = await ok(
    await t.request('POST', `/api/v1/tenants/${acme}/clients`, {
      token: admin,
      body: { name: 'no-scopes' },
    }),
    201,
  );
  otherClientId = other.id as string;
  expect(
    (await t.request('PUT', `/api/v1/clients/${clientId}/scopes/search.read`, { token: admin }))
      .status,
  ).toBeLessThan(300);
  const issued = await ok(
    await t.request('POST', `/api/v1/clients/${clientId}/keys`, { token: admin, body: {} }),
    201,
  );
  apiKey = issued.key as string;
  keyId = (issued.credential as { id: string }).id;
  fleet = await createFleet(t, admin, { name: 'main', tenantIds: [acme, globex] });
  // Wait until the snapshot holds the key (every change above queued a rebuild).
  await eventually(
    async () => {
      if ((await fleetVersion(t, admin, fleet.id)) === null) return undefined;
      const probe = await t.request('POST', '/api/v1/policy/simulate', {
        token: admin,
        body: { fleetId: fleet.id, apiKey, call: { name: 'search__query', arguments: { q: 'x' } } },
      });
      return (probe.body as PolicySimulationResult).allowed ? true : undefined;
    },
    10_000,
    'a snapshot with the client key',
  );
});
afterAll(async () => {
  await Promise.all([t?.close(), tiny?.close()]);
});

describe('POST /api/v1/policy/simulate', () => {
  it('allows a good call with the route, limits, identity and trail', async () => {
    const result = await simulate({
      client: clientId,
      call: { name: 'search__query', arguments: { q: 'cats', limit: 10 } },
    });
    expect(result).toMatchObject({
      fleetId: fleet.id,
      allowed: true,
      route: { upstream: 'search', tool: 'query', qualifiedName: 'search__query' },
      identity: { tenant: 'acme', client: clientId, scopes: ['search.read'] },
      limits: { redisFailMode: 'open', cost: 1 },
    });
    expect(result.snapshotVersion).toBeGreaterThan(0);
    expect(result.problems).toEqual([]);
    expect(result.trail.map((step) => `${step.rule}:${step.outcome}`)).toEqual(
      expect.arrayContaining(['tool:pass', 'scopes:pass', 'schema:pass']),
    );
  });

  it('authenticates an API key as a node does, and refuses an unknown one', async () => {
    const allowed = await simulate({
      apiKey,
      call: { name: 'search__query', arguments: { q: 'a' } },
    });
    expect(allowed).toMatchObject({
      allowed: true,
      identity: { credential: 'api_key', credentialId: keyId },
    });
    const unknown = await simulate({
      apiKey: 'gh_live_not-a-key',
      call: { name: 'search__query', arguments: { q: 'a' } },
    });
    expect(unknown).toMatchObject({ allowed: false, reason: 'unauthenticated', rule: 'api-key' });
    expect(unknown.identity).toBeUndefined();
  });

  it.each([
    ['another tenant’s tool', 'hr__query', { q: 'a' }, 'tool_unknown', 'tool'],
    // A catalogued upstream's catalog is closed: a name it lacks is refused as not served.
    ['an unknown tool of a known upstream', 'search__nope', {}, 'tool_disabled', 'catalog'],
    ['a name no upstream owns', 'nowhere__nope', {}, 'tool_unknown', 'tool'],
    ['a disabled tool', 'search__drop', {}, 'tool_disabled', 'catalog'],
    ['schema-invalid arguments', 'search__query', { limit: 5 }, 'arguments_invalid', 'schema'],
    ['an argument rule', 'search__query', { q: 'a', limit: 500 }, 'argument_rule', 'range:limit'],
  ])('refuses %s, naming the rule', async (_what, name, args, reason, rule) => {
    const result = await simulate({ client: clientId, call: { name, arguments: args } });
    expect(result).toMatchObject({ allowed: false, reason, rule });
    expect(result.message).toEqual(expect.any(String));
    expect(result.trail.at(-1)).toMatchObject({ outcome: 'refuse' });
  });

  it('refuses a call without the scope, naming it', async () => {
    const result = await simulate({
      client: otherClientId,
      call: { name: 'search__query', arguments: { q: 'a' } },
    });
    expect(result).toMatchObject({
      allowed: false,
      reason: 'insufficient_scope',
      rule: 'scope:search.read',
      missingScopes: ['search.read'],
    });
  });

  it('refuses token claims of an issuer the fleet does not accept', async () => {
    const result = await simulate({
      claims: { issuer: 'https://idp.example', claims: { tenant: 'acme', client_id: 'x' } },
      call: { name: 'search__query', arguments: { q: 'a' } },
    });
    expect(result).toMatchObject({ allowed: false, reason: 'unauthenticated', rule: 'jwt:issuer' });
  });

  it('lets every reader role ask, and nobody without a token', async () => {
    for (const role of ['viewer', 'auditor', 'approver'] as const) {
      const token = await t.token(role, `simulator-${role}`);
      const result = await simulate(
        { client: clientId, call: { name: 'search__query', arguments: { q: 'a' } } },
        token,
      );
      expect(result.allowed).toBe(true);
    }
    const anonymous = await t.request('POST', '/api/v1/policy/simulate', {
      body: { fleetId: fleet.id, call: { name: 'search__query' } },
    });
    expect(anonymous.status).toBe(401);
  });

  it('validates the request and names an unknown fleet', async () => {
    const two = await t.request('POST', '/api/v1/policy/simulate', {
      token: admin,
      body: { fleetId: fleet.id, client: clientId, apiKey, call: { name: 'x' } },
    });
    expect(two.status).toBe(400);
    expect(errorOf(two.body).issues?.[0]?.message).toContain(
      'give one of client, claims or apiKey',
    );
    const missing = await t.request('POST', '/api/v1/policy/simulate', {
      token: admin,
      body: { fleetId: '01900000-0000-7000-8000-000000000000', call: { name: 'x' } },
    });
    expect(missing.status).toBe(404);
  });
});
