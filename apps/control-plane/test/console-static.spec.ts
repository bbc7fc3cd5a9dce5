import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp } from './support/test-app.js';
import type { TestApp } from './support/test-app.js';

describe('the control plane serves the built console', () => {
  let app: TestApp;
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'gatehouse-console-'));
    await mkdir(join(dir, 'assets'));
    await writeFile(join(dir, 'index.html'), '<!doctype html><div id="root"></div>');
    await writeFile(join(dir, 'assets', 'index-abc.js'), 'console.log(1)');
    app = await startTestApp({ CONSOLE_DIR: dir });
  });
  afterAll(async () => {
    await app?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('answers / and client-side routes with index.html, assets with long caching', async () => {
    for (const path of ['/', '/tenants', '/clients?tenant=x', '/login']) {
      const response = await fetch(`${app.baseUrl}${path}`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/text\/html/);
      expect(response.headers.get('cache-control')).toBe('no-cache');
      expect(await response.text()).toContain('id="root"');
    }
    const asset = await fetch(`${app.baseUrl}/assets/index-abc.js`);
    expect(asset.status).toBe(200);
    expect(asset.headers.get('cache-control')).toContain('immutable');
    expect((await fetch(`${app.baseUrl}/assets/missing.js`)).status).toBe(404);
  });

  it('leaves the API and health endpoints alone', async () => {
    const unknown = await app.request('GET', '/api/v1/no-such-thing');
    expect(unknown.status).toBe(404);
    expect(unknown.body).toMatchObject({ error: { code: 'not_found' } });
    expect((await app.request('GET', '/healthz')).body).toEqual({ status: 'ok' });
    expect((await app.request('GET', '/api/v1/tenants')).status).toBe(401);
    expect((await fetch(`${app.baseUrl}/../../etc/passwd`)).status).not.toBe(500);
  });
});
