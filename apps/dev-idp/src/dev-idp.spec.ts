import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDevIdp } from './create-dev-idp.js';
import type { DevIdp } from './create-dev-idp.js';

describe('the dev IdP', () => {
  let idp: DevIdp;
  beforeAll(async () => {
    idp = await startDevIdp({
      clients: [
        {
          clientId: 'console',
          clientSecret: 'secret',
          redirectUris: ['http://127.0.0.1:1/callback'],
          postLogoutRedirectUris: ['http://127.0.0.1:1/login'],
        },
      ],
    });
  });
  afterAll(async () => {
    await idp?.close();
  });

  it('publishes discovery with PKCE, RP-initiated logout and the groups claim', async () => {
    const response = await fetch(`${idp.issuer}/.well-known/openid-configuration`);
    const metadata = (await response.json()) as Record<string, unknown>;
    expect(metadata['issuer']).toBe(idp.issuer);
    expect(metadata['code_challenge_methods_supported']).toEqual(['S256']);
    expect(metadata['end_session_endpoint']).toBe(`${idp.issuer}/session/end`);
    expect(metadata['claims_supported']).toContain('groups');
  });

  it('shows its own login page, and refuses a wrong password', async () => {
    const authorize = new URL(`${idp.issuer}/auth`);
    authorize.search = new URLSearchParams({
      client_id: 'console',
      redirect_uri: 'http://127.0.0.1:1/callback',
      response_type: 'code',
      scope: 'openid groups',
      code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
      code_challenge_method: 'S256',
      state: 'state-1',
    }).toString();
    const start = await fetch(authorize, { redirect: 'manual' });
    const interaction = new URL(start.headers.get('location') ?? '', idp.issuer);
    const cookie = start.headers
      .getSetCookie()
      .map((line) => line.split(';')[0])
      .join('; ');
    const page = await fetch(interaction, { headers: { cookie } });
    const html = await page.text();
    expect(html).toContain('<label for="password">Password</label>');
    const wrong = await fetch(`${interaction.href}/login`, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
      body: 'username=admin&password=nope',
    });
    expect(wrong.status).toBe(401);
    expect(await wrong.text()).toContain('Unknown user or wrong password.');
  });
});
