import { describe, expect, it } from 'vitest';
import { jwtIssuerSchema } from '@gatehouse/contracts';
import { KEY_A, KEY_B, KEY_DISABLED, KEY_EXPIRED, fixturePolicy } from '../test/policy-fixture.js';
import {
  anonymousIdentity,
  authenticateApiKey,
  identityForClient,
  identityFromClaims,
  scopesOf,
} from './authenticate.js';

const NOW = Date.parse('2026-11-25T12:00:00Z');

describe('authenticateApiKey', () => {
  const policy = fixturePolicy();

  it('finds the client of a key by its hash, with its tenant and scopes', () => {
    const result = authenticateApiKey(policy, KEY_A, NOW);
    expect(result).toEqual({
      ok: true,
      identity: {
        tenant: 'alpha',
        client: 'alpha-app',
        scopes: ['search.read', 'crm.write'],
        credential: 'api_key',
        credentialId: 'k1',
      },
    });
    expect(authenticateApiKey(policy, KEY_B, NOW)).toMatchObject({
      ok: true,
      identity: { tenant: 'beta', client: 'beta-app' },
    });
  });

  it('refuses an unknown key without saying more', () => {
    const result = authenticateApiKey(policy, 'gh_live_nope', NOW);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.refusal).toMatchObject({ reason: 'unauthenticated', rule: 'api-key' });
    expect(result.refusal.message).toBe('the API key is not valid');
  });

  it('refuses an expired key from its expiry on, and serves it before', () => {
    const expiry = Date.parse('2026-01-01T00:00:00Z');
    expect(authenticateApiKey(policy, KEY_EXPIRED, expiry - 1)).toMatchObject({
      ok: true,
      identity: { expiresAt: expiry },
    });
    expect(authenticateApiKey(policy, KEY_EXPIRED, expiry)).toMatchObject({
      ok: false,
      refusal: { reason: 'credential_expired' },
    });
  });

  it('refuses the key of a disabled client', () => {
    expect(authenticateApiKey(policy, KEY_DISABLED, NOW)).toMatchObject({
      ok: false,
      refusal: { reason: 'client_disabled' },
    });
  });

  it('refuses every key when API keys are switched off', () => {
    const off = fixturePolicy({ auth: { apiKeys: { enabled: false } } });
    expect(authenticateApiKey(off, KEY_A, NOW)).toMatchObject({
      ok: false,
      refusal: { reason: 'unauthenticated' },
    });
  });
});

describe('identityForClient', () => {
  const policy = fixturePolicy();
  it('gives a configured client its identity, and refuses unknown or disabled ones', () => {
    expect(identityForClient(policy, 'alpha-ro')).toMatchObject({
      ok: true,
      identity: { tenant: 'alpha', scopes: ['search.read'] },
    });
    expect(identityForClient(policy, 'ghost')).toMatchObject({
      ok: false,
      refusal: { reason: 'unauthenticated' },
    });
    expect(identityForClient(policy, 'alpha-off')).toMatchObject({
      ok: false,
      refusal: { reason: 'client_disabled' },
    });
  });
});

describe('anonymousIdentity', () => {
  it('serves callers without credentials only when configured', () => {
    expect(anonymousIdentity(fixturePolicy())).toMatchObject({ ok: false });
    const open = fixturePolicy({ auth: { anonymous: { tenant: 'beta', scopes: ['crm.write'] } } });
    expect(anonymousIdentity(open)).toEqual({
      ok: true,
      identity: {
        tenant: 'beta',
        client: 'anonymous',
        scopes: ['crm.write'],
        credential: 'anonymous',
      },
    });
  });

  it('creates the anonymous tenant implicitly when the config declares none', () => {
    const open = fixturePolicy({
      tenants: [],
      clients: [],
      upstreams: [{ name: 'one', transport: { type: 'stdio', command: 'x' } }],
      tools: [],
      auth: { anonymous: {} },
    });
    expect(open.tenants.get('default')?.upstreams).toEqual(['one']);
  });
});

describe('identityFromClaims', () => {
  const issuer = jwtIssuerSchema.parse({
    issuer: 'https://idp.example',
    jwksUri: 'https://idp.example/jwks',
    claims: {
      tenant: { claim: 'org', map: { 'org-1': 'alpha', 'org-2': 'beta' } },
      client: { claim: 'azp' },
      user: { claim: 'sub' },
      scopes: 'scp',
    },
  });
  const policy = fixturePolicy();

  it('maps claims to tenant, client, user and scopes', () => {
    const result = identityFromClaims(policy, issuer, {
      org: 'org-1',
      azp: 'alpha-app',
      sub: 'user-7',
      scp: ['search.read'],
      jti: 'tok-1',
      exp: 2_000_000_000,
    });
    expect(result).toEqual({
      ok: true,
      identity: {
        tenant: 'alpha',
        client: 'alpha-app',
        user: 'user-7',
        scopes: ['search.read'],
        credential: 'jwt',
        credentialId: 'tok-1',
        expiresAt: 2_000_000_000_000,
      },
    });
  });

  it('refuses a tenant the snapshot does not have, or no tenant at all', () => {
    expect(identityFromClaims(policy, issuer, { org: 'org-9', azp: 'x' })).toMatchObject({
      ok: false,
      refusal: { reason: 'unauthenticated' },
    });
    const direct = jwtIssuerSchema.parse({ issuer: 'i', jwksUri: 'https://i/jwks' });
    expect(identityFromClaims(policy, direct, { tenant: 'gamma', client_id: 'x' })).toMatchObject({
      ok: false,
      refusal: { reason: 'tenant_unknown' },
    });
  });

  it("refuses a token that borrows another tenant's configured client, or a disabled one", () => {
    expect(identityFromClaims(policy, issuer, { org: 'org-2', azp: 'alpha-app' })).toMatchObject({
      ok: false,
    });
    expect(identityFromClaims(policy, issuer, { org: 'org-1', azp: 'alpha-off' })).toMatchObject({
      ok: false,
      refusal: { reason: 'client_disabled' },
    });
  });

  it('accepts an unconfigured client id and uses fixed values as fallbacks', () => {
    const fixed = jwtIssuerSchema.parse({
      issuer: 'i',
      jwksUri: 'https://i/jwks',
      claims: { tenant: { value: 'beta' }, client: { claim: 'client_id', value: 'idp-client' } },
    });
    expect(identityFromClaims(policy, fixed, { scope: 'a b  c' })).toMatchObject({
      ok: true,
      identity: { tenant: 'beta', client: 'idp-client', scopes: ['a', 'b', 'c'] },
    });
  });

  it('reads scopes from a space-separated string or an array', () => {
    expect(scopesOf('x y')).toEqual(['x', 'y']);
    expect(scopesOf(['x', 3, 'y'])).toEqual(['x', 'y']);
    expect(scopesOf(undefined)).toEqual([]);
  });
});
