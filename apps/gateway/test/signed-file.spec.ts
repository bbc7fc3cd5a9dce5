import { writeFile } from 'node:fs/promises';
import {
  generateSigningKey,
  type SigningKey,
  type SnapshotRefusalReason,
} from '@gatehouse/signing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runGateway, type RunningGateway } from '../src/cli/run-gateway.js';
import {
  gatewayConfig,
  logLevel,
  writeGatewayConfig,
  type GatewayNode,
  type TempDir,
} from './support/gateway-node.js';
import { metricsText, readiness } from './support/fleet-node.js';
import { pollUntil } from './support/poll.js';
import { onlyMessage, openRawSession, rawCall } from './support/raw-mcp.js';
import {
  signedSnapshot,
  unsigned,
  envelopeOf,
  writeTrustedKeys,
} from './support/snapshot-signing.js';
import { TestBed } from './support/test-bed.js';
import { fixtureUpstream } from './support/upstream-configs.js';

// The DB-less file takes the control plane's signed format too; a plain YAML/JSON config still
// works, but only when the operator says --allow-unsigned.
describe('DB-less file mode: signed snapshots and --allow-unsigned', { timeout: 90_000 }, () => {
  const bed = new TestBed();
  let dir: TempDir;
  let key: SigningKey;
  let stranger: SigningKey;

  const config = (namespace?: string): ReturnType<typeof gatewayConfig> =>
    gatewayConfig({
      upstreams: [
        fixtureUpstream('local', {
          eventsFile: dir.file('local.jsonl'),
          ...(namespace === undefined ? {} : { namespace }),
        }),
      ],
    });

  const startFileNode = async (
    path: string,
    options: { allowUnsigned?: boolean; trustedKeys?: string; fleetId?: string } = {},
  ): Promise<GatewayNode & { running: RunningGateway }> => {
    const running = await runGateway({
      mode: 'file',
      config: path,
      allowUnsigned: options.allowUnsigned ?? false,
      trustedKeys: options.trustedKeys,
      fleetId: options.fleetId,
      port: 0,
      logLevel: logLevel(),
    });
    const url = new URL(running.url);
    const node = bed.adopt({
      url: running.url,
      origin: url.origin,
      port: Number(url.port),
      running,
      stop: () => running.stop(),
    });
    await pollUntil(
      async () => ((await readiness(node.origin)).status === 200 ? true : undefined),
      {
        what: 'the file node ready',
        timeoutMs: 20_000,
      },
    );
    return node;
  };

  const toolNames = async (url: string): Promise<string[]> => {
    const session = await openRawSession(url);
    const tools = onlyMessage(await rawCall(url, session, 'tools/list')).result?.tools;
    return Array.isArray(tools)
      ? tools.map((tool) => String((tool as { name?: unknown }).name))
      : [];
  };

  beforeAll(async () => {
    dir = await bed.tempDir('signed-file');
    [key, stranger] = await Promise.all([generateSigningKey(), generateSigningKey()]);
    await writeTrustedKeys(dir.file('trusted.json'), [key], 'jwk');
  });

  afterAll(() => bed.teardown(), 60_000);

  it('refuses a plain YAML config unless --allow-unsigned is given, saying so', async () => {
    const path = dir.file('plain.yaml');
    await writeGatewayConfig(path, config());
    await expect(startFileNode(path)).rejects.toThrow(
      /plain\.yaml is an unsigned config \(YAML\/JSON\): run it with --allow-unsigned/,
    );
    const node = await startFileNode(path, { allowUnsigned: true });
    const ready = await readiness(node.origin);
    expect(ready.body.snapshot).toMatchObject({
      source: 'file',
      origin: 'file',
      signed: false,
      version: null,
    });
    expect(await toolNames(node.url)).toContain('local__echo');
  });

  it('refuses a signed file without --trusted-keys, and one for another fleet', async () => {
    const path = dir.file('fleet-a.jws');
    await writeFile(
      path,
      await signedSnapshot(key, { fleetId: 'a', version: 1, config: config() }),
    );
    await expect(startFileNode(path)).rejects.toThrow(/signed snapshot .*--trusted-keys/);
    await expect(
      startFileNode(path, { trustedKeys: dir.file('trusted.json'), fleetId: 'b' }),
    ).rejects.toThrow(/wrong-fleet/);
    await writeFile(
      path,
      await signedSnapshot(stranger, { fleetId: 'a', version: 1, config: config() }),
    );
    await expect(startFileNode(path, { trustedKeys: dir.file('trusted.json') })).rejects.toThrow(
      /unknown-key/,
    );
  });

  it('serves a signed file and hot-reloads it: a higher version applies, an older or unsigned one is refused', async () => {
    const path = dir.file('gateway.jws');
    const write = async (version: number, namespace?: string, signer = key): Promise<string> => {
      const jws = await signedSnapshot(signer, {
        fleetId: 'gitops',
        version,
        config: config(namespace),
      });
      await writeFile(path, `${jws}\n`);
      return jws;
    };
    const v1 = await write(1);
    const node = await startFileNode(path, {
      trustedKeys: dir.file('trusted.json'),
      fleetId: 'gitops',
    });
    expect((await readiness(node.origin)).body.snapshot).toMatchObject({
      source: 'file',
      signed: true,
      version: 1,
      fleetId: 'gitops',
      kid: key.kid,
    });
    expect(await toolNames(node.url)).toContain('local__echo');

    await write(2, 'fx');
    await pollUntil(
      async () => ((await readiness(node.origin)).body.snapshot?.version === 2 ? true : undefined),
      { what: 'version 2 applied from the file', timeoutMs: 10_000 },
    );
    await pollUntil(
      async () => ((await toolNames(node.url)).includes('fx__echo') ? true : undefined),
      {
        what: 'fx__echo',
      },
    );

    const refusals: [SnapshotRefusalReason, () => Promise<unknown>][] = [
      ['stale-version', () => writeFile(path, v1)],
      ['unsigned', () => writeGatewayConfig(path, config('plain'))],
      ['unsigned', () => writeFile(path, unsigned(envelopeOf(v1)))],
      ['unknown-key', () => write(3, 'other', stranger)],
    ];
    const metrics = node.running.metrics;
    for (const [reason, change] of refusals) {
      const before = metrics.refusedTotal(reason);
      await change();
      await pollUntil(async () => (metrics.refusedTotal(reason) > before ? true : undefined), {
        what: `the ${reason} file refused`,
        timeoutMs: 10_000,
      });
      expect((await readiness(node.origin)).body.snapshot?.version).toBe(2);
      expect(await toolNames(node.url)).toContain('fx__echo');
    }
    expect(await metricsText(node.origin)).toContain(
      'snapshot_refused_total{reason="stale-version"} 1',
    );

    await write(3);
    await pollUntil(
      async () => ((await readiness(node.origin)).body.snapshot?.version === 3 ? true : undefined),
      { what: 'version 3 applied after the refusals', timeoutMs: 10_000 },
    );
  });
});
