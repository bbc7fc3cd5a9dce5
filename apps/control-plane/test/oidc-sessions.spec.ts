import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDevIdpProcess, signInAtIdp } from './support/dev-idp-process.js';
import type { DevIdpProcess } from './support/dev-idp-process.js';
import { pollUntil } from './support/poll.js';
import { startTestApp } from './support/test-app.js';
import type { TestApp } from './support/test-app.js';

// The redirect URI is registered at the IdP and sent in the code exchange; the spec walks
// the redirects itself and calls the app's real callback with the query the IdP produced.
const redirectUri = 'http://127.0.0.1:9/api/v1/auth/callback';
const postLogoutRedirectUri = 'http://127.0.0.1:9/login';

interface LoginRecord {
  kind: string;
  action: string;
  status: string;
  userId: string | null;
  tenantId: string | null;
}

interface Session {
  authenticated: boolean;
  roles: string[];
  csrfToken: string | null;
  user: { subject: string; name: string } | null;
}

describe('console sign-in by OIDC against the dev IdP', () => {
  let idp: DevIdpProcess;
  let app: TestApp;

  beforeAll(async () => {
    idp = await startDevIdpProcess({ redirectUri, postLogoutRedirectUri });
    app = await startTestApp({
      OIDC_ISSUER_URL: idp.issuer,
      OIDC_CLIENT_ID: 'gatehouse-console',
      OIDC_CLIENT_SECRET: 'gatehouse-console-dev-secret',
      OIDC_REDIRECT_URI: redirectUri,
      OIDC_POST_LOGOUT_REDIRECT_URI: postLogoutRedirectUri,
      OIDC_ROLE_MAPPING:
        'gatehouse-admins=admin,gatehouse-auditors=auditor,gatehouse-viewers=viewer,gatehouse-approvers=approver@acme',
    });
  });
  afterAll(async () => {
    await app?.close();
    await idp?.stop();
  });

  async function signIn(username: string, password = `${username}-demo`): Promise<string> {
    const login = await fetch(`${app.baseUrl}/api/v1/auth/login?returnTo=/tenants`, {
      redirect: 'manual',
    });
    expect(login.status).toBe(302);
    const authorizationUrl = login.headers.get('location') ?? '';
    const url = new URL(authorizationUrl);
    expect(url.origin).toBe(idp.issuer);
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
    expect(url.searchParams.get('state')).toBeTruthy();
    expect(url.searchParams.get('nonce')).toBeTruthy();
    const { callbackQuery } = await signInAtIdp(authorizationUrl, username, password);
    expect(callbackQuery).toContain('code=');
    const callback = await fetch(`${app.baseUrl}/api/v1/auth/callback${callbackQuery ?? ''}`, {
      redirect: 'manual',
    });
    expect(callback.status).toBe(302);
    expect(callback.headers.get('location')).toBe('/tenants');
    const cookie = callback.headers.getSetCookie()[0] ?? '';
    expect(cookie).toMatch(/^gatehouse_session=[^;]+; Path=\/; HttpOnly; SameSite=Lax/);
    expect(cookie).not.toContain('Secure');
    return cookie.split(';')[0] ?? '';
  }

  async function session(cookie: string): Promise<Session> {
    const response = await fetch(`${app.baseUrl}/api/v1/auth/session`, { headers: { cookie } });
    return (await response.json()) as Session;
  }

  it('signs an admin in through the IdP login page; the session works on the admin API with CSRF on mutations', async () => {
    const cookie = await signIn('admin');
    const me = await session(cookie);
    expect(me).toMatchObject({ authenticated: true, roles: ['admin'], user: { subject: 'admin' } });
    expect(me.csrfToken).toBeTruthy();

    expect((await fetch(`${app.baseUrl}/api/v1/tenants`, { headers: { cookie } })).status).toBe(
      200,
    );
    const body = JSON.stringify({ name: 'sso-made', displayName: 'Made over SSO' });
    const headers = { cookie, 'content-type': 'application/json' };
    const noCsrf = await fetch(`${app.baseUrl}/api/v1/tenants`, { method: 'POST', headers, body });
    expect(noCsrf.status).toBe(403);
    const created = await fetch(`${app.baseUrl}/api/v1/tenants`, {
      method: 'POST',
      headers: { ...headers, 'x-csrf-token': me.csrfToken ?? '' },
      body,
    });
    expect(created.status).toBe(201);

    const history = await app.request('GET', '/api/v1/config-history?entityType=tenant', {
      token: await app.token('admin'),
    });
    expect(JSON.stringify(history.body)).toContain('"type":"user"');

    const logout = await fetch(`${app.baseUrl}/api/v1/auth/logout`, {
      method: 'POST',
      headers: { cookie, 'x-csrf-token': me.csrfToken ?? '' },
    });
    const { redirectTo } = (await logout.json()) as { redirectTo: string };
    expect(redirectTo.startsWith(`${idp.issuer}/session/end`)).toBe(true);
    expect(new URL(redirectTo).searchParams.get('post_logout_redirect_uri')).toBe(
      postLogoutRedirectUri,
    );
    expect((await session(cookie)).authenticated).toBe(false);
    expect((await fetch(`${app.baseUrl}/api/v1/tenants`, { headers: { cookie } })).status).toBe(
      401,
    );
  });

  it('gives an auditor read access and refuses their mutations with 403, CSRF token or not', async () => {
    const cookie = await signIn('auditor');
    const me = await session(cookie);
    expect(me.roles).toEqual(['auditor']);
    expect((await fetch(`${app.baseUrl}/api/v1/tenants`, { headers: { cookie } })).status).toBe(
      200,
    );
    const refused = await fetch(`${app.baseUrl}/api/v1/tenants`, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/json', 'x-csrf-token': me.csrfToken ?? '' },
      body: JSON.stringify({ name: 'auditor-made', displayName: 'No' }),
    });
    expect(refused.status).toBe(403);
  });

  it('keeps tenant-scoped grants out of the global role checks', async () => {
    const cookie = await signIn('approver');
    const me = (await session(cookie)) as Session & { grants: unknown[] };
    expect(me.roles).toEqual([]);
    expect(me.grants).toEqual([{ role: 'approver', tenant: 'acme' }]);
    expect((await fetch(`${app.baseUrl}/api/v1/tenants`, { headers: { cookie } })).status).toBe(
      403,
    );
  });

  it('records each console sign-in as a login audit event', async () => {
    await signIn('auditor');
    const auditor = await app.token('auditor');
    // Sign-ins are audited just after the session opens: poll briefly for the row.
    const events = await pollUntil(async () => {
      const page = await app.request('GET', '/api/v1/audit/events?kind=login&limit=50', {
        token: auditor,
      });
      expect(page.status).toBe(200);
      const items = (page.body as { items: LoginRecord[] }).items;
      return items.some((item) => item.userId === 'user:auditor') ? items : undefined;
    }, 'the login event');
    expect(events.find((item) => item.userId === 'user:auditor')).toMatchObject({
      kind: 'login',
      action: 'console.login',
      status: 'ok',
      tenantId: null,
    });
  });

  it('refuses a wrong password on the IdP page and an unknown state at the callback', async () => {
    const login = await fetch(`${app.baseUrl}/api/v1/auth/login`, { redirect: 'manual' });
    const result = await signInAtIdp(login.headers.get('location') ?? '', 'admin', 'wrong');
    expect(result).toEqual({ callbackQuery: null, loginStatus: 401 });
    const forged = await fetch(`${app.baseUrl}/api/v1/auth/callback?code=x&state=forged`, {
      redirect: 'manual',
    });
    expect(forged.status).toBe(302);
    expect(forged.headers.get('location')).toMatch(/^\/login\?error=/);
    expect(forged.headers.getSetCookie()).toEqual([]);
  });

  it('rejects a login redirect to another site', async () => {
    const response = await fetch(
      `${app.baseUrl}/api/v1/auth/login?returnTo=${encodeURIComponent('//evil.example')}`,
      { redirect: 'manual' },
    );
    expect(response.status).toBe(400);
  });
});

describe('without OIDC settings', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(async () => {
    await app?.close();
  });

  it('boots with SSO off: no session, login is a 404', async () => {
    const session = await app.request('GET', '/api/v1/auth/session');
    expect(session.body).toMatchObject({ ssoEnabled: false, authenticated: false });
    expect((await app.request('GET', '/api/v1/auth/login')).status).toBe(404);
  });
});
