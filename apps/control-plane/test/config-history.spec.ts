import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp } from './support/test-app.js';
import type { TestApp } from './support/test-app.js';

interface Change {
  id: string;
  occurredAt: string;
  actor: { type: string; id: string; name: string | null };
  tenantId: string | null;
  entityType: string;
  entityId: string;
  action: 'create' | 'update' | 'delete';
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  requestId: string | null;
}

interface Page {
  items: Change[];
  nextCursor: string | null;
}

let t: TestApp;
let alice: string;
let bob: string;

beforeAll(async () => {
  t = await startTestApp();
  alice = await t.token('admin', 'alice');
  bob = await t.token('admin', 'bob');
});
afterAll(async () => {
  await t?.close();
});

async function history(query: string, token = alice): Promise<Page> {
  const response = await t.request('GET', `/api/v1/config-history${query}`, { token });
  expect(response.status).toBe(200);
  return response.body as Page;
}

describe('config history', () => {
  it('records who created, changed and deleted a tenant, with before and after', async () => {
    const me = (await t.request('GET', '/api/v1/auth/me', { token: alice })).body as {
      tokenId: string;
    };
    const bobId = (
      (await t.request('GET', '/api/v1/auth/me', { token: bob })).body as { tokenId: string }
    ).tokenId;

    const created = await t.request('POST', '/api/v1/tenants', {
      token: alice,
      body: { name: 'audited', displayName: 'Audited' },
    });
    const tenant = created.body as Record<string, unknown> & { id: string };
    const updated = await t.request('PATCH', `/api/v1/tenants/${tenant.id}`, {
      token: bob,
      body: { displayName: 'Audited Inc.' },
    });
    expect(updated.status).toBe(200);
    const deleted = await t.request('DELETE', `/api/v1/tenants/${tenant.id}`, { token: alice });
    expect(deleted.status).toBe(204);

    const page = await history(`?entityType=tenant&entityId=${tenant.id}`);
    expect(page.items.map((change) => change.action)).toEqual(['delete', 'update', 'create']);
    const [deletion, update, creation] = page.items;

    expect(creation).toMatchObject({
      entityType: 'tenant',
      entityId: tenant.id,
      tenantId: tenant.id,
      actor: { type: 'admin_token', id: me.tokenId, name: 'alice' },
      before: null,
      after: tenant,
      requestId: created.headers.get('x-request-id'),
    });
    expect(update).toMatchObject({
      actor: { type: 'admin_token', id: bobId, name: 'bob' },
      before: { ...tenant, displayName: 'Audited' },
      after: {
        ...tenant,
        displayName: 'Audited Inc.',
        updatedAt: (updated.body as { updatedAt: string }).updatedAt,
      },
      requestId: updated.headers.get('x-request-id'),
    });
    expect(deletion).toMatchObject({
      actor: { name: 'alice' },
      before: { displayName: 'Audited Inc.' },
      after: null,
    });
    expect(Date.parse(creation?.occurredAt ?? '')).toBeLessThanOrEqual(
      Date.parse(deletion?.occurredAt ?? ''),
    );
  });

  it('records nothing for a change that failed', async () => {
    await t.request('POST', '/api/v1/tenants', {
      token: alice,
      body: { name: 'once', displayName: 'Once' },
    });
    const duplicate = await t.request('POST', '/api/v1/tenants', {
      token: alice,
      body: { name: 'once', displayName: 'Twice' },
    });
    expect(duplicate.status).toBe(409);
    const creates = (await history('?entityType=tenant&limit=200')).items.filter(
      (change) =>
        change.action === 'create' && (change.after as { name?: string } | null)?.name === 'once',
    );
    expect(creates).toHaveLength(1);
  });

  it('records admin tokens created by the bootstrap path, attributed to the system', async () => {
    const page = await history('?entityType=admin_token');
    const alices = page.items.find(
      (change) => (change.after as { name?: string } | null)?.name === 'alice',
    );
    expect(alices).toMatchObject({
      action: 'create',
      actor: { type: 'system', id: 'test', name: null },
      before: null,
    });
    expect(JSON.stringify(alices?.after)).not.toMatch(/hash/i);
  });

  it('filters by tenant and pages newest first without repeats', async () => {
    const created = await t.request('POST', '/api/v1/tenants', {
      token: alice,
      body: { name: 'busy', displayName: 'v0' },
    });
    const id = (created.body as { id: string }).id;
    for (let version = 1; version <= 5; version += 1) {
      await t.request('PATCH', `/api/v1/tenants/${id}`, {
        token: alice,
        body: { displayName: `v${version}` },
      });
    }
    const names: string[] = [];
    let cursor: string | null = null;
    do {
      const query: string = `?tenantId=${id}&limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
      const page = await history(query);
      names.push(
        ...page.items.map((change) =>
          String((change.after as { displayName?: string }).displayName),
        ),
      );
      cursor = page.nextCursor;
    } while (cursor !== null);
    expect(names).toEqual(['v5', 'v4', 'v3', 'v2', 'v1', 'v0']);
  });

  it('validates its query, naming the field', async () => {
    const orphan = await t.request('GET', '/api/v1/config-history?entityId=abc', { token: alice });
    expect(orphan.status).toBe(400);
    expect((orphan.body as { error: { issues: unknown[] } }).error.issues).toEqual([
      { path: 'entityType', message: 'entityId needs entityType too' },
    ]);
    const badType = await t.request('GET', '/api/v1/config-history?entityType=Tenant!', {
      token: alice,
    });
    expect(badType.status).toBe(400);
    expect((badType.body as { error: { issues: { path: string }[] } }).error.issues[0]?.path).toBe(
      'entityType',
    );
  });

  it('is readable by read-only roles', async () => {
    const auditor = await t.token('auditor');
    const response = await t.request('GET', '/api/v1/config-history', { token: auditor });
    expect(response.status).toBe(200);
  });
});
