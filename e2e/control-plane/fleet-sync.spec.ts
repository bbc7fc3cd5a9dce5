import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { importTrustedKeys, type SnapshotRefusalReason } from '@gatehouse/signing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AdminApi } from '../support/admin-api.js';
import type { GatewayNodeProcess } from '../support/fleet-gateway-process.js';
import { metricValue, startSignedFileGateway } from '../support/fleet-gateway-process.js';
import { FleetSystem } from '../support/fleet-system.js';
import { generateKeyPair, replaceFile, signSnapshot } from '../support/gatehouse-cli.js';
import { withMcpClient } from '../support/mcp-client.js';
import { listToolNames, OpenSession, resultText } from '../support/mcp-tools.js';
import { pollUntil } from '../support/poll.js';
import { envelopeOf, tampered, unsignedJws, type RawEnvelope } from '../support/snapshot-jws.js';
import { pullSnapshot } from '../support/snapshot-pull.js';

const APPLY_BUDGET_MS = 2_000;

interface Latency {
  readonly change: string;
  readonly node: string;
  readonly ms: number;
}

// The whole system over real processes: a control plane (API + BullMQ worker) on its own
// database and Redis prefix, two gateway nodes of one fleet pulling its signed snapshots,
// server-everything (stdio, run by each node) and our conformance fixture (HTTP) upstream.
describe('a fleet of gateway nodes enforcing what the control plane publishes', () => {
  const system = new FleetSystem();
  const latencies: Latency[] = [];
  let nodeA: GatewayNodeProcess;
  let nodeB: GatewayNodeProcess;
  /** The first snapshot the control plane served, kept to be offered again later as stale. */
  let firstJws = '';
  /** The snapshot both nodes converged on. */
  let convergedJws = '';

  const fleetId = (): string => system.required(system.fleet, 'fleet').id;
  const api = (): AdminApi => system.required(system.api, 'admin API');
  const nodes = (): GatewayNodeProcess[] => [nodeA, nodeB];
  const everythingNames = (): string[] =>
    system.everythingTools.map((tool) => `everything__${tool.name}`).sort();

  const toolNamesOf = (node: GatewayNodeProcess): Promise<string[]> =>
    withMcpClient(node.mcpUrl, listToolNames);

  const waitReady = (node: GatewayNodeProcess, what: string, timeoutMs = 30_000) =>
    pollUntil(
      async () => {
        const readiness = await node.readiness();
        return readiness.status === 200 ? readiness.body : undefined;
      },
      { what: `${node.name} ${what}`, timeoutMs, intervalMs: 100 },
    );

  /**
   * Makes a change through the API while an open session on each node watches tools/list,
   * and returns how long each node took, from the API call to the list showing it.
   */
  const measureApply = async (
    change: string,
    act: () => Promise<unknown>,
    shows: (names: readonly string[]) => boolean,
  ): Promise<number[]> => {
    const sessions = await Promise.all(nodes().map((node) => OpenSession.open(node.mcpUrl)));
    try {
      const started = performance.now();
      await act();
      return await Promise.all(
        sessions.map(async (session, index) => {
          const node = nodes()[index]?.name ?? `node ${index}`;
          await pollUntil(async () => (shows(await session.toolNames()) ? true : undefined), {
            what: `${node}'s tools/list to show: ${change}`,
            timeoutMs: 10_000,
            intervalMs: 20,
          });
          const ms = Math.round(performance.now() - started);
          latencies.push({ change, node, ms });
          console.log(`[apply latency] ${change} → ${node}: ${ms} ms`);
          return ms;
        }),
      );
    } finally {
      await Promise.all(sessions.map((session) => session.close()));
    }
  };

  beforeAll(async () => {
    await system.setUp();
    [nodeA, nodeB] = await Promise.all([system.startNode('node-a'), system.startNode('node-b')]);
  }, 150_000);

  afterAll(async () => {
    if (latencies.length > 0) {
      console.log(
        `[apply latency] summary (budget ${APPLY_BUDGET_MS} ms):\n${latencies
          .map((entry) => `  ${entry.change.padEnd(36)} ${entry.node.padEnd(8)} ${entry.ms} ms`)
          .join('\n')}`,
      );
    }
    await system.teardown();
  }, 90_000);

  it('brings both nodes up on the signed snapshot, serving the upstream’s catalogued tools', async () => {
    // What the CLI exported for nodes is what the control plane publishes (its JWKS).
    const exported = await importTrustedKeys(await readFile(system.trustedKeysFile, 'utf8'));
    const published = await importTrustedKeys(JSON.stringify(await api().signingKeys()));
    const kids = exported.map((key) => key.kid).sort();
    expect(kids.length).toBeGreaterThan(0);
    expect(published.map((key) => key.kid).sort()).toEqual(kids);

    for (const node of nodes()) {
      const ready = await waitReady(node, 'ready on its first snapshot');
      expect(ready.snapshot).toMatchObject({
        source: 'control-plane',
        origin: 'control-plane',
        signed: true,
        fleetId: fleetId(),
      });
      expect(kids).toContain(ready.snapshot?.kid);
    }
    expect(system.everythingTools.map((tool) => tool.name)).toContain('echo');
    for (const node of nodes()) {
      const names = await toolNamesOf(node);
      expect(names).toEqual(expect.arrayContaining(everythingNames()));
      expect(names.every((name) => name.startsWith('everything__'))).toBe(true);
    }
    const pulled = await pullSnapshot(system, fleetId());
    firstJws = pulled.jws;
    expect(envelopeOf(firstJws).version).toBe(await nodeA.appliedVersion());
  });

  it('applies a tool disabled through the API within 2 s on every node', async () => {
    const tool = system.everythingTools.find((candidate) => candidate.name === 'get-sum');
    if (tool === undefined) throw new Error('server-everything lists no get-sum');
    const before = await nodeA.appliedVersion();
    const ms = await measureApply(
      'disable everything__get-sum',
      () => api().updateTool(tool.id, { enabled: false }),
      (names) => !names.includes('everything__get-sum') && names.includes('everything__echo'),
    );
    for (const elapsed of ms) expect(elapsed).toBeLessThan(APPLY_BUDGET_MS);
    for (const node of nodes()) expect(await node.appliedVersion()).toBeGreaterThan(before ?? 0);
    // Hidden is also refused: a client that knows the name cannot call it.
    await withMcpClient(nodeB.mcpUrl, async (client) => {
      await expect(
        client.callTool({ name: 'everything__get-sum', arguments: { a: 1, b: 2 } }),
      ).rejects.toThrow(/Unknown tool: everything__get-sum/);
    });
  });

  it('applies an upstream added through the API within 2 s on every node', async () => {
    const fixture = system.required(system.fixture, 'conformance fixture');
    const ms = await measureApply(
      'add upstream conformance (HTTP)',
      () =>
        api().createUpstream({
          tenantId: null,
          name: 'conformance',
          transport: { type: 'streamable-http', url: fixture.url, headers: {} },
        }),
      (names) => names.includes('conformance__test_simple_text'),
    );
    for (const elapsed of ms) expect(elapsed).toBeLessThan(APPLY_BUDGET_MS);
    await withMcpClient(nodeA.mcpUrl, async (client) => {
      const result = await client.callTool({
        name: 'conformance__test_simple_text',
        arguments: {},
      });
      expect(resultText(result)).toMatch(/simple text/i);
    });
  });

  it('converges both nodes on one version, and the control plane lists both with it', async () => {
    const fleet = await api().fleet(fleetId());
    const version = fleet.snapshotVersion;
    expect(version).not.toBeNull();
    for (const node of nodes()) {
      await pollUntil(async () => ((await node.appliedVersion()) === version ? true : undefined), {
        what: `${node.name} on version ${version}`,
      });
    }
    const listed = await pollUntil(
      async () => {
        const reported = await api().nodes(fleetId());
        const current = reported.filter(
          (node) => node.appliedVersion === version && node.state === 'serving',
        );
        return current.length === 2 ? reported : undefined;
      },
      { what: `both nodes listed with version ${version}`, timeoutMs: 15_000, intervalMs: 200 },
    );
    expect(listed.map((node) => node.nodeId).sort()).toEqual(['node-a', 'node-b']);
    console.log(
      `[converged] version ${version}: ${listed.map((node) => `${node.nodeId}@${node.appliedVersion}`).join(', ')}`,
    );
    const pulled = await pullSnapshot(system, fleetId());
    convergedJws = pulled.jws;
    expect(envelopeOf(convergedJws).version).toBe(version);
    // The node keeps exactly what the control plane served as its last good snapshot.
    const kept = await readFile(
      join(system.stateDir('node-a'), `snapshot-${fleetId()}.jws`),
      'utf8',
    );
    expect(kept.trim()).toBe(convergedJws);
  });

  it('keeps serving with the control plane stopped, also after a node restart', async () => {
    const version = envelopeOf(convergedJws).version;
    const namesBefore = await toolNamesOf(nodeA);
    const exit = await system.required(system.controlPlane, 'control plane').stop();
    expect(exit).toEqual({ code: 0, signal: null });
    for (const node of nodes()) {
      await pollUntil(
        async () =>
          metricValue(await node.metrics(), 'snapshot_pull_failed_total{kind="unreachable"}') > 0
            ? true
            : undefined,
        { what: `${node.name} to find the control plane gone`, timeoutMs: 15_000 },
      );
    }
    const serve = async (node: GatewayNodeProcess): Promise<void> => {
      const ready = await node.readiness();
      expect(ready.status).toBe(200);
      expect(ready.body.snapshot?.version).toBe(version);
      await withMcpClient(node.mcpUrl, async (client) => {
        expect(await listToolNames(client)).toEqual(namesBefore);
        const echoed = await client.callTool({
          name: 'everything__echo',
          arguments: { message: `from ${node.name}` },
        });
        expect(resultText(echoed)).toContain(`from ${node.name}`);
        const text = await client.callTool({
          name: 'conformance__test_simple_text',
          arguments: {},
        });
        expect(resultText(text)).toMatch(/simple text/i);
      });
    };
    for (const node of nodes()) await serve(node);

    const stopped = await nodeB.stop();
    expect(stopped.code).toBe(0);
    nodeB = await system.startNode('node-b', nodeB.port);
    const ready = await waitReady(nodeB, 'ready again from disk');
    expect(ready.snapshot).toMatchObject({ version, origin: 'disk', source: 'control-plane' });
    await serve(nodeB);
  });

  it('refuses tampered, unsigned, wrong-key and older snapshots on a real node, keeping the good one', async () => {
    const good = envelopeOf(convergedJws);
    const dir = join(system.dir, 'db-less');
    await mkdir(dir);
    const file = join(dir, 'fleet.jws');
    await replaceFile(file, `${convergedJws}\n`);
    const node = system.adopt(
      await startSignedFileGateway({
        name: 'db-less',
        configFile: file,
        trustedKeysFile: system.trustedKeysFile,
        fleetId: fleetId(),
        echo: system.echo,
      }),
    );
    const ready = await waitReady(node, 'ready on the control plane’s snapshot');
    expect(ready.snapshot).toMatchObject({ source: 'file', signed: true, version: good.version });
    const goodNames = await toolNamesOf(node);
    expect(goodNames).toContain('conformance__test_simple_text');

    const rogue = await generateKeyPair(join(dir, 'rogue'));
    const configFile = join(dir, 'config.json');
    await writeFile(configFile, JSON.stringify(good.config));
    const rogueFile = join(dir, 'rogue.jws');
    await signSnapshot({
      signingKey: rogue.signingKey,
      fleetId: fleetId(),
      version: good.version + 3,
      config: configFile,
      out: rogueFile,
    });
    const withoutConformance = (envelope: RawEnvelope): RawEnvelope => ({
      ...envelope,
      version: good.version + 1,
      config: {
        ...envelope.config,
        upstreams: envelope.config.upstreams.filter((upstream) => upstream.name !== 'conformance'),
      },
    });
    const cases: readonly { reason: SnapshotRefusalReason; jws: string }[] = [
      { reason: 'bad-signature', jws: tampered(convergedJws, withoutConformance) },
      { reason: 'unsigned', jws: unsignedJws({ ...good, version: good.version + 2 }) },
      { reason: 'unknown-key', jws: (await readFile(rogueFile, 'utf8')).trim() },
      { reason: 'stale-version', jws: firstJws },
    ];
    expect(envelopeOf(firstJws).version).toBeLessThan(good.version);
    for (const { reason, jws } of cases) {
      const sample = `snapshot_refused_total{reason="${reason}"}`;
      const before = metricValue(await node.metrics(), sample);
      await replaceFile(file, `${jws}\n`);
      const line = await node.process.waitForLine(
        new RegExp(`snapshot refused \\(${reason}\\)`),
        10_000,
      );
      expect(line).toContain(`version ${good.version} stays in force`);
      await pollUntil(
        async () => (metricValue(await node.metrics(), sample) === before + 1 ? true : undefined),
        { what: `${sample} to count it` },
      );
      expect(await node.appliedVersion()).toBe(good.version);
      expect(await toolNamesOf(node)).toEqual(goodNames);
    }

    // The good key still works after all that: a newer snapshot signed with the control
    // plane's key (gatehouse snapshot sign, as for GitOps) applies.
    await signSnapshot({
      signingKey: system.signingKeyFile,
      fleetId: fleetId(),
      version: good.version + 10,
      config: configFile,
      out: file,
    });
    await pollUntil(
      async () => ((await node.appliedVersion()) === good.version + 10 ? true : undefined),
      { what: 'the newer good snapshot applied' },
    );
  });
});
