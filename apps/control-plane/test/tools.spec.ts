import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorOf, MISSING_ID } from './support/api-bodies.js';
import type { PageBody } from './support/api-bodies.js';
import { seedCatalog } from './support/catalog.js';
import type { CatalogTool } from './support/catalog.js';
import { introspect } from './support/introspect.js';
import { startTestApp } from './support/test-app.js';
import type { TestApp } from './support/test-app.js';
import { startTinyUpstream } from './support/tiny-upstream.js';
import type { TinyUpstream } from './support/tiny-upstream.js';

interface Change {
  actor: { type: string; name: string | null };
  tenantId: string | null;
  action: string;
  before: unknown;
  after: unknown;
}

const schema = (property: string) => ({
  type: 'object' as const,
  properties: { [property]: { type: 'string' } },
});

let t: TestApp;
let admin: string;
let viewer: string;
let tiny: TinyUpstream;
let upstreamId: string;
let tools: Map<string, CatalogTool>;

beforeAll(async () => {
  [t, tiny] = await Promise.all([
    startTestApp(),
    startTinyUpstream([
      { name: 'read_file', inputSchema: schema('path') },
      { name: 'write_file', inputSchema: schema('path') },
      { name: 'delete_file', inputSchema: schema('path') },
    ]),
  ]);
  admin = await t.token('admin', 'tools-admin');
  viewer = await t.token('viewer');
  ({ upstreamId, tools } = await seedCatalog(t, admin, { name: 'files', url: tiny.url }));
  for (const name of ['files.read', 'files.write']) {
    await t.request('POST', '/api/v1/scopes', { token: admin, body: { name } });
  }
});
afterAll(async () => {
  await Promise.all([t?.close(), tiny?.close()]);
});

function toolId(name: string): string {
  const tool = tools.get(name);
  if (!tool) throw new Error(`no tool ${name} in the catalog`);
  return tool.id;
}

describe('tool catalog reads', () => {
  it("pages through an upstream's tools, newly discovered ones dangerous and disabled", async () => {
    const first = await t.request('GET', `/api/v1/upstreams/${upstreamId}/tools?limit=2`, {
      token: viewer,
    });
    const page = first.body as PageBody<CatalogTool>;
    expect(page.items).toHaveLength(2);
    const rest = await t.request(
      'GET',
      `/api/v1/upstreams/${upstreamId}/tools?limit=2&cursor=${page.nextCursor ?? ''}`,
      { token: viewer },
    );
    const names = [...page.items, ...(rest.body as PageBody<CatalogTool>).items].map(
      (tool) => tool.name,
    );
    expect(names.sort()).toEqual(['delete_file', 'read_file', 'write_file']);
    expect((rest.body as PageBody<CatalogTool>).nextCursor).toBeNull();
    for (const tool of tools.values()) {
      expect(tool).toMatchObject({ tier: 'dangerous', enabled: false, pinnedVersionId: null });
    }
  });

  it('answers 404 for an unknown upstream or tool', async () => {
    const upstream = await t.request('GET', `/api/v1/upstreams/${MISSING_ID}/tools`, {
      token: viewer,
    });
    expect(upstream.status).toBe(404);
    const tool = await t.request('GET', `/api/v1/tools/${MISSING_ID}`, { token: viewer });
    expect(tool.status).toBe(404);
    expect(errorOf(tool.body).message).toBe(`No tool with id ${MISSING_ID}.`);
  });
});

