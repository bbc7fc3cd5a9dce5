import { Redis } from 'ioredis';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startToolsServer, type ToolsServer } from './fixtures/tools-server.js';
import { writeGatewayConfig, type GatewayNode } from './support/gateway-node.js';
import {
  OwnRedis,
  callTool,
  errorOf,
  limitsConfig,
  outcomeOf,
  testPrefix,
  type TenantInput,
} from './support/limits-bed.js';
import { pollUntil } from './support/poll.js';
import { openRawSession, type RawResponse, type RawSession } from './support/raw-mcp.js';
import { TestBed } from './support/test-bed.js';

const LIMIT = 20;

describe('Redis unreachable mid-run: each tenant fails open or closed; Redis back resumes sharing', () => {
  const bed = new TestBed();
  const prefix = testPrefix('redis-down');
  let tools: ToolsServer;
  let redis: OwnRedis;
  let open: { node: GatewayNode; session: RawSession };
  let closed: { node: GatewayNode; session: RawSession };

  async function startNode(
    tenant: TenantInput,
  ): Promise<{ node: GatewayNode; session: RawSession }> {
    const dir = await bed.tempDir(`limits-${tenant.id}`);
    const path = dir.file('gateway.yaml');
    await writeGatewayConfig(
      path,
      limitsConfig({
        upstreamUrl: tools.url,
        tenant,
        redis: { url: redis.url, keyPrefix: prefix },
      }),
    );
    const node = await bed.gateway(path);
    return { node, session: await openRawSession(node.url) };
  }

  async function calls(
    target: { node: GatewayNode; session: RawSession },
    count: number,
  ): Promise<RawResponse[]> {
    const out: RawResponse[] = [];
    for (let index = 0; index < count; index += 1)
      out.push(await callTool(target.node.url, target.session, 'tools__echo', { text: 'x' }));
    return out;
  }

  async function healthz(node: GatewayNode): Promise<number> {
    const response = await request(`${node.origin}/healthz`);
    await response.body.dump();
    return response.statusCode;
  }

  beforeAll(async () => {
    tools = await startToolsServer();
    redis = await OwnRedis.start();
    const rateLimit = { points: LIMIT, windowSeconds: 60 };
    open = await startNode({ id: 'open-co', name: 'Open', rateLimit, redisFailMode: 'open' });
    closed = await startNode({
      id: 'closed-co',
      name: 'Closed',
      rateLimit,
      redisFailMode: 'closed',
    });
  });

  afterAll(async () => {
    await bed.teardown();
    await tools.close();
    await redis.stop();
  });

  it('serves both tenants from the shared counters while Redis is up', async () => {
    expect((await calls(open, 3)).map(outcomeOf)).toEqual(['ok', 'ok', 'ok']);
    expect((await calls(closed, 3)).map(outcomeOf)).toEqual(['ok', 'ok', 'ok']);
    const client = new Redis(redis.url);
    try {
      expect(await client.get(`${prefix}rl:open-co:t`)).toBe('3');
      expect(await client.get(`${prefix}rl:closed-co:t`)).toBe('3');
    } finally {
      client.disconnect();
    }
  });

  it('Redis stopped: fail-open keeps serving with a node-local limit of the same size, fail-closed gets 503', async () => {
    await redis.stop();
    const started = Date.now();
    const openAnswers = await calls(open, LIMIT + 5);
    const outcomes = openAnswers.map(outcomeOf);
    console.log(
      `redis down: fail-open tenant ${outcomes.filter((o) => o === 'ok').length} served, ` +
        `${outcomes.filter((o) => o === 'refused').length} refused by the local limit in ${Date.now() - started} ms`,
    );
    // The local limiter counts from zero: LIMIT served, the rest refused by the same-size limit.
    expect(outcomes.slice(0, LIMIT)).toEqual(new Array(LIMIT).fill('ok'));
    expect(outcomes.slice(LIMIT)).toEqual(new Array(5).fill('refused'));
    expect(errorOf(openAnswers[LIMIT] as RawResponse).data).toMatchObject({
      limit: 'tenant_rate_limit',
    });
    const refused = await callTool(closed.node.url, closed.session, 'tools__echo', { text: 'x' });
    expect(refused.status).toBe(503);
    expect(refused.headers['retry-after']).toBe('2');
    const error = errorOf(refused);
    expect(error.data).toMatchObject({
      reason: 'limits_unavailable',
      limit: 'shared_limits_unavailable',
    });
    expect(error.message).toContain('fail closed');
    expect(await healthz(open.node)).toBe(200);
    expect(await healthz(closed.node)).toBe(200);
  });

  it('Redis back: shared limiting resumes on both nodes without a restart', async () => {
    await redis.start();
    // ioredis reconnects with a short backoff; the fail-closed tenant is served again then.
    await pollUntil(
      async () => {
        const answer = await callTool(closed.node.url, closed.session, 'tools__echo', {
          text: 'y',
        });
        return outcomeOf(answer) === 'ok' ? true : undefined;
      },
      { what: 'the fail-closed tenant served again', timeoutMs: 15_000, intervalMs: 200 },
    );
    expect((await calls(open, 2)).map(outcomeOf)).toEqual(['ok', 'ok']);
    const client = new Redis(redis.url);
    try {
      // A fresh Redis (nothing persisted): the counters are back there, counting again.
      expect(await client.get(`${prefix}rl:open-co:t`)).toBe('2');
      expect(Number(await client.get(`${prefix}rl:closed-co:t`))).toBeGreaterThanOrEqual(1);
    } finally {
      client.disconnect();
    }
  });
});
