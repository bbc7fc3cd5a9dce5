import { createHash } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp } from './support/test-app.js';
import type { TestApp } from './support/test-app.js';

interface ErrorBody {
  error: { code: string; message: string };
}

let t: TestApp;
let admin: string;

beforeAll(async () => {
  t = await startTestApp();
  admin = await t.token('admin', 'root-admin');
});
afterAll(async () => {
  await t?.close();
});

async function sql<T extends pg.QueryResultRow>(
  text: string,
  values: unknown[] = [],
): Promise<T[]> {
  const client = new pg.Client({ connectionString: t.database.url });
  await client.connect();
  try {
    return (await client.query<T>(text, values)).rows;
  } finally {
    await client.end();
  }
}

describe('authentication', () => {
  it('answers 401 without a token, with WWW-Authenticate and how to get one', async () => {
    const response = await t.request('GET', '/api/v1/tenants');
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe('Bearer realm="gatehouse-admin"');
    const { error } = response.body as ErrorBody;
    expect(error.code).toBe('unauthenticated');
    expect(error.message).toContain('Authorization: Bearer gh_adm_');
  });

  it('answers 401 for another scheme, a foreign token and an unknown token', async () => {
    const basic = await fetch(`${t.baseUrl}/api/v1/tenants`, {
      headers: { authorization: 'Basic YWRtaW46YWRtaW4=' },
    });
    expect(basic.status).toBe(401);
    expect(((await basic.json()) as ErrorBody).error.message).toContain('Bearer scheme');

    const foreign = await t.request('GET', '/api/v1/tenants', {
      token: 'ghp_somebody_elses_token',
    });
    expect(foreign.status).toBe(401);
    expect((foreign.body as ErrorBody).error.message).toContain('not a Gatehouse admin API token');

    // Right shape, right prefix, wrong secret: the hash comparison refuses it.
    const tampered = `${admin.slice(0, -4)}AAAA`;
    const unknown = await t.request('GET', '/api/v1/tenants', {
      token: tampered === admin ? `${admin.slice(0, -4)}BBBB` : tampered,
    });
    expect(unknown.status).toBe(401);
    expect((unknown.body as ErrorBody).error.message).toBe(
      'The admin API token is not known to this control plane.',
    );
  });

  it('answers 401 for revoked and expired tokens, saying which', async () => {
    const revoked = await t.token('admin', 'to-revoke');
    const expired = await t.token('admin', 'to-expire');
    await sql(`UPDATE admin_api_tokens SET revoked_at = now() WHERE name = 'to-revoke'`);
    await sql(
      `UPDATE admin_api_tokens SET expires_at = now() - interval '1 minute' WHERE name = 'to-expire'`,
    );
    const first = await t.request('GET', '/api/v1/tenants', { token: revoked });
    expect(first.status).toBe(401);
    expect((first.body as ErrorBody).error.message).toContain('"to-revoke" was revoked on');
    const second = await t.request('GET', '/api/v1/tenants', { token: expired });
    expect(second.status).toBe(401);
    expect((second.body as ErrorBody).error.message).toContain('"to-expire" expired on');
  });

  it('stores only a SHA-256 hash and a lookup prefix, never the token', async () => {
    const rows = await sql<{ token_prefix: string; token_hash: string }>(
      `SELECT token_prefix, token_hash FROM admin_api_tokens WHERE name = 'root-admin'`,
    );
    expect(rows).toHaveLength(1);
    const row = rows[0];
    expect(row?.token_hash).toBe(createHash('sha256').update(admin).digest('hex'));
    expect(admin.startsWith(row?.token_prefix ?? '-')).toBe(true);
    expect(row?.token_prefix).toMatch(/^gh_adm_.{8}$/);
    const dump = JSON.stringify(await sql('SELECT * FROM admin_api_tokens'));
    expect(dump).not.toContain(admin);
  });

  it('tells a token who it is', async () => {
    const response = await t.request('GET', '/api/v1/auth/me', { token: admin });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      name: 'root-admin',
      role: 'admin',
      expiresAt: null,
      tokenPrefix: admin.slice(0, 15),
    });
  });

  it('serves public routes without a token', async () => {
    expect((await t.request('GET', '/healthz')).status).toBe(200);
    expect((await t.request('GET', '/api/openapi.json')).status).toBe(200);
  });
});

describe('roles', () => {
  it('lets every role read', async () => {
    for (const role of ['admin', 'approver', 'auditor', 'viewer'] as const) {
      const token = await t.token(role);
      const response = await t.request('GET', '/api/v1/tenants', { token });
      expect(response.status, role).toBe(200);
    }
  });

  it('answers 403 to a viewer (and other non-admins) changing configuration, naming the role needed', async () => {
    const created = await t.request('POST', '/api/v1/tenants', {
      token: admin,
      body: { name: 'guarded', displayName: 'Guarded' },
    });
    const id = (created.body as { id: string }).id;
    for (const role of ['viewer', 'auditor', 'approver'] as const) {
      const token = await t.token(role, `${role}-mutator`);
      const attempts = [
        await t.request('POST', '/api/v1/tenants', {
          token,
          body: { name: `by-${role}`, displayName: 'X' },
        }),
        await t.request('PATCH', `/api/v1/tenants/${id}`, { token, body: { enabled: false } }),
        await t.request('DELETE', `/api/v1/tenants/${id}`, { token }),
      ];
      for (const response of attempts) {
        expect(response.status, role).toBe(403);
        const { error } = response.body as ErrorBody;
        expect(error.code).toBe('forbidden');
        expect(error.message).toContain(`"${role}-mutator" has the role ${role}`);
        expect(error.message).toContain('it needs the role admin');
      }
    }
    const still = await t.request('GET', `/api/v1/tenants/${id}`, { token: admin });
    expect(still.body).toMatchObject({ name: 'guarded', enabled: true });
  });
});
