// The control plane and its bootstrap command as real processes.
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { collect, runEntry, spawnEntry } from './support/run-process.js';
import { deleteRedisKeys } from './support/test-app.js';
import { createTestDatabase } from './support/test-database.js';
import type { TestDatabase } from './support/test-database.js';
import { testName, testRedisUrl } from './support/test-env.js';

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

async function waitForHttp(url: string, deadlineMs = 20_000): Promise<Response> {
  const started = Date.now();
  for (;;) {
    try {
      return await fetch(url);
    } catch (error) {
      if (Date.now() - started > deadlineMs) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

let database: TestDatabase;
let env: NodeJS.ProcessEnv;
let keyDir: string;
const redisPrefix = `${testName()}:`;

beforeAll(async () => {
  database = await createTestDatabase(inject('templateDatabaseUrl'));
  keyDir = await mkdtemp(join(tmpdir(), 'gatehouse-cp-test-'));
  env = {
    DATABASE_URL: database.url,
    REDIS_URL: testRedisUrl,
    REDIS_PREFIX: redisPrefix,
    LOG_LEVEL: 'warn',
    SNAPSHOT_SIGNING_KEY_FILE: join(keyDir, 'snapshot-signing-key.pem'),
  };
});
afterAll(async () => {
  await database?.drop();
  await deleteRedisKeys(redisPrefix);
  if (keyDir) await rm(keyDir, { recursive: true, force: true });
});

describe('control plane process', () => {
  it('refuses to start on a bad environment, one line per variable', async () => {
    const result = await runEntry('main.ts', [], { ...env, PORT: 'eighty', LOG_LEVEL: 'chatty' });
    expect(result.code).toBe(78);
    expect(result.stderr).toBe(
      'Invalid control plane configuration:\n' +
        '  PORT: must be an integer between 1 and 65535 (got "eighty")\n' +
        '  LOG_LEVEL: must be one of fatal, error, warn, info, debug, trace, silent (got "chatty")\n',
    );
  });

  it('starts, serves, and stops cleanly on SIGTERM', async () => {
    const port = await freePort();
    const child = spawnEntry('main.ts', [], { ...env, PORT: String(port) });
    const exited = collect(child);
    try {
      const response = await waitForHttp(`http://127.0.0.1:${port}/healthz`);
      expect(response.status).toBe(200);
      const unauthorised = await fetch(`http://127.0.0.1:${port}/api/v1/tenants`);
      expect(unauthorised.status).toBe(401);
    } finally {
      child.kill('SIGTERM');
    }
    const result = await exited;
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
  });
});

describe('create-admin-token', () => {
  it('prints the token once on stdout, and the token works', async () => {
    const result = await runEntry(
      'cli/create-admin-token.ts',
      ['--name', 'bootstrap', '--role', 'admin', '--expires-in-days', '7'],
      env,
    );
    expect(result.code, result.stderr).toBe(0);
    const token = result.stdout.trim();
    expect(token).toMatch(/^gh_adm_[A-Za-z0-9_-]{43}$/);
    expect(result.stdout).toBe(`${token}\n`);
    expect(result.stderr).toContain('Created admin API token "bootstrap"');
    expect(result.stderr).toContain('role admin');
    expect(result.stderr).not.toContain(token);

    const port = await freePort();
    const child = spawnEntry('main.ts', [], { ...env, PORT: String(port) });
    const exited = collect(child);
    try {
      await waitForHttp(`http://127.0.0.1:${port}/healthz`);
      const me = await fetch(`http://127.0.0.1:${port}/api/v1/auth/me`, {
        headers: { authorization: `Bearer ${token}` },
      });
      expect(me.status).toBe(200);
      expect(await me.json()).toMatchObject({ name: 'bootstrap', role: 'admin' });
    } finally {
      child.kill('SIGTERM');
    }
    await exited;
  });

  it('refuses a duplicate name and bad arguments with a clear message', async () => {
    const duplicate = await runEntry('cli/create-admin-token.ts', ['--name', 'bootstrap'], env);
    expect(duplicate.code).toBe(1);
    expect(duplicate.stdout).toBe('');
    expect(duplicate.stderr).toContain('An admin API token named "bootstrap" already exists');

    const bad = await runEntry(
      'cli/create-admin-token.ts',
      ['--name', '', '--role', 'root', '--expires-in-days', 'soon'],
      env,
    );
    expect(bad.code).toBe(64);
    expect(bad.stderr).toContain('--name: must not be empty');
    expect(bad.stderr).toContain('--role:');
    expect(bad.stderr).toContain('--expires-in-days:');
  });
});
