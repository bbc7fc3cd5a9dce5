import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gatewayConfig, writeGatewayConfig } from './support/gateway-node.js';
import { failureOf, resultText, type ConnectedClient } from './support/mcp-client.js';
import { TestBed } from './support/test-bed.js';
import { fixtureUpstream } from './support/upstream-configs.js';

// The config's tool catalog can switch a tool off: gone from tools/list and refused when
// called, while the upstream's other tools carry on.
describe('tool catalog in the config', { timeout: 60_000 }, () => {
  const bed = new TestBed();
  let session: ConnectedClient;

  beforeAll(async () => {
    const dir = await bed.tempDir('catalog');
    const configPath = dir.file('gateway.yaml');
    await writeGatewayConfig(configPath, {
      ...gatewayConfig({
        upstreams: [fixtureUpstream('local', { eventsFile: dir.file('events.jsonl') })],
      }),
      tools: [
        { upstream: 'local', name: 'whoami', enabled: false },
        { upstream: 'local', name: 'echo', enabled: true, tier: 'read_only' },
      ],
    });
    const node = await bed.gateway(configPath);
    session = await bed.client(node.url);
  }, 90_000);

  afterAll(() => bed.teardown(), 90_000);

  it('hides a disabled tool from tools/list and keeps the others', async () => {
    const names = (await session.client.listTools()).tools.map((tool) => tool.name);
    expect(names).toContain('local__echo');
    expect(names).toContain('local__slow');
    expect(names).not.toContain('local__whoami');
  });

  it('refuses a call to a disabled tool as an unknown tool, and serves the rest', async () => {
    const refused = await failureOf(
      session.client.callTool({ name: 'local__whoami', arguments: {} }),
    );
    expect(refused.code).toBe(-32602);
    expect(refused.message).toContain('Unknown tool: local__whoami');
    const echoed = await session.client.callTool({
      name: 'local__echo',
      arguments: { text: 'still here' },
    });
    expect(resultText(echoed)).toContain('still here');
  });
});

// A closed catalog (what a control plane sets once it catalogued an upstream): only tools an
// admin reviewed and enabled are served; anything new the upstream starts listing stays off.
describe('closed tool catalog', { timeout: 60_000 }, () => {
  const bed = new TestBed();
  let session: ConnectedClient;

  beforeAll(async () => {
    const dir = await bed.tempDir('closed-catalog');
    const configPath = dir.file('gateway.yaml');
    const upstream = fixtureUpstream('local', { eventsFile: dir.file('events.jsonl') });
    await writeGatewayConfig(configPath, {
      ...gatewayConfig({ upstreams: [{ ...upstream, toolCatalog: 'closed' }] }),
      tools: [
        { upstream: 'local', name: 'echo', enabled: true },
        { upstream: 'local', name: 'whoami', enabled: false },
      ],
    });
    const node = await bed.gateway(configPath);
    session = await bed.client(node.url);
  }, 90_000);

  afterAll(() => bed.teardown(), 90_000);

  it('serves only the enabled catalogued tools', async () => {
    const names = (await session.client.listTools()).tools.map((tool) => tool.name);
    expect(names).toEqual(['local__echo']);
    const refused = await failureOf(
      session.client.callTool({ name: 'local__slow', arguments: { ms: 1 } }),
    );
    expect(refused.message).toContain('Unknown tool: local__slow');
  });
});
