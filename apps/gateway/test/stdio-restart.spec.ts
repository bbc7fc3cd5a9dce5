import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gatewayConfig, writeGatewayConfig, type GatewayNode } from './support/gateway-node.js';
import { failureOf, resultText, type ConnectedClient } from './support/mcp-client.js';
import { pollUntil } from './support/poll.js';
import { TestBed } from './support/test-bed.js';
import { fixtureUpstream } from './support/upstream-configs.js';
import { readUpstreamEvents, waitForUpstreamEvent } from './support/upstream-events.js';

async function pidOf(session: ConnectedClient): Promise<number> {
  const text = resultText(await session.client.callTool({ name: 'local__whoami', arguments: {} }));
  const pid = Number(/^pid:(\d+)$/.exec(text)?.[1]);
  if (!Number.isInteger(pid)) throw new Error(`whoami answered "${text}"`);
  return pid;
}

// A stdio upstream that dies mid-call: the caller hears why, the child comes back, and the
// same session carries on.
describe('a stdio upstream that crashes', { timeout: 60_000 }, () => {
  const bed = new TestBed();
  let node: GatewayNode;
  let eventsFile: string;
  let session: ConnectedClient;

  beforeAll(async () => {
    const dir = await bed.tempDir('restart');
    eventsFile = dir.file('events.jsonl');
    const configPath = dir.file('gateway.yaml');
    await writeGatewayConfig(
      configPath,
      gatewayConfig({ upstreams: [fixtureUpstream('local', { eventsFile, restartDelayMs: 100 })] }),
    );
    node = await bed.gateway(configPath);
    session = await bed.client(node.url);
  }, 90_000);

  afterAll(() => bed.teardown(), 90_000);

  it('fails the crashing call with -32010, naming the upstream', async () => {
    const firstPid = await pidOf(session);
    const error = await failureOf(
      session.client.callTool({ name: 'local__crash', arguments: { code: 3 } }),
    );
    expect(error.code).toBe(-32010);
    expect(error.message).toContain('"local"');
    expect(error.message).toContain('exit code 3');
    const crashed = await waitForUpstreamEvent(
      eventsFile,
      (event) => event.event === 'crashing',
      'the crash to be recorded',
    );
    expect(crashed.pid).toBe(firstPid);
    // Every other upstream failure says which upstream in `data`; a stdio crash should too.
    expect(error.data).toEqual({ upstream: 'local' });
  });

  it('restarts the child, and a later call in the same session succeeds', async () => {
    const crashedPid = (await readUpstreamEvents(eventsFile)).find(
      (event) => event.event === 'crashing',
    )?.pid;
    const newPid = await pollUntil(
      async () => {
        const pid = await pidOf(session);
        return pid === crashedPid ? undefined : pid;
      },
      { what: 'a call to succeed on a restarted child', timeoutMs: 30_000, intervalMs: 250 },
    );
    expect(newPid).not.toBe(crashedPid);
    const echoed = await session.client.callTool({
      name: 'local__echo',
      arguments: { text: 'back again' },
    });
    expect(resultText(echoed)).toBe('echo: back again');
  });

  it('reports the upstream ready again on /readyz', async () => {
    const health = await pollUntil(
      async () => {
        const response = await request(`${node.origin}/readyz`);
        const body = (await response.body.json()) as {
          upstreams: Record<string, { state: string }>;
        };
        return body.upstreams.local?.state === 'ready' ? body : undefined;
      },
      { what: 'readyz to report local ready', timeoutMs: 20_000 },
    );
    expect(health.upstreams.local?.state).toBe('ready');
  });

  it('fails every call in flight on the child that died, not only the one that killed it', async () => {
    await pidOf(session);
    const bystander = session.client.callTool({
      name: 'local__slow',
      arguments: { ms: 15_000, label: 'bystander' },
    });
    await waitForUpstreamEvent(
      eventsFile,
      (event) => event.event === 'started' && event.label === 'bystander',
      'the bystander call to start',
    );
    const [crash, hit] = await Promise.all([
      failureOf(session.client.callTool({ name: 'local__crash', arguments: { code: 4 } })),
      failureOf(bystander),
    ]);
    expect(crash.code).toBe(-32010);
    expect(hit.code).toBe(-32010);
    expect(hit.message).toContain('"local"');
    const pid = await pollUntil(async () => pidOf(session), {
      what: 'the child to come back',
      timeoutMs: 30_000,
      intervalMs: 250,
    });
    expect(pid).toBeGreaterThan(0);
  });
});
