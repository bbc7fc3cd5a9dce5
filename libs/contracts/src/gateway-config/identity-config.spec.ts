import { describe, expect, it } from 'vitest';
import { problemsOf } from './config-spec-helpers.js';
import { parseGatewayConfig } from './parse-gateway-config.js';

const HASH_A = 'a'.repeat(64);
const HASH_B = 'b'.repeat(64);

function configJson(extra: Record<string, unknown>): string {
  return JSON.stringify({
    upstreams: [{ name: 'files', transport: { type: 'stdio', command: 'mcp-files' } }],
    ...extra,
  });
}

describe('identity and enforcement config', () => {
  it('requires a credential by default and fills issuer defaults', () => {
    const config = parseGatewayConfig(
      configJson({
        auth: {
          resource: 'https://gw.example.com/mcp',
          jwt: [{ issuer: 'https://idp.example.com', jwksUri: 'https://idp.example.com/jwks' }],
        },
      }),
      'test.json',
    );
    expect(config.auth.anonymous).toBeUndefined();
    expect(config.auth.apiKeys.enabled).toBe(true);
    expect(config.auth.jwt[0]).toMatchObject({
      audiences: [],
      clockToleranceSeconds: 30,
      claims: { tenant: { claim: 'tenant' }, client: { claim: 'client_id' }, scopes: 'scope' },
    });
    expect(config.redis.keyPrefix).toBe('gatehouse:');
  });

  it('serves anonymous callers as the default tenant only when asked to', () => {
    const config = parseGatewayConfig(configJson({ auth: { anonymous: {} } }), 'test.json');
    expect(config.auth.anonymous).toEqual({ tenant: 'default', scopes: [] });
  });

  it('accepts tenants, clients with key hashes, tenant-owned upstreams and tool contracts', () => {
    const config = parseGatewayConfig(
      configJson({
        tenants: [{ id: 'acme', name: 'Acme', rateLimit: { points: 100, windowSeconds: 10 } }],
        clients: [
          {
            id: 'ci-bot',
            tenant: 'acme',
            name: 'CI bot',
            scopes: ['files.read'],
            apiKeys: [{ id: 'k1', sha256: HASH_A, expiresAt: '2030-01-01T00:00:00Z' }],
          },
        ],
        upstreams: [
          { name: 'files', tenant: 'acme', transport: { type: 'stdio', command: 'mcp-files' } },
        ],
        tools: [
          {
            upstream: 'files',
            name: 'search',
            requiredScopes: ['files.read'],
            inputSchema: { type: 'object' },
            rules: [{ argument: 'limit', kind: 'range', max: 100 }],
            limits: { maxConcurrency: 2, maxQueueDepth: 3, timeoutMs: 5000 },
            breaker: {},
          },
        ],
      }),
      'test.json',
    );
    expect(config.tenants[0]?.redisFailMode).toBe('open');
    expect(config.clients[0]?.enabled).toBe(true);
    expect(config.upstreams[0]?.tenant).toBe('acme');
    expect(config.tools[0]).toMatchObject({
      cost: 1,
      breaker: { failureThreshold: 5, openMs: 30_000 },
      rules: [{ kind: 'range', argument: 'limit', max: 100 }],
    });
  });

  it('refuses references to unknown tenants, duplicate clients and shared key hashes', () => {
    const problems = problemsOf(
      configJson({
        tenants: [{ id: 'acme', name: 'Acme' }],
        clients: [
          { id: 'a', tenant: 'acme', name: 'A', apiKeys: [{ id: 'k1', sha256: HASH_A }] },
          { id: 'a', tenant: 'globex', name: 'A2', apiKeys: [{ id: 'k2', sha256: HASH_A }] },
          { id: 'b', tenant: 'acme', name: 'B', apiKeys: [{ id: 'k3', sha256: HASH_B }] },
        ],
        upstreams: [
          { name: 'files', tenant: 'initech', transport: { type: 'stdio', command: 'x' } },
        ],
      }),
    );
    expect(problems).toEqual(
      expect.arrayContaining([
        { path: 'clients[1].id', message: 'duplicate client id "a" (also clients[0])' },
        { path: 'clients[1].tenant', message: 'no tenant has the id "globex"' },
        {
          path: 'clients[1].apiKeys[0].sha256',
          message: 'the same key hash is also a key of client "a"',
        },
        { path: 'upstreams[0].tenant', message: 'no tenant has the id "initech"' },
      ]),
    );
    expect(problems).toHaveLength(4);
  });

  it('refuses a key given in clear instead of its hash, and an unknown rule kind', () => {
    const problems = problemsOf(
      configJson({
        tenants: [{ id: 'acme', name: 'Acme' }],
        clients: [
          { id: 'a', tenant: 'acme', name: 'A', apiKeys: [{ id: 'k1', sha256: 'gh_live_abc' }] },
        ],
        tools: [{ upstream: 'files', name: 't', rules: [{ argument: 'x', kind: 'maybe' }] }],
      }),
    );
    expect(problems.map((problem) => problem.path)).toEqual(
      expect.arrayContaining(['clients[0].apiKeys[0].sha256', 'tools[0].rules[0].kind']),
    );
    expect(
      problems.find((problem) => problem.path === 'clients[0].apiKeys[0].sha256')?.message,
    ).toBe('must be the SHA-256 of the key, in hex');
  });
});
