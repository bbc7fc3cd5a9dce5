import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EverythingServer } from './support/everything-server.js';
import { gatewayConfig, writeGatewayConfig } from './support/gateway-node.js';
import { failureOf, resultText, type ConnectedClient } from './support/mcp-client.js';
import { pollUntil } from './support/poll.js';
import { TestBed } from './support/test-bed.js';
import { fixtureUpstream, httpUpstream } from './support/upstream-configs.js';
import { waitForUpstreamEvent } from './support/upstream-events.js';

const TIMEOUT_MS = 3_000;

// Upstreams that are slow or gone: the caller gets a JSON-RPC error that names the upstream
// (-32011 for a deadline, -32010 otherwise), the other upstream is unaffected, and an HTTP
// upstream that comes back serves the same client session again.
describe('upstream failures', { timeout: 60_000 }, () => {
  const bed = new TestBed();
  let everything: EverythingServer;
  let eventsFile: string;
  let session: ConnectedClient;

  beforeAll(async () => {
    const dir = await bed.tempDir('failures');
    eventsFile = dir.file('events.jsonl');
    everything = await bed.everything();
    const configPath = dir.file('gateway.yaml');
    await writeGatewayConfig(
      configPath,
      gatewayConfig({
        upstreams: [
          httpUpstream('everything', everything.url, { timeoutMs: TIMEOUT_MS }),
          fixtureUpstream('local', { eventsFile, timeoutMs: TIMEOUT_MS }),
        ],
      }),
    );
    const node = await bed.gateway(configPath);
    session = await bed.client(node.url);
  }, 90_000);

  afterAll(() => bed.teardown(), 90_000);

  it('answers -32011 naming an HTTP upstream that stays silent past its timeoutMs', async () => {
    const error = await failureOf(
      session.client.callTool({
        name: 'everything__trigger-long-running-operation',
        arguments: { duration: 8, steps: 1 },
      }),
    );
    expect(error.code).toBe(-32011);
    expect(error.message).toContain('"everything"');
    expect(error.data).toEqual({ upstream: 'everything' });
  });

  it('answers -32011 naming a stdio upstream that stays silent past its timeoutMs, and cancels the call there', async () => {
    const error = await failureOf(
      session.client.callTool({
        name: 'local__slow',
        arguments: { ms: 8_000, steps: 1, label: 'too-slow' },
      }),
    );
    expect(error.code).toBe(-32011);
    expect(error.message).toContain('"local"');
    await waitForUpstreamEvent(
      eventsFile,
      (event) => event.event === 'cancelled' && event.label === 'too-slow',
      'the upstream to be told the call was given up',
    );
    expect(error.data).toEqual({ upstream: 'local' });
  });

  it('answers -32010 naming an HTTP upstream that is gone, while the other keeps serving', async () => {
    await everything.stop();
    const error = await failureOf(
      session.client.callTool({ name: 'everything__echo', arguments: { message: 'anyone?' } }),
    );
    expect(error.code).toBe(-32010);
    expect(error.message).toContain('"everything"');
    expect(error.data).toEqual({ upstream: 'everything' });
    const { tools } = await session.client.listTools();
    expect(tools.map((tool) => tool.name)).toContain('local__echo');
    expect(tools.some((tool) => tool.name.startsWith('everything__'))).toBe(false);
    const local = await session.client.callTool({
      name: 'local__echo',
      arguments: { text: 'fine' },
    });
    expect(resultText(local)).toBe('echo: fine');
  });

  it('serves the same session again once the HTTP upstream is back (a new upstream session)', async () => {
    everything = await bed.everything(everything.port);
    const text = await pollUntil(
      async () =>
        resultText(
          await session.client.callTool({
            name: 'everything__echo',
            arguments: { message: 'back' },
          }),
        ),
      { what: 'everything__echo to work again', timeoutMs: 30_000, intervalMs: 300 },
    );
    expect(text).toBe('Echo: back');
    const { tools } = await session.client.listTools();
    expect(tools.map((tool) => tool.name)).toContain('everything__echo');
  });
});
