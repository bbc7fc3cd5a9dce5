import type { JwtIssuerConfig } from '@gatehouse/contracts';
import { createRemoteJWKSet, decodeJwt, errors, jwtVerify, type JWTPayload } from 'jose';

type RemoteKeySet = ReturnType<typeof createRemoteJWKSet>;

export type JwtCheck =
  { ok: true; issuer: JwtIssuerConfig; claims: JWTPayload } | { ok: false; description: string };

const JWKS_FETCH_TIMEOUT_MS = 5_000;

/**
 * Verifies access tokens against their issuer's JWKS. Key sets live as long as the node and are
 * shared by every config that names the same JWKS URI and timings, so a reload keeps the cache:
 * jose refetches on an unknown `kid` at most once per cooldown, and again after the max age.
 */
export class JwtVerifier {
  private readonly keySets = new Map<string, RemoteKeySet>();

  async verify(
    token: string,
    issuers: readonly JwtIssuerConfig[],
    audiences: readonly string[],
  ): Promise<JwtCheck> {
    let unverified: JWTPayload;
    try {
      unverified = decodeJwt(token);
    } catch {
      return { ok: false, description: 'the token is not a well-formed JWT' };
    }
    const issuer = issuers.find((candidate) => candidate.issuer === unverified.iss);
    if (issuer === undefined)
      return { ok: false, description: 'the token was not issued by a trusted issuer' };
    const audience = issuer.audiences.length > 0 ? issuer.audiences : audiences;
    if (audience.length === 0)
      return {
        ok: false,
        description:
          'this gateway has no resource URI (auth.resource) to check the token audience against',
      };
    try {
      const { payload } = await jwtVerify(token, this.keySet(issuer), {
        issuer: issuer.issuer,
        audience: [...audience],
        algorithms: issuer.algorithms,
        clockTolerance: issuer.clockToleranceSeconds,
        requiredClaims: ['exp'],
      });
      return { ok: true, issuer, claims: payload };
    } catch (error) {
      return { ok: false, description: describe(error) };
    }
  }

  private keySet(issuer: JwtIssuerConfig): RemoteKeySet {
    const key = `${issuer.jwksUri}\u0000${issuer.jwksCooldownMs}\u0000${issuer.jwksMaxAgeMs}`;
    let set = this.keySets.get(key);
    if (set === undefined) {
      set = createRemoteJWKSet(new URL(issuer.jwksUri), {
        cooldownDuration: issuer.jwksCooldownMs,
        cacheMaxAge: issuer.jwksMaxAgeMs,
        timeoutDuration: JWKS_FETCH_TIMEOUT_MS,
      });
      this.keySets.set(key, set);
    }
    return set;
  }
}

function describe(error: unknown): string {
  if (error instanceof errors.JWTExpired) return 'the token has expired';
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.claim === 'nbf') return 'the token is not valid yet';
    if (error.claim === 'aud') return 'the token is not meant for this resource (audience)';
    if (error.claim === 'iss') return 'the token was not issued by a trusted issuer';
    return `the token's "${error.claim}" claim is not acceptable`;
  }
  if (error instanceof errors.JWSSignatureVerificationFailed)
    return 'the token signature is not valid';
  if (error instanceof errors.JWKSNoMatchingKey) return 'no key of the issuer matches the token';
  if (error instanceof errors.JOSEAlgNotAllowed) return "the token's algorithm is not accepted";
  if (
    error instanceof errors.JWKSTimeout ||
    (error instanceof errors.JOSEError && error.code === 'ERR_JWKS_INVALID')
  )
    return "the issuer's keys could not be fetched; retry";
  if (error instanceof errors.JOSEError) return 'the token is not valid';
  return "the issuer's keys could not be fetched; retry";
}
