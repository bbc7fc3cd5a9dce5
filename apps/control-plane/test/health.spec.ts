import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp } from './support/test-app.js';
import type { TestApp } from './support/test-app.js';

/** A port nothing listens on: bind one, note it, close it. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('health with Postgres and Redis up', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('answers /healthz without a token', async () => {
    const response = await t.request('GET', '/healthz');
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ status: 'ok' });
  });

  it('answers /readyz 200 once both dependencies answer', async () => {
    // Redis connects in the background after boot; give it a moment.
    let response = await t.request('GET', '/readyz');
    for (let attempt = 0; attempt < 20 && response.status !== 200; attempt += 1) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      response = await t.request('GET', '/readyz');
    }
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      status: 'ready',
      checks: { postgres: { ok: true }, redis: { ok: true } },
    });
    expect(t.errorLogs()).toEqual([]);
  });
});

describe('health with Redis unreachable', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ REDIS_URL: `redis://127.0.0.1:${await closedPort()}` });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('still boots and is alive, but not ready, and says why', async () => {
    expect((await t.request('GET', '/healthz')).status).toBe(200);
    const response = await t.request('GET', '/readyz');
    expect(response.status).toBe(503);
    const body = response.body as {
      status: string;
      checks: { postgres: { ok: boolean }; redis: { ok: boolean; error?: string } };
    };
    expect(body.status).toBe('not_ready');
    expect(body.checks.postgres.ok).toBe(true);
    expect(body.checks.redis.ok).toBe(false);
    expect(body.checks.redis.error).toBeTruthy();
  });
});

describe('health with Postgres unreachable', () => {
  let t: TestApp;
  beforeAll(async () => {
    // Boot does not wait for Postgres: Prisma connects on the first query.
    t = await startTestApp({
      DATABASE_URL: `postgresql://postgres@127.0.0.1:${await closedPort()}/gatehouse`,
    });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('is alive but not ready, and a data route answers 500 without internals', async () => {
    expect((await t.request('GET', '/healthz')).status).toBe(200);
    const ready = await t.request('GET', '/readyz');
    expect(ready.status).toBe(503);
    expect(ready.body).toMatchObject({ status: 'not_ready', checks: { postgres: { ok: false } } });
    // Authentication needs the database: the error is generic, the request id points to the log.
    const response = await t.request('GET', '/api/v1/tenants', {
      token: `gh_adm_${'A'.repeat(43)}`,
    });
    expect(response.status).toBe(500);
    const { error } = response.body as {
      error: { code: string; message: string; requestId: string };
    };
    expect(error.code).toBe('internal');
    expect(error.message).not.toMatch(/ECONNREFUSED|prisma/i);
    expect(error.requestId).toBe(response.headers.get('x-request-id'));
  });
});
