import { gatewayConfigSchema, type GatewayConfigInput } from '@gatehouse/contracts';
import { compilePolicy } from '../src/compile-policy.js';
import type { CompiledPolicy } from '../src/compiled-policy.js';
import { sha256Hex } from '../src/authenticate.js';

export const KEY_A = 'gh_live_alpha-key-0001';
export const KEY_A_READONLY = 'gh_live_alpha-readonly-0002';
export const KEY_B = 'gh_live_beta-key-0003';
export const KEY_EXPIRED = 'gh_live_expired-0004';
export const KEY_DISABLED = 'gh_live_disabled-0005';

/** Two tenants, a shared upstream, a tenant-owned one, and a tool with every kind of rule. */
export function fixtureConfig(extra: Partial<GatewayConfigInput> = {}): GatewayConfigInput {
  return {
    upstreams: [
      {
        name: 'shared',
        transport: { type: 'streamable-http', url: 'http://127.0.0.1:1/mcp' },
        timeoutMs: 5_000,
      },
      {
        name: 'beta-crm',
        tenant: 'beta',
        transport: { type: 'streamable-http', url: 'http://127.0.0.1:2/mcp' },
      },
      {
        name: 'reviewed',
        toolCatalog: 'closed',
        transport: { type: 'streamable-http', url: 'http://127.0.0.1:3/mcp' },
      },
      {
        name: 'off',
        enabled: false,
        transport: { type: 'streamable-http', url: 'http://127.0.0.1:4/mcp' },
      },
    ],
    tenants: [
      {
        id: 'alpha',
        name: 'Alpha',
        rateLimit: { points: 100, windowSeconds: 10 },
        clientRateLimit: { points: 10, windowSeconds: 1 },
        maxConcurrentCalls: 8,
        dailyCallBudget: 1000,
        dailyCostBudget: 50,
        redisFailMode: 'closed',
        toolAccess: { block: ['shared__forbidden*'] },
      },
      { id: 'beta', name: 'Beta' },
    ],
    clients: [
      {
        id: 'alpha-app',
        tenant: 'alpha',
        name: 'Alpha app',
        scopes: ['search.read', 'crm.write'],
        apiKeys: [{ id: 'k1', sha256: sha256Hex(KEY_A) }],
      },
      {
        id: 'alpha-ro',
        tenant: 'alpha',
        name: 'Alpha read-only',
        scopes: ['search.read'],
        rateLimit: { points: 3, windowSeconds: 1 },
        toolAccess: { allow: ['shared__search', 'shared__echo'] },
        apiKeys: [
          { id: 'k2', sha256: sha256Hex(KEY_A_READONLY) },
          { id: 'k-old', sha256: sha256Hex(KEY_EXPIRED), expiresAt: '2026-01-01T00:00:00Z' },
        ],
      },
      {
        id: 'beta-app',
        tenant: 'beta',
        name: 'Beta app',
        scopes: ['crm.write'],
        apiKeys: [{ id: 'k3', sha256: sha256Hex(KEY_B) }],
      },
      {
        id: 'alpha-off',
        tenant: 'alpha',
        name: 'Disabled',
        enabled: false,
        apiKeys: [{ id: 'k4', sha256: sha256Hex(KEY_DISABLED) }],
      },
    ],
    tools: [
      {
        upstream: 'shared',
        name: 'search',
        requiredScopes: ['search.read'],
        cost: 2,
        inputSchema: {
          $schema: 'https://json-schema.org/draft/2020-12/schema',
          type: 'object',
          properties: {
            query: { type: 'string' },
            limit: { type: 'integer' },
            since: { type: 'string', format: 'date-time' },
            region: { type: 'string' },
            tags: { type: 'array', items: { type: 'string' } },
          },
          required: ['query'],
          additionalProperties: false,
        },
        rules: [
          { kind: 'required', argument: 'limit' },
          { kind: 'range', argument: 'limit', min: 1, max: 100 },
          { kind: 'dateRange', argument: 'since', notBefore: '-P30D', notAfter: 'P0D' },
          { kind: 'pattern', argument: 'query', pattern: '^[^;]*$', id: 'no-semicolons' },
          { kind: 'enum', argument: 'region', values: ['eu', 'us'] },
          { kind: 'blocklist', argument: 'tags', values: ['secret'] },
          { kind: 'maxLength', argument: 'query', max: 20 },
        ],
        limits: {
          maxArgumentBytes: 300,
          maxConcurrency: 2,
          maxQueueDepth: 3,
          timeoutMs: 1_000,
          rateLimit: { points: 5, windowSeconds: 1 },
        },
        breaker: { failureThreshold: 5, openMs: 1_000 },
      },
      {
        upstream: 'shared',
        name: 'legacy',
        inputSchema: {
          $schema: 'http://json-schema.org/draft-07/schema#',
          type: 'object',
          properties: { n: { type: 'number', maximum: 3 } },
        },
      },
      { upstream: 'shared', name: 'disabled', enabled: false },
      { upstream: 'beta-crm', name: 'export', requiredScopes: ['crm.write'] },
      { upstream: 'reviewed', name: 'ok' },
    ],
    ...extra,
  };
}

export function fixturePolicy(extra: Partial<GatewayConfigInput> = {}): CompiledPolicy {
  return compilePolicy(gatewayConfigSchema.parse(fixtureConfig(extra)));
}
