import { createHash } from 'node:crypto';
import { canonicalJson } from '@gatehouse/contracts';
import { describe, expect, it } from 'vitest';
import { compileFleetConfig } from './compile-fleet-config.js';
import type {
  FleetConfigSource,
  SourceClient,
  SourceTenantBudget,
  SourceTool,
  SourceUpstream,
} from './fleet-config-source.js';
import { SnapshotCompileError } from './snapshot-compile-error.js';

const clearKeys = ['gh_live_alpha-key-in-clear', 'gh_live_revoked-key-in-clear'];
const sha = (text: string) => createHash('sha256').update(text).digest('hex');

const noBudget: SourceTenantBudget = {
  requestsPerMinute: null,
  rateLimitPoints: null,
  rateLimitWindowSeconds: null,
  clientRateLimitPoints: null,
  clientRateLimitWindowSeconds: null,
  redisFailMode: null,
  dailyCallBudget: null,
  dailyCostBudget: null,
  maxConcurrentCalls: null,
};

function tool(name: string, overrides: Partial<SourceTool> = {}): SourceTool {
  return {
    name,
    enabled: true,
    tier: 'read_only',
    requiredScopes: [],
    schemaHash: null,
    inputSchema: null,
    cost: 1,
    rules: [],
    breakerFailureThreshold: null,
    breakerOpenMs: null,
    budget: null,
    ...overrides,
  };
}

function upstream(name: string, overrides: Partial<SourceUpstream> = {}): SourceUpstream {
  return {
    id: `id-${name}`,
    tenantId: null,
    name,
    description: null,
    namespace: null,
    enabled: true,
    timeoutMs: 60_000,
    introspected: true,
    transport: 'streamable_http',
    url: `https://${name}.example/mcp`,
    command: null,
    args: [],
    env: null,
    headers: {},
    tools: [],
    ...overrides,
  };
}

function client(id: string, overrides: Partial<SourceClient> = {}): SourceClient {
  return {
    id,
    tenantId: 't-acme',
    name: `client-${id}`,
    enabled: true,
    scopes: [],
    keys: [],
    rateLimitPoints: null,
    rateLimitWindowSeconds: null,
    toolAccess: null,
    ...overrides,
  };
}

const querySchema = {
  type: 'object',
  properties: { q: { type: 'string' }, limit: { type: 'integer' } },
  required: ['q'],
};

function source(overrides: Partial<FleetConfigSource> = {}): FleetConfigSource {
  return {
    fleetId: 'fleet-1',
    auth: null,
    tenants: [
      {
        id: 't-acme',
        name: 'acme',
        displayName: 'Acme',
        enabled: true,
        budget: {
          ...noBudget,
          rateLimitPoints: 100,
          rateLimitWindowSeconds: 10,
          clientRateLimitPoints: 20,
          clientRateLimitWindowSeconds: 10,
          redisFailMode: 'closed',
          dailyCallBudget: 10_000,
          dailyCostBudget: 250.5,
          maxConcurrentCalls: 40,
        },
      },
      {
        id: 't-globex',
        name: 'globex',
        displayName: 'Globex',
        enabled: true,
        budget: { ...noBudget, requestsPerMinute: 600 },
      },
      { id: 't-off', name: 'initech', displayName: 'Initech', enabled: false, budget: null },
    ],
    clients: [
      client('c-2', {
        scopes: ['search.read', 'calendar.read', 'search.read'],
        keys: [
          { id: 'k-2', keyHash: sha(clearKeys[0] ?? ''), hashAlgorithm: 'sha256', expiresAt: null },
          {
            id: 'k-1',
            keyHash: 'c'.repeat(64),
            hashAlgorithm: 'sha256',
            expiresAt: new Date('2030-01-01T00:00:00.000Z'),
          },
          { id: 'k-3', keyHash: 'd'.repeat(64), hashAlgorithm: 'argon2id', expiresAt: null },
        ],
        rateLimitPoints: 5,
        rateLimitWindowSeconds: 1,
        toolAccess: { allow: ['search__*'], block: ['search__drop'] },
      }),
      client('c-1', { tenantId: 't-globex', scopes: ['files.read'] }),
      client('c-3', {
        enabled: false,
        keys: [{ id: 'k-9', keyHash: 'e'.repeat(64), hashAlgorithm: 'sha256', expiresAt: null }],
      }),
      client('c-4', { tenantId: 't-off' }),
    ],
    upstreams: [
      upstream('search', {
        tools: [
          tool('query', {
            requiredScopes: ['search.read'],
            schemaHash: 'a'.repeat(64),
            inputSchema: querySchema,
            cost: 2.5,
            rules: [
              { kind: 'range', argument: 'limit', min: 1, max: 100 },
              { kind: 'pattern', argument: 'q', pattern: '^[a-z ]+$', id: 'plain-words' },
            ],
            breakerFailureThreshold: 5,
            breakerOpenMs: 2_000,
            budget: {
              maxConcurrency: 2,
              maxQueueDepth: 3,
              requestsPerMinute: 120,
              timeoutMs: 1_500,
              maxRequestBytes: 4_096,
            },
          }),
        ],
      }),
      upstream('calendar', { tenantId: 't-acme', tools: [tool('list_events')] }),
      upstream('hr', { tenantId: 't-off', tools: [tool('people')] }),
    ],
    ...overrides,
  };
}

