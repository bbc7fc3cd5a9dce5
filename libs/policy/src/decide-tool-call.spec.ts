import { describe, expect, it } from 'vitest';
import { KEY_A, KEY_A_READONLY, KEY_B, fixturePolicy } from '../test/policy-fixture.js';
import { authenticateApiKey } from './authenticate.js';
import type { CompiledPolicy } from './compiled-policy.js';
import { decideToolCall } from './decide-tool-call.js';
import type { CallerIdentity, PolicyDecision } from './policy-types.js';
import { canSeeTool, canSeeUpstream } from './visibility.js';

const NOW = Date.parse('2026-11-25T12:00:00Z');
const policy = fixturePolicy();

function who(key: string, on: CompiledPolicy = policy): CallerIdentity {
  const result = authenticateApiKey(on, key, NOW);
  if (!result.ok) throw new Error(result.refusal.message);
  return result.identity;
}

const alpha = who(KEY_A);
const alphaReadOnly = who(KEY_A_READONLY);
const beta = who(KEY_B);
const goodSearch = {
  query: 'cats',
  limit: 10,
  since: '2026-11-20T00:00:00Z',
  region: 'eu',
  tags: ['x'],
};

function decide(identity: CallerIdentity, name: string, args: unknown = {}): PolicyDecision {
  return decideToolCall(policy, identity, { name, arguments: args }, NOW);
}

describe('decideToolCall: resolving and authorising', () => {
  it('allows a valid call with the limits resolved from tenant, client and tool', () => {
    const decision = decide(alpha, 'shared__search', goodSearch);
    expect(decision).toMatchObject({
      allowed: true,
      upstream: 'shared',
      tool: 'search',
      qualifiedName: 'shared__search',
    });
    if (!decision.allowed) return;
    expect(decision.limits).toEqual({
      tenantRateLimit: { points: 100, windowSeconds: 10 },
      clientRateLimit: { points: 10, windowSeconds: 1 },
      toolRateLimit: { points: 5, windowSeconds: 1 },
      redisFailMode: 'closed',
      tenantMaxConcurrentCalls: 8,
      maxConcurrency: 2,
      maxQueueDepth: 3,
      timeoutMs: 1_000,
      breaker: { failureThreshold: 5, openMs: 1_000 },
      dailyCallBudget: 1000,
      dailyCostBudget: 50,
      cost: 2,
    });
    expect(decision.trail.map((step) => `${step.rule}:${step.outcome}`)).toEqual([
      'tool:pass',
      'catalog:pass',
      'tenant-access:pass',
      'client-access:skip',
      'scopes:pass',
      'max-argument-bytes:pass',
      'schema:pass',
      'required:limit:pass',
      'range:limit:pass',
      'dateRange:since:pass',
      'no-semicolons:pass',
      'enum:region:pass',
      'blocklist:tags:pass',
      'maxLength:query:pass',
      'limits:pass',
    ]);
  });

  it("prefers the client's own rate limit and the upstream's timeout for tools without limits", () => {
    const decision = decide(alphaReadOnly, 'shared__echo');
    expect(decision).toMatchObject({
      allowed: true,
      tool: 'echo',
      limits: {
        clientRateLimit: { points: 3, windowSeconds: 1 },
        timeoutMs: 5_000,
        cost: 1,
        maxQueueDepth: 0,
      },
    });
    const betaDecision = decide(beta, 'shared__echo');
    expect(betaDecision).toMatchObject({ allowed: true, limits: { redisFailMode: 'open' } });
    if (betaDecision.allowed) expect(betaDecision.limits.tenantRateLimit).toBeUndefined();
  });

  it("answers another tenant's tool exactly like a tool that does not exist", () => {
    const foreign = decide(alpha, 'beta-crm__export');
    const missing = decide(alpha, 'nothing__here');
    expect(foreign).toMatchObject({
      allowed: false,
      reason: 'tool_unknown',
      message: 'Unknown tool: beta-crm__export',
    });
    expect(missing).toMatchObject({
      allowed: false,
      reason: 'tool_unknown',
      message: 'Unknown tool: nothing__here',
    });
    if (foreign.allowed || missing.allowed) return;
    expect(foreign.trail).toEqual([{ ...missing.trail[0], detail: foreign.trail[0]?.detail }]);
    expect(decide(beta, 'beta-crm__export')).toMatchObject({ allowed: true, upstream: 'beta-crm' });
  });

  it('refuses disabled, unreviewed (closed catalog) and disabled-upstream tools as unknown', () => {
    expect(decide(alpha, 'shared__disabled')).toMatchObject({
      allowed: false,
      reason: 'tool_disabled',
      message: 'Unknown tool: shared__disabled',
    });
    expect(decide(alpha, 'reviewed__other')).toMatchObject({
      allowed: false,
      reason: 'tool_disabled',
    });
    expect(decide(alpha, 'reviewed__ok')).toMatchObject({ allowed: true });
    expect(decide(alpha, 'off__anything')).toMatchObject({
      allowed: false,
      reason: 'tool_unknown',
    });
  });

  it('applies tenant blocklists and client allowlists by qualified name', () => {
    expect(decide(alpha, 'shared__forbidden-thing')).toMatchObject({
      allowed: false,
      reason: 'tool_not_allowed',
      rule: 'tenant-access',
    });
    expect(decide(alphaReadOnly, 'shared__other')).toMatchObject({
      allowed: false,
      reason: 'tool_not_allowed',
      rule: 'client-access',
    });
  });

  it('names the missing scopes', () => {
    const decision = decide(beta, 'shared__search', goodSearch);
    expect(decision).toMatchObject({
      allowed: false,
      reason: 'insufficient_scope',
      rule: 'scope:search.read',
      missingScopes: ['search.read'],
    });
    if (!decision.allowed) expect(decision.message).toContain('search.read');
  });

  it('refuses a tenant the snapshot no longer has', () => {
    expect(decide({ ...alpha, tenant: 'gone' }, 'shared__search', goodSearch)).toMatchObject({
      allowed: false,
      reason: 'tenant_unknown',
    });
  });
});

