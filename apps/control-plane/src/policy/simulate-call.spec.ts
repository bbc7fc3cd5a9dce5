import { createHash } from 'node:crypto';
import { gatewayConfigSchema } from '@gatehouse/contracts';
import type { PolicySimulationBody } from '@gatehouse/contracts';
import { compilePolicy } from '@gatehouse/policy';
import { describe, expect, it } from 'vitest';
import { simulateCall } from './simulate-call.js';

const key = 'gh_live_simulated-key';
const now = Date.parse('2026-11-25T12:00:00Z');

const policy = compilePolicy(
  gatewayConfigSchema.parse({
    upstreams: [
      {
        name: 'search',
        transport: { type: 'streamable-http', url: 'https://search.example/mcp' },
        toolCatalog: 'closed',
      },
    ],
    auth: {
      jwt: [
        {
          issuer: 'https://idp.example',
          jwksUri: 'https://idp.example/jwks',
          claims: { tenant: { claim: 'org' } },
        },
      ],
    },
    tenants: [{ id: 'acme', name: 'Acme' }],
    clients: [
      {
        id: 'agent',
        tenant: 'acme',
        name: 'agent',
        scopes: ['search.read'],
        apiKeys: [
          {
            id: 'k1',
            sha256: createHash('sha256').update(key).digest('hex'),
            expiresAt: '2026-11-25T12:00:10Z',
          },
        ],
      },
    ],
    tools: [
      {
        upstream: 'search',
        name: 'query',
        requiredScopes: ['search.read'],
        inputSchema: { type: 'object', properties: { q: { type: 'string' } }, required: ['q'] },
      },
    ],
  }),
);

function body(caller: Partial<PolicySimulationBody>, args: Record<string, unknown> = { q: 'x' }) {
  return {
    fleetId: '01900000-0000-7000-8000-000000000000',
    call: { name: 'search__query', arguments: args },
    ...caller,
  };
}

describe('simulateCall', () => {
  it('takes token claims through the issuer’s claim rules', () => {
    const result = simulateCall(
      policy,
      body({
        claims: {
          issuer: 'https://idp.example',
          claims: { org: 'acme', client_id: 'web', sub: 'ada', scope: 'search.read' },
        },
      }),
      now,
    );
    expect(result).toMatchObject({
      allowed: true,
      identity: { tenant: 'acme', client: 'web', user: 'ada', credential: 'jwt' },
      route: { upstream: 'search', tool: 'query', qualifiedName: 'search__query' },
    });
    const scopeless = simulateCall(
      policy,
      body({ claims: { issuer: 'https://idp.example', claims: { org: 'acme', client_id: 'w' } } }),
      now,
    );
    expect(scopeless).toMatchObject({ allowed: false, rule: 'scope:search.read' });
  });

  it('refuses claims of another issuer, and callers without a credential', () => {
    expect(
      simulateCall(policy, body({ claims: { issuer: 'https://other.example', claims: {} } }), now),
    ).toMatchObject({ allowed: false, reason: 'unauthenticated', rule: 'jwt:issuer' });
    const anonymous = simulateCall(policy, body({}), now);
    expect(anonymous).toMatchObject({ allowed: false, reason: 'unauthenticated' });
    expect(anonymous.identity).toBeUndefined();
  });

  it('decides a key at the given instant: valid before its expiry, expired after', () => {
    expect(simulateCall(policy, body({ apiKey: key }), now)).toMatchObject({
      allowed: true,
      identity: { credential: 'api_key', credentialId: 'k1' },
    });
    expect(simulateCall(policy, body({ apiKey: key }), now + 10_000)).toMatchObject({
      allowed: false,
      reason: 'credential_expired',
    });
  });

  it('reports the schema refusal with its trail for a known client', () => {
    const result = simulateCall(policy, body({ client: 'agent' }, {}), now);
    expect(result).toMatchObject({ allowed: false, reason: 'arguments_invalid', rule: 'schema' });
    expect(result.trail.at(-1)).toMatchObject({
      step: 'validate',
      rule: 'schema',
      outcome: 'refuse',
    });
  });
});
