import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startToolsServer, type ToolsServer } from './fixtures/tools-server.js';
import { writeGatewayConfig, type GatewayNode } from './support/gateway-node.js';
import {
  SHARED_REDIS_URL,
  callTool,
  deleteKeys,
  errorOf,
  limitsConfig,
  metricsText,
  outcomeOf,
  testPrefix,
  type TenantInput,
  type ToolInput,
} from './support/limits-bed.js';
import { openRawSession, type RawResponse, type RawSession } from './support/raw-mcp.js';
import { TestBed } from './support/test-bed.js';

function secondsToUtcMidnight(): number {
  const now = Date.now();
  return Math.ceil((86_400_000 - (now % 86_400_000)) / 1000);
}

describe('daily call and cost budgets', () => {
  const bed = new TestBed();
  const prefix = testPrefix('budgets');
  let tools: ToolsServer;

  async function startNode(
    tenant: TenantInput,
    toolPolicies: ToolInput[] = [],
  ): Promise<{ node: GatewayNode; session: RawSession }> {
    const dir = await bed.tempDir(`limits-${tenant.id}`);
    const path = dir.file('gateway.yaml');
    await writeGatewayConfig(
      path,
      limitsConfig({
        upstreamUrl: tools.url,
        tenant,
        tools: toolPolicies,
        redis: { url: SHARED_REDIS_URL, keyPrefix: prefix },
      }),
    );
    const node = await bed.gateway(path);
    return { node, session: await openRawSession(node.url) };
  }

  beforeAll(async () => {
    tools = await startToolsServer();
  });

  afterAll(async () => {
    await bed.teardown();
    await tools.close();
    await deleteKeys(SHARED_REDIS_URL, prefix);
  });

  it('refuses calls past the daily call budget until midnight UTC, and counts it on /metrics', async () => {
    tools.reset();
    const { node, session } = await startNode({
      id: 'calls-co',
      name: 'Calls',
      dailyCallBudget: 3,
    });
    const answers: RawResponse[] = [];
    for (let index = 0; index < 4; index += 1)
      answers.push(await callTool(node.url, session, 'tools__echo', { text: String(index) }));
    expect(answers.map(outcomeOf)).toEqual(['ok', 'ok', 'ok', 'refused']);
    const refused = answers[3] as RawResponse;
    expect(refused.status).toBe(429);
    const retryAfter = Number(refused.headers['retry-after']);
    expect(Math.abs(retryAfter - secondsToUtcMidnight())).toBeLessThanOrEqual(5);
    const error = errorOf(refused);
    expect(error.data).toMatchObject({ reason: 'budget_exceeded', limit: 'daily_call_budget' });
    expect(error.message).toContain('daily call budget of 3 calls');
    expect(error.message).toContain('resets at 00:00 UTC');
    expect(tools.received()).toHaveLength(3);
    const text = await metricsText(node.origin);
    expect(text).toMatch(/budget_exceeded_total\{tenant="calls-co",budget_type="calls"\} 1/);
    expect(text).toMatch(/calls_rejected_total\{tenant="calls-co",reason="budget_exceeded"\} 1/);
    const redis = new Redis(SHARED_REDIS_URL);
    try {
      const day = new Date().toISOString().slice(0, 10);
      const key = `${prefix}budget:calls-co:calls:${day}`;
      expect(await redis.get(key)).toBe('3');
      const ttl = await redis.ttl(key);
      expect(ttl).toBeGreaterThan(0);
      expect(ttl).toBeLessThanOrEqual(2 * 86_400);
    } finally {
      redis.disconnect();
    }
  });

  it('charges each call its catalog cost against the daily cost budget', async () => {
    tools.reset();
    const { node, session } = await startNode(
      { id: 'cost-co', name: 'Cost', dailyCostBudget: 10 },
      [{ upstream: 'tools', name: 'search', cost: 4 }],
    );
    const search = (): Promise<RawResponse> =>
      callTool(node.url, session, 'tools__search', { query: 'q' });
    const echo = (): Promise<RawResponse> =>
      callTool(node.url, session, 'tools__echo', { text: 'e' });
    expect(outcomeOf(await search())).toBe('ok'); // 4
    expect(outcomeOf(await search())).toBe('ok'); // 8
    const tooDear = await search(); // 12 > 10
    expect(outcomeOf(tooDear)).toBe('refused');
    expect(errorOf(tooDear).data).toMatchObject({ limit: 'daily_cost_budget' });
    expect(errorOf(tooDear).message).toContain('daily cost budget of 10');
    expect(errorOf(tooDear).message).toContain('this tool costs 4');
    expect(outcomeOf(await echo())).toBe('ok'); // 9: cheaper tools still fit
    expect(outcomeOf(await echo())).toBe('ok'); // 10
    expect(outcomeOf(await echo())).toBe('refused'); // 11 > 10
    expect(tools.received().map((call) => call.name)).toEqual(['search', 'search', 'echo', 'echo']);
    const text = await metricsText(node.origin);
    expect(text).toMatch(/budget_exceeded_total\{tenant="cost-co",budget_type="cost"\} 2/);
    expect(text).not.toContain('tenant="calls-co"');
  });
});
