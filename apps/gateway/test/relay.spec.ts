import { ListRootsRequestSchema, type Progress } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  SAMPLING_AND_ELICITATION,
  answerClientRequests,
  type ClientRequestLog,
} from './support/client-handlers.js';
import { dropCancelledStreamsFetch } from './support/drop-cancelled-fetch.js';
import { gatewayConfig, writeGatewayConfig, type GatewayNode } from './support/gateway-node.js';
import { resultText, type ConnectedClient } from './support/mcp-client.js';
import { pollUntil } from './support/poll.js';
import { TestBed } from './support/test-bed.js';
import { fixtureUpstream, httpUpstream } from './support/upstream-configs.js';
import { readUpstreamEvents, waitForUpstreamEvent } from './support/upstream-events.js';

const ELICITED = { name: 'Ada Lovelace', check: true, email: 'ada@example.com', integer: 7 };

// What travels besides the answer: progress notifications, server→client requests (sampling,
// elicitation) and the client's answers to them, and cancellations, over both transports.
describe('relaying progress, server→client requests and cancellation', { timeout: 60_000 }, () => {
  const bed = new TestBed();
  let node: GatewayNode;
  let eventsFile: string;
  let session: ConnectedClient;
  let asked: ClientRequestLog;

  beforeAll(async () => {
    const dir = await bed.tempDir('relay');
    eventsFile = dir.file('events.jsonl');
    const everything = await bed.everything();
    const configPath = dir.file('gateway.yaml');
    await writeGatewayConfig(
      configPath,
      gatewayConfig({
        upstreams: [
          httpUpstream('everything', everything.url),
          fixtureUpstream('local', { eventsFile }),
        ],
      }),
    );
    node = await bed.gateway(configPath);
    let log: ClientRequestLog | undefined;
    session = await bed.client(node.url, {
      capabilities: SAMPLING_AND_ELICITATION,
      prepare: (client) => {
        log = answerClientRequests(client, 'answer', ELICITED);
      },
    });
    if (log === undefined) throw new Error('handlers were not registered');
    asked = log;
  }, 90_000);

  afterAll(() => bed.teardown(), 90_000);

  it("delivers a stdio tool's progress to the caller, with the caller's own token", async () => {
    const progress: Progress[] = [];
    const result = await session.client.callTool(
      { name: 'local__slow', arguments: { ms: 800, steps: 4 } },
      undefined,
      {
        onprogress: (update) => progress.push(update),
      },
    );
    expect(resultText(result)).toBe('slept 800 ms');
    expect(progress.map((update) => [update.progress, update.total])).toEqual([
      [1, 4],
      [2, 4],
      [3, 4],
      [4, 4],
    ]);
  });

  it("delivers an HTTP tool's progress to the caller", async () => {
    const progress: Progress[] = [];
    const result = await session.client.callTool(
      { name: 'everything__trigger-long-running-operation', arguments: { duration: 1, steps: 3 } },
      undefined,
      { onprogress: (update) => progress.push(update) },
    );
    expect(resultText(result)).toContain('Long running operation completed');
    expect(progress.map((update) => update.progress)).toEqual([1, 2, 3]);
  });

  it("carries a stdio upstream's sampling request to the client and the answer back", async () => {
    const before = asked.sampling.length;
    const result = await session.client.callTool({
      name: 'local__sample',
      arguments: { prompt: 'what is 6 x 7?' },
    });
    expect(resultText(result)).toBe('sampled: answer: what is 6 x 7?');
    expect(asked.sampling.length).toBe(before + 1);
  });

  it("carries a stdio upstream's elicitation to the client and the answer back", async () => {
    const result = await session.client.callTool({
      name: 'local__elicit',
      arguments: { message: 'Your name?' },
    });
    expect(resultText(result)).toBe(`elicited: action=accept content=${JSON.stringify(ELICITED)}`);
    expect(asked.elicitation.at(-1)?.message).toBe('Your name?');
  });

  it("offers server-everything's sampling and elicitation tools, since the client declared both", async () => {
    const { tools } = await session.client.listTools();
    const names = tools.map((tool) => tool.name);
    expect(names).toEqual(
      expect.arrayContaining([
        'everything__trigger-sampling-request',
        'everything__trigger-elicitation-request',
      ]),
    );
  });

  it("carries an HTTP upstream's sampling request to the client and the answer back", async () => {
    const before = asked.sampling.length;
    const result = await session.client.callTool({
      name: 'everything__trigger-sampling-request',
      arguments: { prompt: 'hello there', maxTokens: 20 },
    });
    expect(resultText(result)).toContain(
      'answer: Resource trigger-sampling-request context: hello there',
    );
    expect(asked.sampling.length).toBe(before + 1);
  });

  it("carries an HTTP upstream's elicitation to the client and the answer back", async () => {
    const result = await session.client.callTool({
      name: 'everything__trigger-elicitation-request',
      arguments: {},
    });
    const text = resultText(result);
    expect(text).toContain('User provided the requested information');
    expect(text).toContain('- Name: Ada Lovelace');
    expect(text).toContain('- Favorite Integer: 7');
  });

  it("passes a client's cancellation on: the stdio upstream sees it and stops the work", async () => {
    const controller = new AbortController();
    const call = session.client.callTool(
      { name: 'local__slow', arguments: { ms: 20_000, steps: 40, label: 'cancel-me' } },
      undefined,
      {
        signal: controller.signal,
      },
    );
    const settled = call.then(
      () => 'resolved',
      (error: unknown) => (error instanceof Error ? error.name : 'rejected'),
    );
    await waitForUpstreamEvent(
      eventsFile,
      (event) => event.event === 'started' && event.label === 'cancel-me',
      'the slow call to start',
    );
    controller.abort('the user changed their mind');
    expect(await settled).not.toBe('resolved');
    const cancelled = await waitForUpstreamEvent(
      eventsFile,
      (event) => event.event === 'cancelled' && event.label === 'cancel-me',
      'the upstream to record the cancellation',
    );
    expect(String(cancelled.reason)).toContain('the user changed their mind');
    const events = await readUpstreamEvents(eventsFile);
    expect(events.some((event) => event.event === 'finished' && event.label === 'cancel-me')).toBe(
      false,
    );
  });

  it('keeps serving the session after a cancellation', async () => {
    const result = await session.client.callTool({
      name: 'local__echo',
      arguments: { text: 'still here' },
    });
    expect(resultText(result)).toBe('echo: still here');
  });

  // One child shared by the node's sessions cannot say whose request it sends while calls of
  // two sessions are in flight: the gateway refuses it rather than guess and leak a prompt.
  it("refuses, rather than guesses, a shared stdio child's sampling request while two sessions have calls in flight", async () => {
    let otherLog: ClientRequestLog | undefined;
    const other = await bed.client(node.url, {
      name: 'other-session',
      capabilities: SAMPLING_AND_ELICITATION,
      prepare: (client) => {
        otherLog = answerClientRequests(client, 'OTHER SESSION', {});
      },
    });
    // The sampling call waits before asking, so the other session's call is the newer one in flight.
    const sampling = session.client.callTool({
      name: 'local__sample',
      arguments: { prompt: 'mine', delayMs: 2_500 },
    });
    await waitForUpstreamEvent(
      eventsFile,
      (event) => event.event === 'started' && event.prompt === 'mine',
      'the sampling call to start',
    );
    const busy = other.client.callTool({
      name: 'local__slow',
      arguments: { ms: 4_000, label: 'other-session' },
    });
    const otherStarted = await waitForUpstreamEvent(
      eventsFile,
      (event) => event.event === 'started' && event.label === 'other-session',
      "the other session's call to start",
    );
    const [sampled] = await Promise.all([sampling, busy]);
    const asking = (await readUpstreamEvents(eventsFile)).find(
      (event) => event.event === 'sampling' && event.prompt === 'mine',
    );
    // The setup held: the other session's call was in flight when the request went out.
    expect(otherStarted.at).toBeLessThan(asking?.at ?? 0);
    expect(otherLog?.sampling).toEqual([]);
    expect(resultText(sampled)).toContain('could be meant for any of 2 sessions');
  });
});

