import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canonicalJson } from '@gatehouse/contracts';
import { errorOf, MISSING_ID } from './support/api-bodies.js';
import type { PageBody } from './support/api-bodies.js';
import { EVERYTHING_ENTRY, startEverythingServer } from './support/everything-server.js';
import type { EverythingServer } from './support/everything-server.js';
import { introspect } from './support/introspect.js';
import type { IntrospectionJobBody } from './support/introspect.js';
import { pollUntil } from './support/poll.js';
import { startTestApp } from './support/test-app.js';
import type { TestApp } from './support/test-app.js';
import { startTinyUpstream } from './support/tiny-upstream.js';
import type { TinyUpstream } from './support/tiny-upstream.js';

interface Upstream {
  id: string;
  introspectedAt: string | null;
  introspectionError: string | null;
}

interface Tool {
  id: string;
  upstreamId: string;
  name: string;
  tier: string;
  enabled: boolean;
  requiredScopes: string[];
  pinnedVersionId: string | null;
  latestVersion: { id: string; version: number; schemaHash: string } | null;
  removedAt: string | null;
}

interface ToolVersion {
  id: string;
  version: number;
  schemaHash: string;
  description: string | null;
  inputSchema: Record<string, unknown>;
  firstSeenAt: string;
  lastSeenAt: string;
}

interface ToolDetail extends Tool {
  versions: ToolVersion[];
}

