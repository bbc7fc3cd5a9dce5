import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  SAMPLING_AND_ELICITATION,
  answerClientRequests,
  type ClientRequestLog,
} from './support/client-handlers.js';
import { gatewayConfig, writeGatewayConfig, type GatewayNode } from './support/gateway-node.js';
import { resultText, type ConnectedClient } from './support/mcp-client.js';
import { openRawSession, rawCall, rawMcp } from './support/raw-mcp.js';
import {
  roundRobinFetch,
  type RoundRobinFetch,
  type RoutedRequest,
} from './support/round-robin-fetch.js';
import { TestBed, stopWithin } from './support/test-bed.js';
import { fixtureUpstream, httpUpstream } from './support/upstream-configs.js';

function nodeOf(
  routed: readonly RoutedRequest[],
  match: (entry: RoutedRequest) => boolean,
  what: string,
): number {
  const entry = routed.find(match);
  if (entry === undefined) throw new Error(`no request for ${what} in ${JSON.stringify(routed)}`);
  return entry.node;
}

// Two nodes with one fleet secret behind a round-robin "load balancer": every request of one
// session goes to the other node than the one before, and the session does not notice.
describe('two gateway nodes serving one session alternately', { timeout: 60_000 }, () => {
  const bed = new TestBed();
  const origins: string[] = [];
  let configPath: string;
  let nodeA: GatewayNode;
  let nodeB: GatewayNode;
  let balancer: RoundRobinFetch;
  let session: ConnectedClient;
  let asked: ClientRequestLog;

  beforeAll(async () => {
    const dir = await bed.tempDir('two-nodes');
    const everything = await bed.everything();
    configPath = dir.file('gateway.yaml');
    await writeGatewayConfig(
      configPath,
      gatewayConfig({
        upstreams: [
          httpUpstream('everything', everything.url),
          fixtureUpstream('local', { eventsFile: dir.file('events.jsonl'), timeoutMs: 4_000 }),
        ],
      }),
    );
    nodeA = await bed.gateway(configPath);
    nodeB = await bed.gateway(configPath);
    origins.push(nodeA.url, nodeB.url);
    balancer = roundRobinFetch(origins);
    let log: ClientRequestLog | undefined;
    session = await bed.client(nodeA.url, {
      fetch: balancer.fetch,
      capabilities: SAMPLING_AND_ELICITATION,
      prepare: (client) => {
        log = answerClientRequests(client, 'answer', { name: 'Grace' });
      },
    });
    if (log === undefined) throw new Error('handlers were not registered');
    asked = log;
  }, 90_000);

  afterAll(() => bed.teardown(), 90_000);

  it('initializes on one node and is served by the other', async () => {
    const init = nodeOf(balancer.routed, (entry) => entry.rpc === 'initialize', 'initialize');
    const initialized = nodeOf(
      balancer.routed,
      (entry) => entry.rpc === 'notifications/initialized',
      'initialized',
    );
    expect(initialized).not.toBe(init);
    const { tools } = await session.client.listTools();
    expect(tools.map((tool) => tool.name)).toEqual(
      expect.arrayContaining(['everything__echo', 'local__echo']),
    );
  });

  it('calls tools of both upstreams on both nodes', async () => {
    const start = balancer.routed.length;
    for (let round = 0; round < 3; round += 1) {
      const http = await session.client.callTool({
        name: 'everything__echo',
        arguments: { message: `round ${round}` },
      });
      expect(resultText(http)).toBe(`Echo: round ${round}`);
      const stdio = await session.client.callTool({
        name: 'local__echo',
        arguments: { text: `round ${round}` },
      });
      expect(resultText(stdio)).toBe(`echo: round ${round}`);
    }
    const calls = balancer.routed.slice(start).filter((entry) => entry.rpc === 'tools/call');
    expect(new Set(calls.map((entry) => entry.node))).toEqual(new Set([0, 1]));
  });

  it("completes an HTTP upstream's sampling round trip when the answer lands on the other node", async () => {
    const start = balancer.routed.length;
    const result = await session.client.callTool({
      name: 'everything__trigger-sampling-request',
      arguments: { prompt: 'across nodes' },
    });
    expect(resultText(result)).toContain(
      'answer: Resource trigger-sampling-request context: across nodes',
    );
    const routed = balancer.routed.slice(start);
    const callNode = nodeOf(routed, (entry) => entry.rpc === 'tools/call', 'the call');
    const answerNode = nodeOf(
      routed,
      (entry) => entry.rpc === 'response' && String(entry.id).startsWith('gh:everything:'),
      'the answer',
    );
    expect(answerNode).not.toBe(callNode);
  });

  // A stdio child lives on one node; without session affinity at the load balancer its
  // request's answer can land on a node whose own child never asked. That node must not hand
  // it to its child (wrong process, maybe a clashing id); the call then ends at its deadline.
  it("never delivers a stdio child's answer to another node's child; the call fails at its deadline", async () => {
    const start = balancer.routed.length;
    const before = asked.sampling.length;
    const outcome = await session.client
      .callTool({ name: 'local__sample', arguments: { prompt: 'stdio across nodes' } }, undefined, {
        timeout: 20_000,
      })
      .then(
        (result) => ({ result, error: undefined }),
        (error: unknown) => ({ result: undefined, error }),
      );
    expect(asked.sampling.length).toBe(before + 1);
    const routed = balancer.routed.slice(start);
    const callNode = nodeOf(routed, (entry) => entry.rpc === 'tools/call', 'the call');
    const answerNode = nodeOf(
      routed,
      (entry) => entry.rpc === 'response' && String(entry.id).startsWith('gh:local:'),
      'the answer',
    );
    expect(answerNode).not.toBe(callNode);
    expect(outcome.result).toBeUndefined();
    expect(String(outcome.error)).toContain('-32011: upstream "local" did not answer in 4000 ms');
  });

  it('answers 404 (-32001) to a forged, a tampered or a foreign session id, on either node', async () => {
    const real = await openRawSession(nodeA.url);
    const flipped =
      real.sessionId.slice(0, -6) + (real.sessionId.endsWith('AAAAAA') ? 'BBBBBB' : 'AAAAAA');
    const forged = ['gh1.' + Buffer.alloc(64, 7).toString('base64url'), flipped, 'not-a-session'];
    for (const sessionId of forged) {
      for (const node of [nodeA, nodeB]) {
        const response = await rawCall(node.url, { ...real, sessionId }, 'tools/list');
        expect(response.status, `${sessionId} on ${node.url}`).toBe(404);
        expect(response.messages[0]?.error?.code).toBe(-32001);
      }
    }
    // The genuine id still works on both.
    for (const node of [nodeA, nodeB])
      expect((await rawCall(node.url, real, 'ping')).status).toBe(200);
  });

  it('refuses a session sealed by a fleet with another secret', async () => {
    const dir = await bed.tempDir('foreign');
    const foreignConfig = dir.file('gateway.yaml');
    await writeGatewayConfig(
      foreignConfig,
      gatewayConfig({
        secret: 'another-fleet-secret-another-fleet-secret',
        upstreams: [fixtureUpstream('local', { eventsFile: dir.file('events.jsonl') })],
      }),
    );
    const foreign = await bed.gateway(foreignConfig);
    const session = await openRawSession(foreign.url);
    const response = await rawCall(nodeA.url, session, 'ping');
    expect(response.status).toBe(404);
    expect(response.messages[0]?.error?.code).toBe(-32001);
  });

  it('stops a node promptly even while a client holds its GET stream open', async () => {
    // A client of its own, straight to B, so B surely holds a standalone GET stream.
    const pinned = await bed.client(nodeB.url, { name: 'pinned-to-b' });
    await pinned.client.listTools();
    const outcome = await stopWithin(nodeB, 8_000);
    expect(outcome).toBe('stopped');
  });

  it('keeps serving the session when a node is replaced mid-session (nothing is kept on the node)', async () => {
    await stopWithin(nodeB, 8_000);
    const ping = await rawMcp(nodeB.url, { jsonrpc: '2.0', id: 1, method: 'ping' }).then(
      (response) => response.status,
      () => 'refused',
    );
    expect(ping).toBe('refused');
    nodeB = await bed.gateway(configPath, nodeB.port);
    const start = balancer.routed.length;
    for (let round = 0; round < 4; round += 1) {
      const http = await session.client.callTool({
        name: 'everything__echo',
        arguments: { message: `after restart ${round}` },
      });
      expect(resultText(http)).toBe(`Echo: after restart ${round}`);
    }
    const stdio = await session.client.callTool({
      name: 'local__echo',
      arguments: { text: 'after restart' },
    });
    expect(resultText(stdio)).toBe('echo: after restart');
    const calls = balancer.routed.slice(start).filter((entry) => entry.rpc === 'tools/call');
    expect(calls.some((entry) => entry.node === 1)).toBe(true);
  });
});