// With a child per client session, each child's requests belong to one session without doubt.
describe('a stdio upstream with one child per session', { timeout: 60_000 }, () => {
  const bed = new TestBed();
  let node: GatewayNode;
  let eventsFile: string;
  let session: ConnectedClient;

  beforeAll(async () => {
    const dir = await bed.tempDir('relay-per-session');
    eventsFile = dir.file('events.jsonl');
    const configPath = dir.file('gateway.yaml');
    await writeGatewayConfig(
      configPath,
      gatewayConfig({
        upstreams: [fixtureUpstream('local', { eventsFile, processScope: 'session' })],
      }),
    );
    node = await bed.gateway(configPath);
    session = await bed.client(node.url, {
      capabilities: SAMPLING_AND_ELICITATION,
      prepare: (client) => {
        answerClientRequests(client, 'answer', ELICITED);
      },
    });
  }, 90_000);

  afterAll(() => bed.teardown(), 90_000);

  it("sends the sampling request to the session whose call made it, not to another session's", async () => {
    let otherLog: ClientRequestLog | undefined;
    const other = await bed.client(node.url, {
      name: 'other-session',
      capabilities: SAMPLING_AND_ELICITATION,
      prepare: (client) => {
        otherLog = answerClientRequests(client, 'OTHER SESSION', {});
      },
    });
    // The sampling call waits before asking, so the other session's call is the newer one in flight.
    const sampling = session.client.callTool({
      name: 'local__sample',
      arguments: { prompt: 'mine', delayMs: 2_500 },
    });
    await waitForUpstreamEvent(
      eventsFile,
      (event) => event.event === 'started' && event.prompt === 'mine',
      'the sampling call to start',
    );
    const busy = other.client.callTool({
      name: 'local__slow',
      arguments: { ms: 4_000, label: 'other-session' },
    });
    const otherStarted = await waitForUpstreamEvent(
      eventsFile,
      (event) => event.event === 'started' && event.label === 'other-session',
      "the other session's call to start",
    );
    const [sampled] = await Promise.all([sampling, busy]);
    const asking = (await readUpstreamEvents(eventsFile)).find(
      (event) => event.event === 'sampling' && event.prompt === 'mine',
    );
    // The setup held: the other session's call was in flight when the request went out.
    expect(otherStarted.at).toBeLessThan(asking?.at ?? 0);
    expect(otherLog?.sampling).toEqual([]);
    expect(resultText(sampled)).toBe('sampled: answer: mine');
  });
});

