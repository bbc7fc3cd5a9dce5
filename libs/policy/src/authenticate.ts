import { createHash } from 'node:crypto';
import type { ClaimRule, JwtIssuerConfig } from '@gatehouse/contracts';
import type { CompiledClient, CompiledPolicy } from './compiled-policy.js';
import type { AuthenticationResult, CallerIdentity, RefusalReason } from './policy-types.js';
import { refusal } from './refusal.js';

/** Every API key Gatehouse issues starts with this, so the gateway knows a key from a JWT. */
export const API_KEY_PREFIX = 'gh_live_';

export const ANONYMOUS_CLIENT = 'anonymous';

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

function refused(reason: RefusalReason, rule: string, message: string): AuthenticationResult {
  return {
    ok: false,
    refusal: refusal(reason, rule, message, [
      { step: 'authenticate', rule, outcome: 'refuse', detail: reason },
    ]),
  };
}

/**
 * An API key is looked up by its SHA-256: the table holds hashes only, and comparing hashes of
 * fixed length through a map leaks nothing about how close a guess came.
 */
export function authenticateApiKey(
  policy: CompiledPolicy,
  presentedKey: string,
  nowMs: number,
): AuthenticationResult {
  if (!policy.auth.apiKeys.enabled)
    return refused('unauthenticated', 'api-key', 'API keys are not accepted by this gateway');
  const found = policy.apiKeys.get(sha256Hex(presentedKey));
  if (found === undefined) return refused('unauthenticated', 'api-key', 'the API key is not valid');
  if (found.expiresAtMs !== undefined && found.expiresAtMs <= nowMs)
    return refused('credential_expired', 'api-key', 'the API key has expired; ask for a new one');
  const checked = checkClient(policy, found.client);
  if (checked !== undefined) return checked;
  const identity: CallerIdentity = {
    tenant: found.client.config.tenant,
    client: found.client.config.id,
    scopes: found.client.config.scopes,
    credential: 'api_key',
    credentialId: found.key.id,
    ...(found.expiresAtMs === undefined ? {} : { expiresAt: found.expiresAtMs }),
  };
  return { ok: true, identity };
}

/** The identity of a configured client, as if it presented one of its keys (the simulator's way in). */
export function identityForClient(policy: CompiledPolicy, clientId: string): AuthenticationResult {
  const client = policy.clients.get(clientId);
  if (client === undefined)
    return refused('unauthenticated', 'client', `no client has the id "${clientId}"`);
  const checked = checkClient(policy, client);
  if (checked !== undefined) return checked;
  return {
    ok: true,
    identity: {
      tenant: client.config.tenant,
      client: client.config.id,
      scopes: client.config.scopes,
      credential: 'api_key',
    },
  };
}

/** Callers without a credential, when the config serves them (`auth.anonymous`). */
export function anonymousIdentity(policy: CompiledPolicy): AuthenticationResult {
  const anonymous = policy.auth.anonymous;
  if (anonymous === undefined)
    return refused('unauthenticated', 'credential', 'a bearer credential is required');
  return {
    ok: true,
    identity: {
      tenant: anonymous.tenant,
      client: ANONYMOUS_CLIENT,
      scopes: anonymous.scopes,
      credential: 'anonymous',
    },
  };
}

/**
 * Maps a verified token's claims to an identity by the issuer's rules. The signature, issuer,
 * audience and lifetime were checked by the caller; here the claims must name a tenant of this
 * snapshot, and a client of it when they name a configured one.
 */
export function identityFromClaims(
  policy: CompiledPolicy,
  issuer: JwtIssuerConfig,
  claims: Record<string, unknown>,
): AuthenticationResult {
  const tenant = applyClaimRule(issuer.claims.tenant, claims);
  if (tenant === undefined)
    return refused('unauthenticated', 'claims:tenant', 'the token does not name a tenant');
  if (!policy.tenants.has(tenant))
    return refused('tenant_unknown', 'claims:tenant', 'the token names no tenant of this gateway');
  const clientId = applyClaimRule(issuer.claims.client, claims);
  if (clientId === undefined)
    return refused('unauthenticated', 'claims:client', 'the token does not name a client');
  const client = policy.clients.get(clientId);
  if (client !== undefined) {
    // A token may not borrow a configured client of another tenant.
    if (client.config.tenant !== tenant)
      return refused('unauthenticated', 'claims:client', 'the token names no client of its tenant');
    const checked = checkClient(policy, client);
    if (checked !== undefined) return checked;
  }
  const user = applyClaimRule(issuer.claims.user, claims);
  const jti = claims.jti;
  const exp = claims.exp;
  const identity: CallerIdentity = {
    tenant,
    client: clientId,
    scopes: scopesOf(claims[issuer.claims.scopes]),
    credential: 'jwt',
    ...(user === undefined ? {} : { user }),
    ...(typeof jti === 'string' ? { credentialId: jti } : {}),
    ...(typeof exp === 'number' ? { expiresAt: exp * 1000 } : {}),
  };
  return { ok: true, identity };
}

function checkClient(
  policy: CompiledPolicy,
  client: CompiledClient,
): AuthenticationResult | undefined {
  if (!client.config.enabled)
    return refused('client_disabled', 'client', 'the client of this credential is disabled');
  if (!policy.tenants.has(client.config.tenant))
    return refused('tenant_unknown', 'tenant', 'the credential is not valid');
  return undefined;
}

/** A claim's value (strings and numbers), mapped if the rule maps; else the rule's fixed value. */
export function applyClaimRule(
  rule: ClaimRule,
  claims: Record<string, unknown>,
): string | undefined {
  if (rule.claim !== undefined) {
    const raw = claims[rule.claim];
    const value = typeof raw === 'string' ? raw : typeof raw === 'number' ? String(raw) : undefined;
    if (value !== undefined && value !== '') {
      if (rule.map === undefined) return value;
      const mapped = rule.map[value];
      if (mapped !== undefined) return mapped;
    }
  }
  return rule.value;
}

/** OAuth `scope` is space-separated; some IdPs send `scp` as an array. */
export function scopesOf(raw: unknown): readonly string[] {
  if (typeof raw === 'string') return raw.split(' ').filter((scope) => scope !== '');
  if (Array.isArray(raw))
    return raw.filter((scope): scope is string => typeof scope === 'string' && scope !== '');
  return [];
}
