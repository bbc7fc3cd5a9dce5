import type { IncomingHttpHeaders } from 'node:http';
import {
  API_KEY_PREFIX,
  anonymousIdentity,
  authenticateApiKey,
  identityFromClaims,
  type CallerIdentity,
} from '@gatehouse/policy';
import type { RuntimeConfig } from '../runtime/runtime-config.js';
import { bearerChallenge } from './bearer-challenge.js';
import { JwtVerifier } from './jwt-verifier.js';
import { resourceIdentity, type ResourceIdentity } from './resource-identity.js';

/** Who sent the request, and how to point it at this resource's metadata in later refusals. */
export interface AuthenticatedRequest {
  readonly identity: CallerIdentity;
  readonly resource: ResourceIdentity;
}

export interface AuthenticationFailure {
  readonly status: 401;
  readonly message: string;
  readonly challenge: string;
}

export type RequestAuthentication =
  { ok: true; caller: AuthenticatedRequest } | { ok: false; failure: AuthenticationFailure };

const BEARER = /^Bearer +([A-Za-z0-9\-._~+/]+=*) *$/i;

/**
 * Step 1 of enforcement, for every MCP request: an API key (`gh_live_…`, a hash lookup) or a JWT
 * from a configured issuer; without a credential, the anonymous tenant if the config has one.
 * The Authorization header is read here and nowhere else: it never travels upstream.
 */
export class RequestAuthenticator {
  private readonly jwt = new JwtVerifier();

  async authenticate(
    runtime: RuntimeConfig,
    headers: IncomingHttpHeaders,
  ): Promise<RequestAuthentication> {
    const resource = resourceIdentity(runtime, headers);
    const fail = (description: string | undefined, message: string): RequestAuthentication => ({
      ok: false,
      failure: {
        status: 401,
        message: `Unauthorized: ${message}`,
        challenge: bearerChallenge(
          resource.metadataUrl,
          description === undefined ? undefined : { code: 'invalid_token', description },
        ),
      },
    });
    const header = headers.authorization;
    if (header === undefined || header === '') {
      const anonymous = anonymousIdentity(runtime.policy);
      if (anonymous.ok) return { ok: true, caller: { identity: anonymous.identity, resource } };
      return fail(undefined, 'a bearer credential is required (Authorization: Bearer <token>)');
    }
    const match = BEARER.exec(header);
    const token = match?.[1];
    if (token === undefined)
      return fail(
        'the Authorization header is not a Bearer credential',
        'the Authorization header is not a Bearer credential',
      );
    const policy = runtime.policy;
    if (token.startsWith(API_KEY_PREFIX) && policy.auth.apiKeys.enabled) {
      const result = authenticateApiKey(policy, token, Date.now());
      if (!result.ok) return fail(result.refusal.message, result.refusal.message);
      return { ok: true, caller: { identity: result.identity, resource } };
    }
    if (policy.auth.jwt.length === 0)
      return fail('the credential is not valid', 'the credential is not valid');
    const audiences = resource.audienceTrusted ? [resource.resource] : [];
    const checked = await this.jwt.verify(token, policy.auth.jwt, audiences);
    if (!checked.ok) return fail(checked.description, checked.description);
    const result = identityFromClaims(policy, checked.issuer, checked.claims);
    if (!result.ok) return fail(result.refusal.message, result.refusal.message);
    return { ok: true, caller: { identity: result.identity, resource } };
  }
}
