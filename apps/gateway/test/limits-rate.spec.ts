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
} from './support/limits-bed.js';
import { openRawSession, type RawResponse, type RawSession } from './support/raw-mcp.js';
import { TestBed } from './support/test-bed.js';

/** Runs `tasks` with at most `width` in flight. */
async function pool<T>(tasks: (() => Promise<T>)[], width: number): Promise<T[]> {
  const results: T[] = new Array<T>(tasks.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < tasks.length) {
        const index = next;
        next += 1;
        results[index] = await (tasks[index] as () => Promise<T>)();
      }
    }),
  );
  return results;
}

describe('rate limits shared across nodes through Redis', () => {
  const bed = new TestBed();
  const prefix = testPrefix('rate');
  let tools: ToolsServer;
  const nodes: { node: GatewayNode; session: RawSession }[] = [];

  beforeAll(async () => {
    tools = await startToolsServer();
    const dir = await bed.tempDir('limits-rate');
    const path = dir.file('gateway.yaml');
    await writeGatewayConfig(
      path,
      limitsConfig({
        upstreamUrl: tools.url,
        tenant: { id: 'acme', name: 'Acme', rateLimit: { points: 100, windowSeconds: 10 } },
        tools: [
          {
            upstream: 'tools',
            name: 'search',
            limits: { rateLimit: { points: 2, windowSeconds: 60 } },
          },
        ],
        redis: { url: SHARED_REDIS_URL, keyPrefix: prefix },
      }),
    );
    for (let index = 0; index < 3; index += 1) {
      const node = await bed.gateway(path);
      nodes.push({ node, session: await openRawSession(node.url) });
    }
  });

  afterAll(async () => {
    await bed.teardown();
    await tools.close();
    await deleteKeys(SHARED_REDIS_URL, prefix);
  });

  it('3 nodes, 100 calls per 10 s, a burst of 600 spread over the nodes: 100 to 105 admitted', async () => {
    tools.reset();
    const started = Date.now();
    const tasks = Array.from({ length: 600 }, (_, index) => () => {
      const { node, session } = nodes[index % 3] as (typeof nodes)[number];
      return callTool(node.url, session, 'tools__echo', { text: String(index) });
    });
    const responses: RawResponse[] = await pool(tasks, 60);
    const elapsed = Date.now() - started;
    const admitted = responses.filter((r) => outcomeOf(r) === 'ok').length;
    const refused = responses.filter((r) => outcomeOf(r) === 'refused');
    console.log(
      `rate-limit accuracy: ${admitted} of 600 admitted across 3 nodes in ${elapsed} ms (limit 100 per 10 s); ${refused.length} refused`,
    );
    expect(elapsed).toBeLessThan(10_000);
    expect(admitted).toBeGreaterThanOrEqual(100);
    expect(admitted).toBeLessThanOrEqual(105);
    expect(admitted + refused.length).toBe(600);
    expect(tools.received()).toHaveLength(admitted);
    const sample = refused[0] as RawResponse;
    expect(sample.status).toBe(429);
    const retryAfter = Number(sample.headers['retry-after']);
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(10);
    const error = errorOf(sample);
    expect(error.data).toMatchObject({ reason: 'rate_limited', limit: 'tenant_rate_limit' });
    expect(error.message).toContain('your tenant allows 100 calls per 10 s');
    // Each node counts the refusals it made; together, all of them.
    let counted = 0;
    for (const { node } of nodes) {
      const match = /rate_limited_total\{tenant="acme"\} (\d+)/.exec(
        await metricsText(node.origin),
      );
      counted += Number(match?.[1] ?? 0);
    }
    expect(counted).toBe(refused.length);
  });

  it('a per-client+tool limit refuses with its own name; every key is under the tenant', async () => {
    // The tenant's window is spent from the burst above only if it is still open: use a fresh
    // tool limit and expect it to be the one that refuses when the tenant still has room.
    const redis = new Redis(SHARED_REDIS_URL);
    try {
      await redis.del(`${prefix}rl:acme:t`);
      const { node, session } = nodes[0] as (typeof nodes)[number];
      const answers = [];
      for (let index = 0; index < 3; index += 1)
        answers.push(await callTool(node.url, session, 'tools__search', { query: 'q' }));
      expect(answers.slice(0, 2).map(outcomeOf)).toEqual(['ok', 'ok']);
      const refused = answers[2] as RawResponse;
      expect(refused.status).toBe(429);
      expect(errorOf(refused).data).toMatchObject({ limit: 'tool_rate_limit' });
      expect(errorOf(refused).message).toContain('2 calls per 60 s');
      const keys = await redis.keys(`${prefix}*`);
      expect(keys.length).toBeGreaterThan(0);
      for (const key of keys) expect(key.startsWith(`${prefix}rl:acme:`)).toBe(true);
      expect(keys).toContain(`${prefix}rl:acme:ct:anonymous:tools/search`);
    } finally {
      redis.disconnect();
    }
  });
});