describe('tool changes', () => {
  it('sets tier, enabled flag and required scopes, with history', async () => {
    const id = toolId('read_file');
    const changed = await t.request('PATCH', `/api/v1/tools/${id}`, {
      token: admin,
      body: { tier: 'read_only', enabled: true, requiredScopes: ['files.read'] },
    });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({
      tier: 'read_only',
      enabled: true,
      requiredScopes: ['files.read'],
    });
    const history = await t.request(
      'GET',
      `/api/v1/config-history?entityType=tool&entityId=${id}`,
      {
        token: viewer,
      },
    );
    const [update] = (history.body as PageBody<Change>).items;
    expect(update).toMatchObject({
      actor: { type: 'admin_token', name: 'tools-admin' },
      action: 'update',
      before: { tier: 'dangerous', enabled: false, requiredScopes: [] },
      after: { tier: 'read_only', enabled: true, requiredScopes: ['files.read'] },
    });
    const scopesOnly = await t.request('PATCH', `/api/v1/tools/${id}`, {
      token: admin,
      body: { requiredScopes: ['files.write', 'files.read'] },
    });
    expect(scopesOnly.body).toMatchObject({
      tier: 'read_only',
      requiredScopes: ['files.read', 'files.write'],
    });
    await t.request('PATCH', `/api/v1/tools/${id}`, {
      token: admin,
      body: { requiredScopes: ['files.read'] },
    });
    // A scope a tool requires cannot be deleted.
    const scopes = await t.request('GET', '/api/v1/scopes', { token: viewer });
    const filesRead = (scopes.body as PageBody<{ id: string; name: string }>).items.find(
      (scope) => scope.name === 'files.read',
    );
    const deleted = await t.request('DELETE', `/api/v1/scopes/${filesRead?.id ?? ''}`, {
      token: admin,
    });
    expect(deleted.status).toBe(409);
    expect(errorOf(deleted.body).message).toContain('required by 1 tool(s) (files/read_file)');
  });

  it('refuses scopes that do not exist, naming them, and changes nothing', async () => {
    const id = toolId('write_file');
    const response = await t.request('PATCH', `/api/v1/tools/${id}`, {
      token: admin,
      body: { tier: 'write_safe', requiredScopes: ['files.write', 'files.admin', 'k8s.apply'] },
    });
    expect(response.status).toBe(404);
    expect(errorOf(response.body).message).toBe(
      'No scope named "files.admin", "k8s.apply"; create them first (POST /api/v1/scopes).',
    );
    const after = await t.request('GET', `/api/v1/tools/${id}`, { token: viewer });
    expect(after.body).toMatchObject({ tier: 'dangerous', requiredScopes: [] });
  });

  it('names invalid and unknown fields', async () => {
    const id = toolId('delete_file');
    const response = await t.request('PATCH', `/api/v1/tools/${id}`, {
      token: admin,
      body: { tier: 'harmless', requiredScopes: ['files.read', 'files.read'], name: 'rm' },
    });
    expect(response.status).toBe(400);
    expect(errorOf(response.body).issues?.map((issue) => issue.path)).toEqual([
      'tier',
      'requiredScopes',
      'name',
    ]);
    const empty = await t.request('PATCH', `/api/v1/tools/${id}`, { token: admin, body: {} });
    expect(errorOf(empty.body).issues).toEqual([
      { path: '', message: 'give at least one field to change' },
    ]);
    const forbidden = await t.request('PATCH', `/api/v1/tools/${id}`, {
      token: viewer,
      body: { enabled: true },
    });
    expect(forbidden.status).toBe(403);
  });

  it("pins a version of the tool's own, and refuses another tool's", async () => {
    const id = toolId('delete_file');
    tiny.setTools([
      { name: 'read_file', inputSchema: schema('path') },
      { name: 'write_file', inputSchema: schema('path') },
      { name: 'delete_file', inputSchema: schema('file') },
    ]);
    const job = await introspect(t, admin, upstreamId);
    expect(job.result).toMatchObject({ versionsAdded: 1 });
    const detail = await t.request('GET', `/api/v1/tools/${id}`, { token: viewer });
    const versions = (detail.body as { versions: { id: string; version: number }[] }).versions;
    const v1 = versions.find((version) => version.version === 1);
    const pinned = await t.request('PATCH', `/api/v1/tools/${id}`, {
      token: admin,
      body: { pinnedVersionId: v1?.id },
    });
    expect(pinned.status).toBe(200);
    expect(pinned.body).toMatchObject({ pinnedVersionId: v1?.id, latestVersion: { version: 2 } });
    const foreign = tools.get('read_file')?.latestVersion?.id ?? '';
    const refused = await t.request('PATCH', `/api/v1/tools/${id}`, {
      token: admin,
      body: { pinnedVersionId: foreign },
    });
    expect(refused.status).toBe(404);
    expect(errorOf(refused.body).message).toBe(`Tool ${id} has no version with id ${foreign}.`);
    const unpinned = await t.request('PATCH', `/api/v1/tools/${id}`, {
      token: admin,
      body: { pinnedVersionId: null },
    });
    expect(unpinned.body).toMatchObject({ pinnedVersionId: null });
  });
});
