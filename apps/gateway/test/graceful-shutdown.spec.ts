import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gatewayConfig, writeGatewayConfig, type GatewayNode } from './support/gateway-node.js';
import { resultText, type ConnectedClient } from './support/mcp-client.js';
import { TestBed } from './support/test-bed.js';
import { fixtureUpstream } from './support/upstream-configs.js';
import { waitForUpstreamEvent } from './support/upstream-events.js';

// Stopping a node (SIGTERM) drains: it stops being ready, lets calls in flight finish within
// the grace, and only then closes its upstreams.
describe('graceful shutdown', { timeout: 60_000 }, () => {
  const bed = new TestBed();
  let node: GatewayNode;
  let eventsFile: string;
  let session: ConnectedClient;

  beforeAll(async () => {
    const dir = await bed.tempDir('drain');
    eventsFile = dir.file('events.jsonl');
    const configPath = dir.file('gateway.yaml');
    await writeGatewayConfig(
      configPath,
      gatewayConfig({
        upstreams: [fixtureUpstream('local', { eventsFile })],
        shutdownGraceMs: 10_000,
      }),
    );
    node = await bed.gateway(configPath);
    session = await bed.client(node.url);
  }, 90_000);

  afterAll(() => bed.teardown(), 90_000);

  it('finishes a call in flight before it stops, and stops being ready meanwhile', async () => {
    const call = session.client.callTool({
      name: 'local__slow',
      arguments: { ms: 1_500, label: 'drain' },
    });
    await waitForUpstreamEvent(
      eventsFile,
      (event) => event.event === 'started' && event.label === 'drain',
      'the call to start',
    );
    let callDoneAt = 0;
    const finished = call.then((result) => {
      callDoneAt = Date.now();
      return result;
    });
    const stopping = node.stop().then(() => Date.now());
    const readiness = await request(`${node.origin}/readyz`).then(
      async (response) => {
        await response.body.dump();
        return response.statusCode;
      },
      () => 'refused' as const,
    );
    expect([503, 'refused']).toContain(readiness);
    const result = await finished;
    const stoppedAt = await stopping;
    expect(resultText(result)).toBe('slept 1500 ms (drain)');
    expect(stoppedAt).toBeGreaterThanOrEqual(callDoneAt);
  });
});
