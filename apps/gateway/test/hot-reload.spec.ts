import { ToolListChangedNotificationSchema } from '@modelcontextprotocol/sdk/types.js';
import { setTimeout as sleep } from 'node:timers/promises';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EverythingServer } from './support/everything-server.js';
import {
  gatewayConfig,
  writeGatewayConfig,
  type GatewayNode,
  type TempDir,
} from './support/gateway-node.js';
import { resultText } from './support/mcp-client.js';
import { pollUntil } from './support/poll.js';
import { onlyMessage, openRawSession, rawCall } from './support/raw-mcp.js';
import { TestBed } from './support/test-bed.js';
import { fixtureUpstream, httpUpstream, type UpstreamInput } from './support/upstream-configs.js';
import {
  isFixtureProcess,
  readUpstreamEvents,
  waitForUpstreamEvent,
} from './support/upstream-events.js';

interface Layout {
  everythingEnabled?: boolean;
  localNamespace?: string;
  withExtra?: boolean;
}

// Long enough that a call in flight on a replaced upstream finishes before the old one is closed.
const GRACE_MS = 15_000;

// The config file is the source: edits apply to new sessions within moments, a broken edit is
// refused while the old config keeps serving, and calls in flight are not disturbed.
describe('hot reload of the config file', { timeout: 60_000 }, () => {
  const bed = new TestBed();
  let dir: TempDir;
  let everything: EverythingServer;
  let configPath: string;
  let node: GatewayNode;

  const write = (layout: Layout): Promise<void> => {
    const upstreams: UpstreamInput[] = [
      httpUpstream('everything', everything.url, { enabled: layout.everythingEnabled ?? true }),
      fixtureUpstream('local', {
        eventsFile: dir.file('local.jsonl'),
        ...(layout.localNamespace === undefined ? {} : { namespace: layout.localNamespace }),
      }),
    ];
    if (layout.withExtra === true)
      upstreams.push(fixtureUpstream('extra', { eventsFile: dir.file('extra.jsonl') }));
    return writeGatewayConfig(configPath, gatewayConfig({ upstreams, shutdownGraceMs: GRACE_MS }));
  };

  /** Tool names a brand-new session sees. */
  const freshToolNames = async (): Promise<string[]> => {
    const session = await openRawSession(node.url);
    const tools = onlyMessage(await rawCall(node.url, session, 'tools/list')).result?.tools;
    return Array.isArray(tools)
      ? tools.map((tool) => String((tool as { name?: unknown }).name))
      : [];
  };

  const waitForTools = (what: string, accept: (names: string[]) => boolean): Promise<string[]> =>
    pollUntil(
      async () => {
        const names = await freshToolNames();
        return accept(names) ? names : undefined;
      },
      { what, timeoutMs: 15_000, intervalMs: 200 },
    );

  const generation = async (): Promise<number> => {
    const response = await request(`${node.origin}/readyz`);
    return ((await response.body.json()) as { configGeneration: number }).configGeneration;
  };

  beforeAll(async () => {
    dir = await bed.tempDir('reload');
    everything = await bed.everything();
    configPath = dir.file('gateway.yaml');
    await write({});
    node = await bed.gateway(configPath);
  }, 90_000);

  afterAll(() => bed.teardown(), 90_000);

  it('adds an upstream: new sessions list and call its tools, and open sessions can use it too', async () => {
    const before = await bed.client(node.url, { name: 'opened-before-the-reload' });
    expect(
      (await before.client.listTools()).tools.some((tool) => tool.name.startsWith('extra__')),
    ).toBe(false);
    await write({ withExtra: true });
    const names = await waitForTools('extra__echo to appear', (list) =>
      list.includes('extra__echo'),
    );
    expect(names).toEqual(
      expect.arrayContaining(['everything__echo', 'local__echo', 'extra__echo']),
    );
    const session = await openRawSession(node.url);
    const echoed = onlyMessage(
      await rawCall(node.url, session, 'tools/call', {
        name: 'extra__echo',
        arguments: { text: 'new here' },
      }),
    );
    expect(echoed.result?.content).toEqual([{ type: 'text', text: 'echo: new here' }]);
    const viaOld = await before.client.callTool({
      name: 'extra__echo',
      arguments: { text: 'old session' },
    });
    expect(resultText(viaOld)).toBe('echo: old session');
  });

  it('tells a connected client that the tool list changed', async () => {
    let told = 0;
    const watcher = await bed.client(node.url, {
      name: 'list-watcher',
      prepare: (client) => {
        client.setNotificationHandler(ToolListChangedNotificationSchema, () => {
          told += 1;
        });
      },
    });
    await watcher.client.listTools();
    // The client opens its GET stream after initialize; give it a moment to be there.
    await sleep(500);
    await write({});
    await pollUntil(async () => (told > 0 ? told : undefined), {
      what: 'notifications/tools/list_changed',
      timeoutMs: 15_000,
    });
    await waitForTools('extra__echo to go', (list) => !list.includes('extra__echo'));
  });

  it('disables an upstream: its tools go, and calling one is an unknown tool', async () => {
    const session = await bed.client(node.url, { name: 'sees-everything-go' });
    await write({ everythingEnabled: false });
    const names = await waitForTools(
      'everything__ tools to go',
      (list) => !list.some((name) => name.startsWith('everything__')),
    );
    expect(names).toContain('local__echo');
    await expect(
      session.client.callTool({ name: 'everything__echo', arguments: { message: 'x' } }),
    ).rejects.toMatchObject({ code: -32602 });
    await write({});
    await waitForTools('everything__ tools to return', (list) => list.includes('everything__echo'));
    const back = await session.client.callTool({
      name: 'everything__echo',
      arguments: { message: 'back' },
    });
    expect(resultText(back)).toBe('Echo: back');
  });

  it('renames a namespace: tools move to the new prefix and are callable there', async () => {
    await write({ localNamespace: 'fx' });
    const names = await waitForTools('fx__echo to appear', (list) => list.includes('fx__echo'));
    expect(names.some((name) => name.startsWith('local__'))).toBe(false);
    const session = await openRawSession(node.url);
    const echoed = onlyMessage(
      await rawCall(node.url, session, 'tools/call', {
        name: 'fx__echo',
        arguments: { text: 'renamed' },
      }),
    );
    expect(echoed.result?.content).toEqual([{ type: 'text', text: 'echo: renamed' }]);
    const old = onlyMessage(
      await rawCall(node.url, session, 'tools/call', {
        name: 'local__echo',
        arguments: { text: 'x' },
      }),
    );
    expect(old.error?.code).toBe(-32602);
    await write({});
    await waitForTools('local__echo to return', (list) => list.includes('local__echo'));
  });

  it('refuses an invalid edit and keeps serving the config in force', async () => {
    await waitForTools(
      'the base layout',
      (list) => list.includes('local__echo') && list.includes('everything__echo'),
    );
    const before = await generation();
    const invalid = [
      'listen: { host: 127.0.0.1, port: 0 }\nupstreams: []\n',
      'upstreams:\n  - name: Bad Name\n    transport: { type: carrier-pigeon }\n',
      'this: is: not: yaml: [',
    ];
    for (const text of invalid) {
      await writeGatewayConfig(configPath, text);
      // Several debounce periods: had it been applied, the generation would have moved.
      await sleep(1_000);
      expect(await generation()).toBe(before);
      const names = await freshToolNames();
      expect(names).toEqual(expect.arrayContaining(['local__echo', 'everything__echo']));
    }
    // The watcher is still alive: a valid edit after the broken ones applies.
    await write({ withExtra: true });
    await waitForTools('extra__echo after the broken edits', (list) =>
      list.includes('extra__echo'),
    );
    expect(await generation()).toBeGreaterThan(before);
    await write({});
    await waitForTools('extra__echo to go', (list) => !list.includes('extra__echo'));
  });

  it('lets a call in flight finish while an unrelated edit applies', async () => {
    const session = await bed.client(node.url, { name: 'in-flight-unrelated' });
    const call = session.client.callTool({
      name: 'local__slow',
      arguments: { ms: 4_000, label: 'unrelated-reload' },
    });
    await waitForUpstreamEvent(
      dir.file('local.jsonl'),
      (event) => event.event === 'started' && event.label === 'unrelated-reload',
      'the slow call to start',
    );
    await write({ withExtra: true });
    await waitForTools('extra__echo to appear', (list) => list.includes('extra__echo'));
    expect(resultText(await call)).toBe('slept 4000 ms (unrelated-reload)');
    await write({});
    await waitForTools('extra__echo to go', (list) => !list.includes('extra__echo'));
  });

  it('lets a call in flight finish on the upstream it started on when that upstream is replaced', async () => {
    const session = await bed.client(node.url, { name: 'in-flight-replaced' });
    const call = session.client.callTool({
      name: 'local__slow',
      arguments: { ms: 5_000, label: 'replaced-reload' },
    });
    const started = await waitForUpstreamEvent(
      dir.file('local.jsonl'),
      (event) => event.event === 'started' && event.label === 'replaced-reload',
      'the slow call to start',
    );
    await write({ localNamespace: 'fx' });
    await waitForTools('fx__echo to appear', (list) => list.includes('fx__echo'));
    expect(resultText(await call)).toBe('slept 5000 ms (replaced-reload)');
    const finished = await waitForUpstreamEvent(
      dir.file('local.jsonl'),
      (event) => event.event === 'finished' && event.label === 'replaced-reload',
      'the old child to finish the call',
    );
    expect(finished.pid).toBe(started.pid);
    await write({});
    await waitForTools('local__echo to return', (list) => list.includes('local__echo'));
  });

  it('stops, with the node, an upstream a reload replaced whose grace has not run out', async () => {
    const ownDir = await bed.tempDir('reload-stop');
    const events = ownDir.file('events.jsonl');
    const ownConfig = ownDir.file('gateway.yaml');
    const layout = (namespace: string): Promise<void> =>
      writeGatewayConfig(
        ownConfig,
        gatewayConfig({
          shutdownGraceMs: GRACE_MS,
          upstreams: [fixtureUpstream('local', { eventsFile: events, namespace })],
        }),
      );
    await layout('first');
    const own = await bed.gateway(ownConfig);
    const boots = async (): Promise<number[]> =>
      (await readUpstreamEvents(events))
        .filter((event) => event.event === 'boot')
        .map((event) => event.pid);
    const [firstPid] = await pollUntil(
      async () => ((await boots()).length === 1 ? boots() : undefined),
      { what: 'the first child' },
    );
    await layout('second');
    const secondPid = await pollUntil(async () => (await boots()).find((pid) => pid !== firstPid), {
      what: 'the replacement child',
    });
    const pids = [firstPid, secondPid].filter((pid): pid is number => pid !== undefined);
    expect(await isFixtureProcess(pids[0] ?? 0)).toBe(true);
    await own.stop();
    const survivors = async (): Promise<number[]> => {
      const alive: number[] = [];
      for (const pid of pids) if (await isFixtureProcess(pid)) alive.push(pid);
      return alive;
    };
    const left = await pollUntil(async () => ((await survivors()).length === 0 ? [] : undefined), {
      what: 'both children to be gone after the node stopped',
      timeoutMs: 10_000,
    }).catch(() => survivors());
    // A retired child left running outlives its gateway (in-process embedders, tests); the
    // teardown kills what is left.
    expect(left).toEqual([]);
  });
});
