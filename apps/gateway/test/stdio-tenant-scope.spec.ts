import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256Hex } from '@gatehouse/policy';
import { bearerCall, openBearerSession, type BearerSession } from './support/bearer-mcp.js';
import { gatewayConfig, writeGatewayConfig, type GatewayNode } from './support/gateway-node.js';
import { onlyMessage } from './support/raw-mcp.js';
import { TestBed } from './support/test-bed.js';
import { fixtureUpstream } from './support/upstream-configs.js';

const KEYS = { alpha: 'gh_live_scope-alpha-key-000001', beta: 'gh_live_scope-beta-key-0000002' };

describe('a stdio upstream with one child per tenant', () => {
  const bed = new TestBed();
  let node: GatewayNode;

  beforeAll(async () => {
    const dir = await bed.tempDir('tenant-scope');
    const configPath = dir.file('gateway.yaml');
    await writeGatewayConfig(configPath, {
      ...gatewayConfig({
        upstreams: [
          fixtureUpstream('local', {
            eventsFile: dir.file('events.jsonl'),
            processScope: 'tenant',
          }),
        ],
        auth: {},
      }),
      tenants: [
        { id: 'alpha', name: 'Alpha' },
        { id: 'beta', name: 'Beta' },
      ],
      clients: (['alpha', 'beta'] as const).map((tenant) => ({
        id: `${tenant}-app`,
        tenant,
        name: tenant,
        apiKeys: [{ id: tenant, sha256: sha256Hex(KEYS[tenant]) }],
      })),
    });
    node = await bed.gateway(configPath);
  });

  afterAll(() => bed.teardown());

  const pidOf = async (session: BearerSession): Promise<string> => {
    const answer = onlyMessage(
      await bearerCall(node.url, session, 'tools/call', { name: 'local__whoami', arguments: {} }),
    );
    const content = answer.result?.content as { text: string }[] | undefined;
    const text = content?.[0]?.text ?? JSON.stringify(answer);
    expect(text).toMatch(/^pid:\d+$/);
    return text;
  };

  it("shares a child between one tenant's sessions and never with another tenant", async () => {
    const alphaOne = await openBearerSession(node.url, KEYS.alpha);
    const alphaTwo = await openBearerSession(node.url, KEYS.alpha);
    const beta = await openBearerSession(node.url, KEYS.beta);
    const alphaPid = await pidOf(alphaOne);
    expect(await pidOf(alphaTwo)).toBe(alphaPid);
    expect(await pidOf(beta)).not.toBe(alphaPid);
  });
});
