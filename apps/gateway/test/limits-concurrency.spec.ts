import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request } from 'undici';
import { startToolsServer, type ToolsServer } from './fixtures/tools-server.js';
import { writeGatewayConfig, type GatewayNode } from './support/gateway-node.js';
import { callTool, errorOf, limitsConfig, metricsText, outcomeOf } from './support/limits-bed.js';
import { pollUntil } from './support/poll.js';
import { openRawSession, type RawSession } from './support/raw-mcp.js';
import { TestBed } from './support/test-bed.js';

describe('concurrency caps with a bounded wait queue', () => {
  const bed = new TestBed();
  let tools: ToolsServer;
  let node: GatewayNode;
  let session: RawSession;

  beforeAll(async () => {
    tools = await startToolsServer();
    const dir = await bed.tempDir('limits-concurrency');
    const path = dir.file('gateway.yaml');
    await writeGatewayConfig(
      path,
      limitsConfig({
        upstreamUrl: tools.url,
        tenant: { id: 'acme', name: 'Acme', maxConcurrentCalls: 3 },
        tools: [
          { upstream: 'tools', name: 'slow', limits: { maxConcurrency: 2, maxQueueDepth: 3 } },
          { upstream: 'tools', name: 'hang', limits: { timeoutMs: 1_000 } },
        ],
      }),
    );
    node = await bed.gateway(path);
    session = await openRawSession(node.url);
  });

  afterAll(async () => {
    await bed.teardown();
    await tools.close();
  });

  it('cap 2, queue 3, 10 concurrent slow calls: 5 admitted over time, 5 refused at once', async () => {
    tools.reset();
    const started = Date.now();
    const finishedAt: number[] = [];
    const calls = Array.from({ length: 10 }, async () => {
      const response = await callTool(node.url, session, 'tools__slow', { ms: 700 });
      finishedAt.push(Date.now() - started);
      return { response, at: Date.now() - started };
    });
    // While the first two run, three wait: the queue depth shows on /metrics.
    const depth = await pollUntil(
      async () => {
        const text = await metricsText(node.origin);
        return /concurrency_queue_depth\{tool="tools__slow"\} 3/.test(text) ? text : undefined;
      },
      { what: 'queue depth 3 on /metrics', timeoutMs: 5_000, intervalMs: 50 },
    );
    expect(depth).toContain('concurrency_queue_depth');
    const results = await Promise.all(calls);
    const admitted = results.filter((r) => outcomeOf(r.response) === 'ok');
    const refused = results.filter((r) => outcomeOf(r.response) === 'refused');
    console.log(
      `concurrency: ${admitted.length} admitted at ${admitted.map((r) => r.at).join(', ')} ms; ` +
        `${refused.length} refused at ${refused.map((r) => r.at).join(', ')} ms`,
    );
    expect(admitted).toHaveLength(5);
    expect(refused).toHaveLength(5);
    for (const { response, at } of refused) {
      // "At once": long before the first slow call could have finished.
      expect(at).toBeLessThan(600);
      expect(response.status).toBe(503);
      expect(response.headers['retry-after']).toBe('1');
      const error = errorOf(response);
      expect(error.data).toMatchObject({ reason: 'queue_full', limit: 'tool_queue' });
      expect(error.message).toContain('tools__slow');
      expect(error.message).toContain('concurrency limit of 2');
    }
    // Three rounds of two: the last admitted call ends after about 3 × 700 ms.
    expect(Math.max(...admitted.map((r) => r.at))).toBeGreaterThanOrEqual(2_000);
    expect(tools.maxInFlight()).toBeLessThanOrEqual(2);
    expect(tools.received().filter((call) => call.name === 'slow')).toHaveLength(5);
    const text = await metricsText(node.origin);
    expect(text).toMatch(/calls_rejected_total\{tenant="acme",reason="queue_full"\} 5/);
  });

  it('a waiting call whose client disconnects leaves the queue', async () => {
    tools.reset();
    // Two long calls hold both slots.
    const holder = callTool(node.url, session, 'tools__slow', { ms: 1_200 });
    const holder2 = callTool(node.url, session, 'tools__slow', { ms: 1_200 });
    await pollUntil(async () => (tools.inFlight() === 2 ? true : undefined), {
      what: 'two slow calls in flight',
      timeoutMs: 5_000,
      intervalMs: 20,
    });
    // Fill the queue with three callers that go away.
    const leavers = Array.from({ length: 3 }, (_, index) => {
      const controller = new AbortController();
      const pending = request(node.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          accept: 'application/json, text/event-stream',
          'mcp-session-id': session.sessionId,
          'mcp-protocol-version': session.protocolVersion,
        },
        body: JSON.stringify({
          jsonrpc: '2.0',
          id: `leaver-${index}`,
          method: 'tools/call',
          params: { name: 'tools__slow', arguments: { ms: 10 } },
        }),
        signal: controller.signal,
      }).catch(() => undefined);
      return { controller, pending };
    });
    await pollUntil(
      async () =>
        /concurrency_queue_depth\{tool="tools__slow"\} 3/.test(await metricsText(node.origin))
          ? true
          : undefined,
      { what: 'three waiting', timeoutMs: 5_000, intervalMs: 20 },
    );
    for (const leaver of leavers) leaver.controller.abort();
    await Promise.all(leavers.map((leaver) => leaver.pending));
    await pollUntil(
      async () =>
        /concurrency_queue_depth\{tool="tools__slow"\} 0/.test(await metricsText(node.origin))
          ? true
          : undefined,
      { what: 'the queue emptied by the leavers', timeoutMs: 5_000, intervalMs: 20 },
    );
    // Their places are free again: three new callers wait and are served.
    const stayers = Array.from({ length: 3 }, () =>
      callTool(node.url, session, 'tools__slow', { ms: 10 }),
    );
    const answers = await Promise.all([holder, holder2, ...stayers]);
    expect(answers.map(outcomeOf)).toEqual(['ok', 'ok', 'ok', 'ok', 'ok']);
    // The leavers never reached the upstream.
    expect(tools.received().filter((call) => call.name === 'slow')).toHaveLength(5);
  });

  it("the tenant's cap on calls in flight refuses at once, with 429", async () => {
    tools.reset();
    const held = [
      callTool(node.url, session, 'tools__slow', { ms: 800 }),
      callTool(node.url, session, 'tools__slow', { ms: 800 }),
      callTool(node.url, session, 'tools__hang'),
    ];
    await pollUntil(async () => (tools.inFlight() === 3 ? true : undefined), {
      what: 'three calls in flight',
      timeoutMs: 5_000,
      intervalMs: 20,
    });
    const refused = await callTool(node.url, session, 'tools__echo', { text: 'one too many' });
    expect(refused.status).toBe(429);
    expect(refused.headers['retry-after']).toBe('1');
    expect(errorOf(refused).data).toMatchObject({
      reason: 'concurrency',
      limit: 'tenant_concurrency',
    });
    expect(errorOf(refused).message).toContain('3 tool calls in flight');
    const answers = await Promise.all(held);
    expect(answers.map(outcomeOf)).toEqual(['ok', 'ok', 'error']);
    expect(outcomeOf(await callTool(node.url, session, 'tools__echo', { text: 'now' }))).toBe('ok');
  });
});