describe('decideToolCall: arguments', () => {
  const refusedBy = (
    args: unknown,
    name = 'shared__search',
  ): { reason: string; rule: string; message: string } => {
    const decision = decide(alpha, name, args);
    if (decision.allowed) throw new Error('expected a refusal');
    return decision;
  };

  it('caps the size of the arguments', () => {
    const big = refusedBy({ ...goodSearch, query: 'x'.repeat(400) });
    expect(big).toMatchObject({ reason: 'arguments_too_large', rule: 'max-argument-bytes' });
    expect(big.message).toContain('300');
    expect(
      decideToolCall(
        policy,
        alpha,
        { name: 'shared__search', arguments: goodSearch, argumentBytes: 301 },
        NOW,
      ),
    ).toMatchObject({ reason: 'arguments_too_large' });
  });

  it('validates against the JSON Schema and names the path', () => {
    expect(refusedBy({ limit: 5 })).toMatchObject({ reason: 'arguments_invalid', rule: 'schema' });
    expect(refusedBy({ limit: 5 }).message).toContain('query is required');
    expect(refusedBy({ ...goodSearch, limit: 'ten' }).message).toContain('limit must be integer');
    expect(refusedBy({ ...goodSearch, extra: 1 }).message).toContain(
      'extra is not a known argument',
    );
    expect(refusedBy({ ...goodSearch, since: 'yesterday' }).message).toContain(
      'since must match format "date-time"',
    );
  });

  it('understands draft-07 schemas by their $schema', () => {
    expect(decide(alpha, 'shared__legacy', { n: 2 })).toMatchObject({ allowed: true });
    expect(refusedBy({ n: 4 }, 'shared__legacy').message).toContain('n must be <= 3');
  });

  it('applies each semantic rule and says what to change', () => {
    const { limit: _limit, ...noLimit } = goodSearch;
    expect(refusedBy(noLimit)).toMatchObject({ reason: 'argument_rule', rule: 'required:limit' });
    const high = refusedBy({ ...goodSearch, limit: 500 });
    expect(high).toMatchObject({ rule: 'range:limit' });
    expect(high.message).toContain('at most 100');
    const old = refusedBy({ ...goodSearch, since: '2026-01-01T00:00:00Z' });
    expect(old).toMatchObject({ rule: 'dateRange:since' });
    expect(old.message).toContain('2026-10-26T12:00:00.000Z or later');
    expect(refusedBy({ ...goodSearch, since: '2026-12-01T00:00:00Z' }).message).toContain(
      'or earlier',
    );
    expect(refusedBy({ ...goodSearch, query: 'a;b' })).toMatchObject({ rule: 'no-semicolons' });
    expect(refusedBy({ ...goodSearch, region: 'apac' })).toMatchObject({ rule: 'enum:region' });
    expect(refusedBy({ ...goodSearch, tags: ['ok', 'secret'] })).toMatchObject({
      rule: 'blocklist:tags',
    });
    expect(refusedBy({ ...goodSearch, query: 'q'.repeat(21) })).toMatchObject({
      rule: 'maxLength:query',
    });
  });
});

describe('visibility', () => {
  it('shows a tenant the shared upstreams and its own only', () => {
    expect(canSeeUpstream(policy, alpha, 'shared')).toBe(true);
    expect(canSeeUpstream(policy, alpha, 'beta-crm')).toBe(false);
    expect(canSeeUpstream(policy, beta, 'beta-crm')).toBe(true);
    expect(canSeeUpstream(policy, beta, 'off')).toBe(false);
  });

  it('shows a client only the tools it may call', () => {
    expect(canSeeTool(policy, alpha, 'shared', 'search')).toBe(true);
    expect(canSeeTool(policy, beta, 'shared', 'search')).toBe(false);
    expect(canSeeTool(policy, alpha, 'shared', 'disabled')).toBe(false);
    expect(canSeeTool(policy, alpha, 'shared', 'forbidden-x')).toBe(false);
    expect(canSeeTool(policy, alphaReadOnly, 'shared', 'other')).toBe(false);
    expect(canSeeTool(policy, alpha, 'reviewed', 'ok')).toBe(true);
    expect(canSeeTool(policy, alpha, 'reviewed', 'unreviewed')).toBe(false);
    expect(canSeeTool(policy, alpha, 'beta-crm', 'export')).toBe(false);
  });

  it('records schemas that do not compile and refuses their tool', () => {
    const broken = fixturePolicy({
      tools: [{ upstream: 'shared', name: 'bad', inputSchema: { type: 'nonsense' } }],
    });
    expect(broken.problems).toHaveLength(1);
    const badRule = fixturePolicy({
      tools: [
        {
          upstream: 'shared',
          name: 'x',
          rules: [{ kind: 'pattern', argument: 'q', pattern: '(' }],
        },
      ],
    });
    expect(badRule.problems).toEqual([
      'tool "x" of "shared": rule "pattern:q" the pattern is not a valid regular expression',
    ]);
    expect(
      decideToolCall(badRule, alpha, { name: 'shared__x', arguments: { q: 'a' } }, NOW),
    ).toMatchObject({
      allowed: false,
      rule: 'pattern:q',
    });
    expect(
      decideToolCall(broken, alpha, { name: 'shared__bad', arguments: {} }, NOW),
    ).toMatchObject({ allowed: false, reason: 'arguments_invalid', rule: 'schema' });
  });
});
