import { randomBytes } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { generateSigningKey, type SigningKey } from '@gatehouse/signing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gatewayConfig, type TempDir } from './support/gateway-node.js';
import { metricsText, readiness, startFleetNode, type FleetNode } from './support/fleet-node.js';
import { pollUntil } from './support/poll.js';
import { onlyMessage, openRawSession, rawCall, rawMcp } from './support/raw-mcp.js';
import { SnapshotServer } from './support/snapshot-server.js';
import {
  envelopeOf,
  signedSnapshot,
  tampered,
  unsigned,
  writeTrustedKeys,
} from './support/snapshot-signing.js';
import { TestBed } from './support/test-bed.js';
import { fixtureUpstream } from './support/upstream-configs.js';

const FLEET = 'fleet-it';

interface Layout {
  namespace?: string;
  extraEnabled?: boolean;
}

// A fleet node against a stand-in for the control plane's snapshot and heartbeat endpoints:
// it applies what is published within moments, refuses what it must not apply, and keeps
// serving its last good snapshot when the control plane is gone, even across a restart.
describe('snapshot sync from the control plane', { timeout: 120_000 }, () => {
  const bed = new TestBed();
  const credential = `node-${randomBytes(12).toString('hex')}`;
  let dir: TempDir;
  let server: SnapshotServer;
  let key: SigningKey;
  let rotated: SigningKey;
  let stranger: SigningKey;
  let node: FleetNode;
  const published = new Map<number, string>();
  let version2PublishedAt = 0;

  const config = (layout: Layout): ReturnType<typeof gatewayConfig> =>
    gatewayConfig({
      upstreams: [
        fixtureUpstream('local', {
          eventsFile: dir.file('local.jsonl'),
          ...(layout.namespace === undefined ? {} : { namespace: layout.namespace }),
        }),
        fixtureUpstream('extra', {
          eventsFile: dir.file('extra.jsonl'),
          enabled: layout.extraEnabled ?? true,
        }),
      ],
    });

  const publish = async (
    version: number,
    layout: Layout = {},
    signer: SigningKey = key,
  ): Promise<string> => {
    const jws = await signedSnapshot(signer, { fleetId: FLEET, version, config: config(layout) });
    published.set(version, jws);
    server.publish(jws, version);
    return jws;
  };

  const toolNames = async (url: string = node.url): Promise<string[]> => {
    const session = await openRawSession(url);
    const tools = onlyMessage(await rawCall(url, session, 'tools/list')).result?.tools;
    return Array.isArray(tools)
      ? tools.map((tool) => String((tool as { name?: unknown }).name))
      : [];
  };

  const appliedVersion = async (origin: string = node.origin): Promise<number | null> =>
    (await readiness(origin)).body.snapshot?.version ?? null;

  const waitForVersion = (version: number, origin: string = node.origin): Promise<number> =>
    pollUntil(async () => ((await appliedVersion(origin)) === version ? version : undefined), {
      what: `snapshot version ${version} applied`,
      timeoutMs: 15_000,
      intervalMs: 50,
    });

  /** Once the node waits in a long-poll for something newer than `version`. */
  const waitForLongPoll = (version: number): Promise<true> =>
    pollUntil(
      async () =>
        server.snapshotRequests.some(
          (seen) => seen.ifNoneMatch === `"${version}"` && seen.wait === '25',
        )
          ? true
          : undefined,
      { what: `a long-poll past version ${version}`, timeoutMs: 10_000, intervalMs: 20 },
    );

  beforeAll(async () => {
    dir = await bed.tempDir('sync');
    [key, rotated, stranger] = await Promise.all([
      generateSigningKey(),
      generateSigningKey(),
      generateSigningKey(),
    ]);
    // Two keys trusted, as during a rollover; `stranger` is nobody this fleet knows.
    await writeTrustedKeys(dir.file('trusted.pem'), [key, rotated]);
    await writeFile(dir.file('node-credential'), `${credential}\n`, { mode: 0o600 });
    server = await SnapshotServer.start(FLEET, credential);
  }, 60_000);

  afterAll(async () => {
    await server.stop();
    await bed.teardown();
  }, 90_000);

  const startNode = async (stateDir: string): Promise<FleetNode> =>
    bed.adopt(
      await startFleetNode({
        controlPlaneUrl: server.url,
        fleetId: FLEET,
        credentialFile: dir.file('node-credential'),
        trustedKeysFile: dir.file('trusted.pem'),
        stateDir,
      }),
    );

  it('is not ready, and answers MCP requests 503, until its first snapshot arrives', async () => {
    node = await startNode(dir.file('state-a'));
    const waiting = await readiness(node.origin);
    expect(waiting.status).toBe(503);
    expect(waiting.body.snapshot).toBeNull();
    expect(waiting.body.reason).toMatch(/waiting for the first snapshot of fleet "fleet-it"/);
    const refused = await rawMcp(node.url, {
      jsonrpc: '2.0',
      id: 1,
      method: 'initialize',
      params: {
        protocolVersion: '2025-11-25',
        capabilities: {},
        clientInfo: { name: 't', version: '1' },
      },
    });
    expect(refused.status).toBe(503);
    expect(refused.headers['retry-after']).toBe('5');
    expect(refused.messages[0]?.error?.code).toBe(-32013);
    expect(refused.messages[0]?.error?.message).toMatch(/no configuration in force yet/);

    await publish(1);
    await pollUntil(
      async () => ((await readiness(node.origin)).status === 200 ? true : undefined),
      {
        what: 'the node ready on its first snapshot',
        timeoutMs: 20_000,
      },
    );
    const ready = await readiness(node.origin);
    expect(ready.body.snapshot).toMatchObject({
      source: 'control-plane',
      origin: 'control-plane',
      signed: true,
      version: 1,
      fleetId: FLEET,
      kid: key.kid,
    });
    expect(await toolNames()).toEqual(expect.arrayContaining(['local__echo', 'extra__echo']));
    // The MCP path is the snapshot's; anything else is not found, as before a node had config.
    expect(
      (await rawMcp(`${node.origin}/elsewhere`, { jsonrpc: '2.0', id: 2, method: 'ping' })).status,
    ).toBe(404);
  });

  it('applies a new version within 2 s through the long-poll, and tools/list shows it', async () => {
    await waitForLongPoll(1);
    const publishedAt = Date.now();
    version2PublishedAt = publishedAt;
    await publish(2, { extraEnabled: false });
    const names = await pollUntil(
      async () => {
        const list = await toolNames();
        return list.some((name) => name.startsWith('extra__')) ? undefined : list;
      },
      { what: 'extra__ tools to go', timeoutMs: 5_000, intervalMs: 25 },
    );
    expect(Date.now() - publishedAt).toBeLessThan(2_000);
    expect(names).toContain('local__echo');
    expect(await appliedVersion()).toBe(2);
  });

  it('reports its applied version in a heartbeat right after applying it', async () => {
    const beat = await pollUntil(
      async () => server.heartbeats.find((received) => received.appliedVersion === 2),
      { what: 'a heartbeat with version 2', timeoutMs: 5_000, intervalMs: 20 },
    );
    // The interval is 10 s: one this soon came because of the apply.
    expect(beat.receivedAt - version2PublishedAt).toBeLessThan(2_000);
    expect(beat).toMatchObject({
      nodeId: node.running.nodeId,
      hostname: hostname(),
      appliedVersion: 2,
    });
    expect(Number.isNaN(Date.parse(beat.startedAt))).toBe(false);
    expect(['serving', 'starting']).toContain(beat.state);
    expect(server.heartbeats.some((received) => received.appliedVersion === null)).toBe(true);
  });

  it('renames a namespace through a snapshot', async () => {
    await publish(3, { namespace: 'fx', extraEnabled: false });
    await waitForVersion(3);
    const names = await pollUntil(
      async () => {
        const list = await toolNames();
        return list.includes('fx__echo') ? list : undefined;
      },
      { what: 'fx__echo', timeoutMs: 15_000, intervalMs: 100 },
    );
    expect(names.some((name) => name.startsWith('local__'))).toBe(false);
  });

  it('refuses tampered, unsigned, wrong-key, wrong-fleet and older snapshots, keeping the good one', async () => {
    const good = published.get(3) ?? '';
    const next = (version: number): Promise<string> =>
      signedSnapshot(key, { fleetId: FLEET, version, config: config({}) });
    const cases = [
      {
        reason: 'bad-signature',
        version: 4,
        jws: tampered(await next(4), (envelope) => ({
          ...envelope,
          config: { ...envelope.config, upstreams: envelope.config.upstreams.slice(0, 1) },
        })),
      },
      { reason: 'unsigned', version: 5, jws: unsigned(envelopeOf(await next(5))) },
      {
        reason: 'unknown-key',
        version: 6,
        jws: await signedSnapshot(stranger, { fleetId: FLEET, version: 6, config: config({}) }),
      },
      {
        reason: 'wrong-fleet',
        version: 7,
        jws: await signedSnapshot(key, { fleetId: 'fleet-other', version: 7, config: config({}) }),
      },
      { reason: 'stale-version', version: 1, jws: published.get(1) ?? '' },
      {
        reason: 'stale-version',
        version: 3,
        jws: await signedSnapshot(key, { fleetId: FLEET, version: 3, config: config({}) }),
      },
    ] as const;
    const counted = new Map<string, number>();
    for (const refusal of cases) {
      const before = node.running.metrics.refusedTotal(refusal.reason);
      server.publish(refusal.jws, refusal.version);
      await pollUntil(
        async () =>
          node.running.metrics.refusedTotal(refusal.reason) === before + 1 ? true : undefined,
        { what: `the ${refusal.reason} snapshot refused`, timeoutMs: 5_000, intervalMs: 20 },
      );
      counted.set(refusal.reason, (counted.get(refusal.reason) ?? 0) + 1);
      expect(await appliedVersion()).toBe(3);
      expect(await toolNames()).toContain('fx__echo');
    }
    const metrics = await metricsText(node.origin);
    for (const [reason, count] of counted)
      expect(metrics).toContain(`snapshot_refused_total{reason="${reason}"} ${count}`);
    expect(metrics).toContain('snapshot_applied_version 3');
    expect((await readFile(dir.file(`state-a/snapshot-${FLEET}.jws`), 'utf8')).trim()).toBe(good);
    // A refused snapshot shows in the heartbeat as a degraded node saying why.
    await pollUntil(
      async () =>
        server.heartbeats.some(
          (beat) => beat.state === 'degraded' && /stale-version/.test(beat.lastError ?? ''),
        )
          ? true
          : undefined,
      { what: 'a degraded heartbeat', timeoutMs: 15_000 },
    );
    // The loop is not stuck on what it refused: the next good one applies.
    await publish(8, { namespace: 'fx' });
    await waitForVersion(8);
  });

  it('applies snapshots signed with either key while both are trusted (key rotation)', async () => {
    await publish(9, { namespace: 'fx' }, rotated);
    await waitForVersion(9);
    expect((await readiness(node.origin)).body.snapshot?.kid).toBe(rotated.kid);
    await publish(10, {}, key);
    await waitForVersion(10);
    expect((await readiness(node.origin)).body.snapshot?.kid).toBe(key.kid);
    await pollUntil(async () => ((await toolNames()).includes('local__echo') ? true : undefined), {
      what: 'local__echo back',
    });
  });

  it('keeps serving when the control plane goes away, and catches up when it returns', async () => {
    await server.stop();
    await pollUntil(
      async () => (node.running.metrics.pullFailures('unreachable') > 0 ? true : undefined),
      { what: 'a failed pull', timeoutMs: 10_000 },
    );
    const ready = await readiness(node.origin);
    expect(ready.status).toBe(200);
    expect(ready.body.snapshot?.version).toBe(10);
    const session = await openRawSession(node.url);
    const echoed = onlyMessage(
      await rawCall(node.url, session, 'tools/call', {
        name: 'local__echo',
        arguments: { text: 'still here' },
      }),
    );
    expect(echoed.result?.content).toEqual([{ type: 'text', text: 'echo: still here' }]);

    await server.restart();
    await publish(11);
    await waitForVersion(11);
  });

  it('restarted while the control plane is down, serves from its last good snapshot', async () => {
    // Kept on disk right after it was applied (the apply comes first: it is what matters).
    await pollUntil(
      async () => {
        const stored = await readFile(dir.file(`state-a/snapshot-${FLEET}.jws`), 'utf8');
        return envelopeOf(stored.trim()).version === 11 ? true : undefined;
      },
      { what: 'version 11 kept on disk', timeoutMs: 5_000, intervalMs: 20 },
    );
    await server.stop();
    await node.stop();

    node = await startNode(dir.file('state-a'));
    const ready = await pollUntil(
      async () => {
        const state = await readiness(node.origin);
        return state.status === 200 ? state : undefined;
      },
      { what: 'the restarted node ready from disk', timeoutMs: 20_000 },
    );
    expect(ready.body.snapshot).toMatchObject({
      version: 11,
      origin: 'disk',
      source: 'control-plane',
    });
    expect(await toolNames()).toEqual(expect.arrayContaining(['local__echo', 'extra__echo']));

    // Back again: the node asks for anything newer than what it restored, and gets it.
    await server.restart();
    await waitForLongPoll(11);
    await publish(12, { extraEnabled: false });
    await waitForVersion(12);
  });
});
