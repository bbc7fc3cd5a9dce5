import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startToolsServer, type ToolsServer } from './fixtures/tools-server.js';
import { writeGatewayConfig, type GatewayNode } from './support/gateway-node.js';
import { callTool, errorOf, limitsConfig, metricsText, outcomeOf } from './support/limits-bed.js';
import { pollUntil } from './support/poll.js';
import { openRawSession, type RawSession } from './support/raw-mcp.js';
import { TestBed } from './support/test-bed.js';

const DEADLINE_MS = 600;
const OPEN_MS = 1_500;

describe('deadlines and circuit breakers', () => {
  const bed = new TestBed();
  let tools: ToolsServer;
  let node: GatewayNode;
  let session: RawSession;

  beforeAll(async () => {
    tools = await startToolsServer();
    const dir = await bed.tempDir('limits-breaker');
    const path = dir.file('gateway.yaml');
    await writeGatewayConfig(
      path,
      limitsConfig({
        upstreamUrl: tools.url,
        tenant: { id: 'acme', name: 'Acme' },
        tools: [
          {
            upstream: 'tools',
            name: 'hang',
            limits: { timeoutMs: DEADLINE_MS },
            breaker: { failureThreshold: 5, openMs: OPEN_MS },
          },
          { upstream: 'tools', name: 'flaky', breaker: { failureThreshold: 5, openMs: OPEN_MS } },
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

  it('a hanging tool: the caller gets a timeout at the deadline, the upstream the cancellation', async () => {
    tools.reset();
    const started = Date.now();
    const response = await callTool(node.url, session, 'tools__hang');
    const elapsed = Date.now() - started;
    console.log(`hang answered after ${elapsed} ms (deadline ${DEADLINE_MS} ms)`);
    expect(elapsed).toBeGreaterThanOrEqual(DEADLINE_MS - 20);
    expect(elapsed).toBeLessThan(DEADLINE_MS + 1_500);
    const error = errorOf(response);
    expect(error.code).toBe(-32011);
    expect(error.message).toContain(
      'upstream "tools" did not answer in 600 ms, the deadline of tool "tools__hang"',
    );
    expect(error.data).toEqual({ upstream: 'tools' });
    const [received] = tools.received();
    expect(received?.name).toBe('hang');
    await pollUntil(async () => (tools.cancelled().length > 0 ? true : undefined), {
      what: 'the upstream received notifications/cancelled',
      timeoutMs: 5_000,
      intervalMs: 20,
    });
    expect(tools.cancelled()).toEqual([received?.requestId]);
    expect(tools.cancellations()[0]?.reason).toContain('deadline');
    await pollUntil(async () => (tools.inFlight() === 0 ? true : undefined), {
      what: 'the hanging handler ended upstream',
      timeoutMs: 5_000,
      intervalMs: 20,
    });
  });

  it('4 more timeouts open the breaker, and calls fail fast without reaching the upstream', async () => {
    tools.reset();
    // One timeout above plus four now: five consecutive failures.
    const timeouts = await Promise.all(
      Array.from({ length: 4 }, () => callTool(node.url, session, 'tools__hang')),
    );
    expect(timeouts.map((r) => errorOf(r).code)).toEqual([-32011, -32011, -32011, -32011]);
    const started = Date.now();
    const fast = await callTool(node.url, session, 'tools__hang');
    expect(Date.now() - started).toBeLessThan(300);
    expect(fast.status).toBe(503);
    expect(Number(fast.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(errorOf(fast).data).toMatchObject({ reason: 'circuit_open', limit: 'circuit_breaker' });
    expect(errorOf(fast).message).toContain('tools__hang');
    expect(tools.received()).toHaveLength(4);
    expect(await metricsText(node.origin)).toMatch(
      /circuit_breaker_state\{upstream="tools",tool="hang"\} 1/,
    );
  });

  it('flaky: 5 failures open it, it fails fast, after openMs one probe succeeds and closes it', async () => {
    tools.reset();
    tools.setFailing(true);
    for (let attempt = 0; attempt < 5; attempt += 1) {
      const failed = await callTool(node.url, session, 'tools__flaky');
      expect(outcomeOf(failed)).toBe('error');
      expect(errorOf(failed).message).toContain('flaky is failing');
    }
    const fast = await callTool(node.url, session, 'tools__flaky');
    expect(fast.status).toBe(503);
    expect(errorOf(fast).data).toMatchObject({ reason: 'circuit_open' });
    expect(tools.received()).toHaveLength(5);
    expect(await metricsText(node.origin)).toMatch(
      /circuit_breaker_state\{upstream="tools",tool="flaky"\} 1/,
    );
    tools.setFailing(false);
    await sleep(OPEN_MS + 100);
    expect(await metricsText(node.origin)).toMatch(
      /circuit_breaker_state\{upstream="tools",tool="flaky"\} 2/,
    );
    const probe = await callTool(node.url, session, 'tools__flaky');
    expect(outcomeOf(probe)).toBe('ok');
    expect(await metricsText(node.origin)).toMatch(
      /circuit_breaker_state\{upstream="tools",tool="flaky"\} 0/,
    );
    const after = await Promise.all(
      Array.from({ length: 3 }, () => callTool(node.url, session, 'tools__flaky')),
    );
    expect(after.map(outcomeOf)).toEqual(['ok', 'ok', 'ok']);
    expect(await metricsText(node.origin)).toMatch(
      /calls_rejected_total\{tenant="acme",reason="circuit_open"\} 2/,
    );
  });

  it('a failed probe opens it again', async () => {
    tools.reset();
    tools.setFailing(true);
    for (let attempt = 0; attempt < 5; attempt += 1)
      await callTool(node.url, session, 'tools__flaky');
    await sleep(OPEN_MS + 100);
    expect(outcomeOf(await callTool(node.url, session, 'tools__flaky'))).toBe('error');
    const fast = await callTool(node.url, session, 'tools__flaky');
    expect(errorOf(fast).data).toMatchObject({ reason: 'circuit_open' });
    expect(tools.received()).toHaveLength(6);
    tools.setFailing(false);
  });
});