interface Change {
  actor: { type: string; id: string };
  entityType: string;
  entityId: string;
  action: string;
  before: unknown;
  after: unknown;
  requestId: string | null;
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

let t: TestApp;
let admin: string;
let viewer: string;
let everything: EverythingServer;
let tiny: TinyUpstream;

const greetV1 = {
  name: 'greet',
  description: 'Greets someone',
  inputSchema: { type: 'object' as const, properties: { name: { type: 'string' } } },
};
const greetV2 = {
  ...greetV1,
  inputSchema: {
    type: 'object' as const,
    properties: { name: { type: 'string' }, formal: { type: 'boolean' } },
    required: ['name'],
  },
};
const farewell = {
  name: 'farewell',
  inputSchema: { type: 'object' as const, properties: {} },
};

beforeAll(async () => {
  [t, everything, tiny] = await Promise.all([
    startTestApp(),
    startEverythingServer(),
    startTinyUpstream([greetV1, farewell], { pageSize: 1 }),
  ]);
  admin = await t.token('admin');
  viewer = await t.token('viewer');
});
afterAll(async () => {
  await Promise.all([t?.close(), everything?.stop(), tiny?.close()]);
});

async function createUpstream(body: Record<string, unknown>): Promise<Upstream> {
  const response = await t.request('POST', '/api/v1/upstreams', { token: admin, body });
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return response.body as Upstream;
}

async function toolsOf(upstreamId: string, query = ''): Promise<Tool[]> {
  const response = await t.request('GET', `/api/v1/upstreams/${upstreamId}/tools${query}`, {
    token: viewer,
  });
  expect(response.status).toBe(200);
  return (response.body as PageBody<Tool>).items;
}

async function toolDetail(id: string): Promise<ToolDetail> {
  const response = await t.request('GET', `/api/v1/tools/${id}`, { token: viewer });
  expect(response.status).toBe(200);
  return response.body as ToolDetail;
}

/** The catalog's echo tool after an introspection: present, with its schema's hash. */
async function expectEcho(upstreamId: string, job: IntrospectionJobBody): Promise<void> {
  expect(job.error).toBeNull();
  expect(job.state).toBe('completed');
  expect(job.result?.toolsAdded).toBeGreaterThan(3);
  const tools = await toolsOf(upstreamId, '?limit=200');
  expect(tools).toHaveLength(job.result?.toolsListed ?? -1);
  const echo = tools.find((tool) => tool.name === 'echo');
  expect(echo).toMatchObject({ tier: 'dangerous', enabled: false, requiredScopes: [] });
  const detail = await toolDetail(echo?.id ?? '');
  expect(detail.versions).toHaveLength(1);
  const [version] = detail.versions;
  expect(version?.inputSchema).toMatchObject({ type: 'object', properties: { message: {} } });
  expect(version?.schemaHash).toBe(sha256(canonicalJson(version?.inputSchema)));
  expect(detail.latestVersion).toEqual({
    id: version?.id,
    version: 1,
    schemaHash: version?.schemaHash,
  });
  const upstream = await t.request('GET', `/api/v1/upstreams/${upstreamId}`, { token: viewer });
  expect(upstream.body).toMatchObject({ introspectionError: null });
  expect((upstream.body as Upstream).introspectedAt).not.toBeNull();
}

describe('introspecting server-everything', () => {
  it('fills the catalog over stdio', async () => {
    const upstream = await createUpstream({
      name: 'everything-stdio',
      transport: { type: 'stdio', command: process.execPath, args: [EVERYTHING_ENTRY, 'stdio'] },
    });
    const job = await introspect(t, admin, upstream.id);
    expect(job).toMatchObject({ kind: 'upstream', upstreamId: upstream.id, trigger: 'manual' });
    await expectEcho(upstream.id, job);
  });

  it('fills the catalog over Streamable HTTP, and a second run changes nothing', async () => {
    const upstream = await createUpstream({
      name: 'everything-http',
      transport: { type: 'streamable-http', url: everything.url },
    });
    const first = await introspect(t, admin, upstream.id);
    await expectEcho(upstream.id, first);
    const again = await introspect(t, admin, upstream.id);
    expect(again.result).toMatchObject({
      toolsListed: first.result?.toolsListed,
      toolsAdded: 0,
      versionsAdded: 0,
      toolsRemoved: 0,
    });
  });
});

describe('tool versions', () => {
  it('makes a new version when the schema changes, never overwriting the old one', async () => {
    const upstream = await createUpstream({
      name: 'tiny',
      transport: { type: 'streamable-http', url: tiny.url },
    });
    tiny.setTools([greetV1, farewell]);
    // Page size 1: the catalog has both tools only if every page was read.
    const first = await introspect(t, admin, upstream.id);
    expect(first.result).toMatchObject({ toolsListed: 2, toolsAdded: 2, versionsAdded: 0 });
    const greet = (await toolsOf(upstream.id)).find((tool) => tool.name === 'greet');
    const v1 = (await toolDetail(greet?.id ?? '')).versions[0];
    expect(v1?.schemaHash).toBe(sha256(canonicalJson(greetV1.inputSchema)));

    tiny.setTools([greetV2]);
    const second = await introspect(t, admin, upstream.id);
    expect(second.result).toMatchObject({
      toolsListed: 1,
      toolsAdded: 0,
      versionsAdded: 1,
      toolsRemoved: 1,
    });
    const detail = await toolDetail(greet?.id ?? '');
    expect(detail.versions.map((version) => version.version)).toEqual([2, 1]);
    const [v2, old] = detail.versions;
    expect(old).toEqual(v1);
    expect(v2?.inputSchema).toEqual(greetV2.inputSchema);
    expect(v2?.schemaHash).toBe(sha256(canonicalJson(greetV2.inputSchema)));
    expect(v2?.schemaHash).not.toBe(v1?.schemaHash);
    expect(detail.latestVersion).toMatchObject({ id: v2?.id, version: 2 });

    // farewell is no longer listed: kept, marked removed, hidden from the default list.
    expect((await toolsOf(upstream.id)).map((tool) => tool.name)).toEqual(['greet']);
    const all = await toolsOf(upstream.id, '?includeRemoved=true');
    expect(all.find((tool) => tool.name === 'farewell')?.removedAt).not.toBeNull();

    // Back to the first schema: its version is seen again (latest), no third version.
    tiny.setTools([greetV1, farewell]);
    const third = await introspect(t, admin, upstream.id);
    expect(third.result).toMatchObject({ versionsAdded: 0, toolsAdded: 0, toolsRemoved: 0 });
    const reverted = await toolDetail(greet?.id ?? '');
    expect(reverted.versions).toHaveLength(2);
    expect(reverted.latestVersion).toMatchObject({ id: v1?.id, version: 1 });
    expect((await toolsOf(upstream.id)).map((tool) => tool.name).sort()).toEqual([
      'farewell',
      'greet',
    ]);

    // The system's catalog changes are in the config history, attributed to the job.
    const history = await t.request(
      'GET',
      `/api/v1/config-history?entityType=tool_version&entityId=${v2?.id ?? ''}`,
      { token: viewer },
    );
    const [change] = (history.body as PageBody<Change>).items;
    expect(change).toMatchObject({
      actor: { type: 'system', id: 'introspection' },
      action: 'create',
      before: null,
      after: { id: v2?.id, toolId: greet?.id, version: 2, schemaHash: v2?.schemaHash },
      requestId: `introspection-job:${second.id}`,
    });
  });
});

describe('introspection failures and jobs', () => {
  it('records why an upstream could not be introspected', async () => {
    const upstream = await createUpstream({
      name: 'nowhere',
      timeoutMs: 2_000,
      transport: { type: 'stdio', command: '/nonexistent/mcp-server' },
    });
    const job = await introspect(t, admin, upstream.id);
    expect(job.state).toBe('failed');
    expect(job.error).toContain('/nonexistent/mcp-server');
    const after = await t.request('GET', `/api/v1/upstreams/${upstream.id}`, { token: viewer });
    expect((after.body as Upstream).introspectionError).toBe(job.error);
    expect((after.body as Upstream).introspectedAt).toBeNull();
  });

  it('answers 404 for an unknown upstream or job, and 403 to a viewer', async () => {
    const upstream = await t.request('POST', `/api/v1/upstreams/${MISSING_ID}/introspect`, {
      token: admin,
    });
    expect(upstream.status).toBe(404);
    expect(errorOf(upstream.body).message).toBe(`No upstream with id ${MISSING_ID}.`);
    const job = await t.request('GET', '/api/v1/jobs/introspection/999999', { token: admin });
    expect(job.status).toBe(404);
    const badId = await t.request('GET', '/api/v1/jobs/introspection/no%20such', { token: admin });
    expect(badId.status).toBe(400);
    expect(errorOf(badId.body).issues?.[0]?.path).toBe('jobId');
    const forbidden = await t.request('POST', `/api/v1/upstreams/${MISSING_ID}/introspect`, {
      token: viewer,
    });
    expect(forbidden.status).toBe(403);
  });
});

describe('scheduled introspection', () => {
  it('introspects every enabled upstream on the interval, and not disabled ones', async () => {
    const scheduled = await startTestApp({ INTROSPECTION_INTERVAL_SECONDS: '1' });
    try {
      const token = await scheduled.token('admin');
      const create = async (name: string, enabled: boolean): Promise<Upstream> => {
        const response = await scheduled.request('POST', '/api/v1/upstreams', {
          token,
          body: { name, enabled, transport: { type: 'streamable-http', url: tiny.url } },
        });
        expect(response.status).toBe(201);
        return response.body as Upstream;
      };
      const on = await create('scheduled-on', true);
      const off = await create('scheduled-off', false);
      const introspected = await pollUntil(async () => {
        const response = await scheduled.request('GET', `/api/v1/upstreams/${on.id}`, { token });
        const upstream = response.body as Upstream;
        return upstream.introspectedAt === null ? undefined : upstream;
      }, 'a scheduled introspection');
      expect(introspected.introspectionError).toBeNull();
      const tools = await scheduled.request('GET', `/api/v1/upstreams/${on.id}/tools`, { token });
      expect((tools.body as PageBody<Tool>).items.length).toBeGreaterThan(0);
      const skipped = await scheduled.request('GET', `/api/v1/upstreams/${off.id}`, { token });
      expect((skipped.body as Upstream).introspectedAt).toBeNull();
      expect(scheduled.errorLogs()).toEqual([]);
    } finally {
      await scheduled.close();
    }
  });
});