describe('compileFleetConfig: what nodes enforce with', () => {
  it('carries enabled tenants with their budgets, the legacy rate as a 60 s window', () => {
    expect(compileFleetConfig(source()).tenants).toEqual([
      {
        id: 'acme',
        name: 'Acme',
        rateLimit: { points: 100, windowSeconds: 10 },
        clientRateLimit: { points: 20, windowSeconds: 10 },
        redisFailMode: 'closed',
        dailyCallBudget: 10_000,
        dailyCostBudget: 250.5,
        maxConcurrentCalls: 40,
      },
      {
        id: 'globex',
        name: 'Globex',
        rateLimit: { points: 600, windowSeconds: 60 },
        redisFailMode: 'open',
      },
    ]);
  });

  it('carries enabled clients of enabled tenants with sorted scopes and SHA-256 key hashes', () => {
    const config = compileFleetConfig(source());
    expect(config.clients).toEqual([
      {
        id: 'c-1',
        tenant: 'globex',
        name: 'client-c-1',
        enabled: true,
        scopes: ['files.read'],
        apiKeys: [],
      },
      {
        id: 'c-2',
        tenant: 'acme',
        name: 'client-c-2',
        enabled: true,
        scopes: ['calendar.read', 'search.read'],
        apiKeys: [
          { id: 'k-1', sha256: 'c'.repeat(64), expiresAt: '2030-01-01T00:00:00.000Z' },
          { id: 'k-2', sha256: sha(clearKeys[0] ?? '') },
        ],
        rateLimit: { points: 5, windowSeconds: 1 },
        toolAccess: { allow: ['search__*'], block: ['search__drop'] },
      },
    ]);
  });

  it('marks tenant-owned upstreams with their tenant and leaves out a disabled tenant’s', () => {
    const config = compileFleetConfig(source());
    expect(config.upstreams.map((entry) => [entry.name, entry.tenant])).toEqual([
      ['calendar', 'acme'],
      ['search', undefined],
    ]);
  });

  it('carries the routed schema, scopes, cost, rules, limits and breaker of a tool', () => {
    const query = compileFleetConfig(source()).tools.find((entry) => entry.name === 'query');
    expect(query).toEqual({
      upstream: 'search',
      name: 'query',
      enabled: true,
      tier: 'read_only',
      requiredScopes: ['search.read'],
      schemaHash: 'a'.repeat(64),
      inputSchema: querySchema,
      cost: 2.5,
      rules: [
        { kind: 'range', argument: 'limit', min: 1, max: 100 },
        { kind: 'pattern', argument: 'q', pattern: '^[a-z ]+$', id: 'plain-words' },
      ],
      limits: {
        maxConcurrency: 2,
        maxQueueDepth: 3,
        timeoutMs: 1_500,
        rateLimit: { points: 120, windowSeconds: 60 },
        maxArgumentBytes: 4_096,
      },
      breaker: { failureThreshold: 5, openMs: 2_000 },
    });
  });

  it('never carries a key in clear, and nothing of a revoked key (the source has none)', () => {
    const text = canonicalJson(compileFleetConfig(source()));
    for (const key of clearKeys) expect(text).not.toContain(key);
    expect(text).not.toContain('e'.repeat(64));
    expect(text).not.toContain('d'.repeat(64));
  });

  it('takes the fleet’s OAuth issuers, validated', () => {
    const auth = {
      resource: 'https://gw.example/mcp',
      jwt: [{ issuer: 'https://idp.example', jwksUri: 'https://idp.example/jwks' }],
    };
    const config = compileFleetConfig(source({ auth }));
    expect(config.auth.resource).toBe('https://gw.example/mcp');
    expect(config.auth.jwt[0]).toMatchObject({ issuer: 'https://idp.example', audiences: [] });
    expect(compileFleetConfig(source()).auth).toEqual({ apiKeys: { enabled: true }, jwt: [] });
  });

  it('refuses bad stored rules, tool access or auth, naming where', () => {
    const base = source();
    const broken = source({
      auth: { jwt: [{ issuer: 'x' }] },
      clients: [client('c-9', { toolAccess: { allow: 'everything' } })],
      upstreams: base.upstreams.map((entry) => ({
        ...entry,
        tools: entry.tools.map((item) => ({ ...item, rules: [{ kind: 'bogus', argument: 'q' }] })),
      })),
    });
    let problems: string[] = [];
    try {
      compileFleetConfig(broken);
    } catch (error) {
      if (!(error instanceof SnapshotCompileError)) throw error;
      problems = error.problems.map((problem) => problem.path);
    }
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringContaining('tool "query" rules'),
        expect.stringContaining('client "client-c-9" of tenant "acme" toolAccess'),
        expect.stringContaining('fleet auth'),
      ]),
    );
  });

  it('is deterministic whatever order clients, keys and scopes arrive in', () => {
    const original = source();
    const shuffled = source({
      clients: [...original.clients].reverse().map((entry) => ({
        ...entry,
        scopes: [...entry.scopes].reverse(),
        keys: [...entry.keys].reverse(),
      })),
    });
    expect(canonicalJson(compileFleetConfig(shuffled))).toBe(
      canonicalJson(compileFleetConfig(original)),
    );
  });
});
