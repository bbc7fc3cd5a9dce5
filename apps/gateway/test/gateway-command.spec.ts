import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { generateSigningKey, type SigningKey } from '@gatehouse/signing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManagedChild } from './support/child-process.js';
import { freePort } from './support/free-port.js';
import { gatewayConfig, writeGatewayConfig, type TempDir } from './support/gateway-node.js';
import { metricsText, readiness } from './support/fleet-node.js';
import { pollUntil } from './support/poll.js';
import { SnapshotServer } from './support/snapshot-server.js';
import { signedSnapshot, writeTrustedKeys } from './support/snapshot-signing.js';
import { TestBed } from './support/test-bed.js';
import { fixtureUpstream } from './support/upstream-configs.js';
import { readUpstreamEvents } from './support/upstream-events.js';

const MAIN = fileURLToPath(new URL('../src/main.ts', import.meta.url));
const run = promisify(execFile);

interface Exit {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `gatehouse <args>` to its end (for the cases that must exit). */
async function gatehouse(args: string[], env: Record<string, string> = {}): Promise<Exit> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', MAIN, ...args], {
      env: { ...process.env, ...env },
      timeout: 30_000,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: failed.code ?? -1, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' };
  }
}

// The `gatehouse gateway` command itself, as an operator runs it: flags and environment,
// clear refusals at start, and the log lines a refused snapshot leaves.
describe('the gatehouse gateway command', { timeout: 90_000 }, () => {
  const bed = new TestBed();
  const credential = `cred-${randomBytes(16).toString('hex')}`;
  let dir: TempDir;
  let key: SigningKey;
  let server: SnapshotServer;
  let child: ManagedChild | undefined;

  beforeAll(async () => {
    dir = await bed.tempDir('command');
    key = await generateSigningKey();
    await writeTrustedKeys(dir.file('trusted.pem'), [key]);
    server = await SnapshotServer.start('fleet-cli', credential);
  });

  afterAll(async () => {
    await child?.stop();
    await server.stop();
    await bed.teardown();
  }, 60_000);

  it('refuses a plain config without --allow-unsigned, and says what to do', async () => {
    const path = dir.file('plain.yaml');
    await writeGatewayConfig(
      path,
      gatewayConfig({
        upstreams: [fixtureUpstream('local', { eventsFile: dir.file('never.jsonl') })],
      }),
    );
    const exit = await gatehouse(['gateway', '--config', path]);
    expect(exit.code).toBe(1);
    expect(exit.stderr).toContain(
      'is an unsigned config (YAML/JSON): run it with --allow-unsigned',
    );
  });

  it('names what is missing for control-plane mode', async () => {
    const missingFleet = await gatehouse(['gateway', '--control-plane', server.url]);
    expect(missingFleet.code).toBe(2);
    expect(missingFleet.stderr).toContain('--fleet ID (or GATEHOUSE_FLEET_ID) is required');
    const mixed = await gatehouse(['gateway', '--config', 'x.yaml', '--state-dir', dir.path]);
    expect(mixed.code).toBe(2);
    expect(mixed.stderr).toContain('--state-dir belongs to control-plane mode');
    const noKeys = await gatehouse(['gateway', '--fleet', 'fleet-cli'], {
      GATEHOUSE_CONTROL_PLANE_URL: server.url,
      GATEHOUSE_NODE_CREDENTIAL: credential,
      GATEHOUSE_TRUSTED_KEYS_FILE: '',
    });
    expect(noKeys.code).toBe(2);
    expect(noKeys.stderr).toContain(
      '--trusted-keys FILE (or GATEHOUSE_TRUSTED_KEYS_FILE) is required',
    );
  });

  it('signs a config for a DB-less node: keys generate, snapshot sign, gateway --config', async () => {
    const keys = dir.file('keys');
    const generated = await gatehouse(['keys', 'generate', '--out-dir', keys]);
    expect(generated.code).toBe(0);
    expect(generated.stdout).toMatch(/key id \S+/);
    const again = await gatehouse(['keys', 'generate', '--out-dir', keys]);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('keys are never overwritten');

    const plain = dir.file('gitops.yaml');
    await writeGatewayConfig(
      plain,
      gatewayConfig({
        upstreams: [fixtureUpstream('local', { eventsFile: dir.file('gitops.jsonl') })],
      }),
    );
    const signed = dir.file('gitops.jws');
    const signing = await gatehouse([
      'snapshot',
      'sign',
      '--signing-key',
      `${keys}/signing-key.pem`,
      '--fleet',
      'gitops',
      '--version',
      '5',
      '--out',
      signed,
      plain,
    ]);
    expect(signing.code).toBe(0);

    const port = await freePort();
    const node = ManagedChild.start('gatehouse-file', process.execPath, [
      '--import',
      'tsx',
      MAIN,
      'gateway',
      '--config',
      signed,
      '--trusted-keys',
      `${keys}/public-key.pem`,
      '--port',
      String(port),
    ]);
    try {
      const ready = await pollUntil(
        async () => {
          if (node.hasExited) throw new Error(`the node exited:\n${node.tail()}`);
          const state = await readiness(`http://127.0.0.1:${port}`);
          return state.status === 200 ? state : undefined;
        },
        { what: 'the signed-file node ready', timeoutMs: 30_000 },
      );
      expect(ready.body.snapshot).toMatchObject({
        source: 'file',
        signed: true,
        version: 5,
        fleetId: 'gitops',
      });
    } finally {
      await node.stop();
    }
  });

  it('runs from the environment, logs a refused snapshot with its reason, and never prints the credential', async () => {
    const port = await freePort();
    child = ManagedChild.start(
      'gatehouse',
      process.execPath,
      ['--import', 'tsx', MAIN, 'gateway', '--port', String(port), '--heartbeat-interval', '1'],
      {
        GATEHOUSE_CONTROL_PLANE_URL: server.url,
        GATEHOUSE_FLEET_ID: 'fleet-cli',
        GATEHOUSE_NODE_CREDENTIAL: credential,
        GATEHOUSE_TRUSTED_KEYS_FILE: dir.file('trusted.pem'),
        GATEHOUSE_STATE_DIR: dir.file('state'),
        LOG_LEVEL: 'info',
      },
    );
    const origin = `http://127.0.0.1:${port}`;
    const config = gatewayConfig({
      upstreams: [fixtureUpstream('local', { eventsFile: dir.file('local.jsonl') })],
    });
    server.publish(await signedSnapshot(key, { fleetId: 'elsewhere', version: 1, config }), 1);
    await pollUntil(
      async () => {
        if (child?.hasExited === true) throw new Error(`the node exited:\n${child.tail()}`);
        return /snapshot refused \(wrong-fleet\)/.test(child?.tail() ?? '') ? true : undefined;
      },
      { what: 'the wrong-fleet refusal in the log', timeoutMs: 30_000 },
    );
    const waiting = await readiness(origin);
    expect(waiting.status).toBe(503);
    expect(waiting.body.reason).toMatch(/snapshot refused \(wrong-fleet\)/);
    expect(await metricsText(origin)).toContain('snapshot_refused_total{reason="wrong-fleet"} 1');

    server.publish(await signedSnapshot(key, { fleetId: 'fleet-cli', version: 2, config }), 2);
    await pollUntil(async () => ((await readiness(origin)).status === 200 ? true : undefined), {
      what: 'the node ready on a good snapshot',
      timeoutMs: 30_000,
    });
    expect((await readiness(origin)).body.snapshot).toMatchObject({
      version: 2,
      source: 'control-plane',
    });
    const beat = await pollUntil(
      async () =>
        server.heartbeats.find(
          (received) => received.appliedVersion === 2 && received.state === 'serving',
        ),
      { what: 'a serving heartbeat', timeoutMs: 10_000 },
    );
    expect(beat.lastError).toBeUndefined();
    // Stdio upstreams inherit the node's environment, but not its credential.
    const boot = await pollUntil(
      async () =>
        (await readUpstreamEvents(dir.file('local.jsonl'))).find((event) => event.event === 'boot'),
      { what: 'the stdio upstream booted' },
    );
    const upstreamEnv = await readFile(`/proc/${boot.pid}/environ`, 'utf8').catch(() => '');
    expect(upstreamEnv).toContain('TEST_UPSTREAM_EVENTS=');
    expect(upstreamEnv).not.toContain(credential);
    await child.stop();
    expect(child.tail()).not.toContain(credential);
  });
});
