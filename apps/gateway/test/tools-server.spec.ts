import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startToolsServer, type ToolsServer } from './fixtures/tools-server.js';
import {
  connectClient,
  failureOf,
  resultText,
  type ConnectedClient,
} from './support/mcp-client.js';
import { pollUntil } from './support/poll.js';

describe('tools server fixture', () => {
  let server: ToolsServer;
  let connected: ConnectedClient;

  beforeAll(async () => {
    server = await startToolsServer();
    connected = await connectClient(server.url);
  });

  afterAll(async () => {
    await connected.close();
    await server.close();
  });

  it('lists its tools and records the calls it receives', async () => {
    const { tools } = await connected.client.listTools();
    expect(tools.map((tool) => tool.name).sort()).toEqual(
      ['echo', 'fail', 'flaky', 'hang', 'search', 'slow'].sort(),
    );
    const echoed = await connected.client.callTool({ name: 'echo', arguments: { text: 'hi' } });
    expect(resultText(echoed)).toBe('echo: hi');
    const searched = await connected.client.callTool({
      name: 'search',
      arguments: { query: 'q', limit: 5 },
    });
    expect(JSON.parse(resultText(searched))).toEqual({ query: 'q', limit: 5 });
    expect(server.received().map((call) => call.name)).toEqual(['echo', 'search']);
    expect(server.received()[1]?.arguments).toEqual({ query: 'q', limit: 5 });
  });

  it('fails with a JSON-RPC error, and flaky follows its switch', async () => {
    const failed = await failureOf(
      connected.client.callTool({ name: 'fail', arguments: { message: 'boom' } }),
    );
    expect(failed.message).toContain('boom');
    server.setFailing(true);
    await failureOf(connected.client.callTool({ name: 'flaky', arguments: {} }));
    server.setFailing(false);
    expect(resultText(await connected.client.callTool({ name: 'flaky', arguments: {} }))).toBe(
      'flaky: ok',
    );
  });

  it('records the cancellation of a hanging call', async () => {
    server.reset();
    const controller = new AbortController();
    const call = connected.client.callTool({ name: 'hang', arguments: {} }, undefined, {
      signal: controller.signal,
    });
    await pollUntil(async () => (server.inFlight() === 1 ? true : undefined), {
      what: 'hang in flight',
      timeoutMs: 5_000,
      intervalMs: 20,
    });
    controller.abort('enough');
    await expect(call).rejects.toThrow();
    await pollUntil(async () => (server.cancelled().length === 1 ? true : undefined), {
      what: 'cancellation recorded',
      timeoutMs: 5_000,
      intervalMs: 20,
    });
    expect(server.cancelled()).toEqual([server.received()[0]?.requestId]);
    await pollUntil(async () => (server.inFlight() === 0 ? true : undefined), {
      what: 'hang ended',
      timeoutMs: 5_000,
      intervalMs: 20,
    });
  });

  it('answers slow after the delay', async () => {
    const started = Date.now();
    const result = await connected.client.callTool({ name: 'slow', arguments: { ms: 150 } });
    expect(resultText(result)).toBe('slept 150 ms');
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
  });
});