// A request a stdio child sends outside any call (here roots/list) has no call to ride on: it
// goes to the node's open GET streams. One client only, so no other session can answer first;
// it hangs up a cancelled call's stream, as many clients do.
describe("a stdio upstream's request sent outside any call", { timeout: 60_000 }, () => {
  const bed = new TestBed();
  let eventsFile: string;
  let session: ConnectedClient;
  let rootsAsked = 0;

  const askRoots = async (label: string): Promise<string> => {
    await session.client.callTool({
      name: 'local__roots-later',
      arguments: { delayMs: 200, label },
    });
    const outcome = await waitForUpstreamEvent(
      eventsFile,
      (event) =>
        (event.event === 'roots-answered' || event.event === 'roots-failed') &&
        event.label === label,
      `the outcome of roots request ${label}`,
    );
    return outcome.event;
  };

  beforeAll(async () => {
    const dir = await bed.tempDir('unprompted');
    eventsFile = dir.file('events.jsonl');
    const configPath = dir.file('gateway.yaml');
    await writeGatewayConfig(
      configPath,
      gatewayConfig({ upstreams: [fixtureUpstream('local', { eventsFile })] }),
    );
    const node = await bed.gateway(configPath);
    session = await bed.client(node.url, {
      fetch: dropCancelledStreamsFetch(),
      capabilities: { roots: { listChanged: true } },
      prepare: (client) => {
        client.setRequestHandler(ListRootsRequestSchema, () => {
          rootsAsked += 1;
          return { roots: [{ uri: 'file:///work', name: 'work' }] };
        });
      },
    });
  }, 90_000);

  afterAll(() => bed.teardown(), 90_000);

  it('reaches the client over its GET stream and the answer gets back', async () => {
    // The client opens its GET stream just after initialize: retry until it is there.
    let attempt = 0;
    await pollUntil(
      async () => {
        attempt += 1;
        return (await askRoots(`baseline-${attempt}`)) === 'roots-answered' ? true : undefined;
      },
      { what: 'a roots request to be answered', timeoutMs: 30_000, intervalMs: 200 },
    );
    expect(rootsAsked).toBeGreaterThan(0);
  });

  it('still reaches the client after one of its calls was cancelled', async () => {
    const controller = new AbortController();
    const call = session.client
      .callTool(
        { name: 'local__slow', arguments: { ms: 20_000, steps: 40, label: 'cancelled-first' } },
        undefined,
        {
          signal: controller.signal,
        },
      )
      .catch(() => undefined);
    await waitForUpstreamEvent(
      eventsFile,
      (event) => event.event === 'started' && event.label === 'cancelled-first',
      'the slow call to start',
    );
    controller.abort('not needed');
    await call;
    await waitForUpstreamEvent(
      eventsFile,
      (event) => event.event === 'cancelled' && event.label === 'cancelled-first',
      'the cancellation',
    );
    const before = rootsAsked;
    expect(await askRoots('after-cancel')).toBe('roots-answered');
    expect(rootsAsked).toBe(before + 1);
  });
});
