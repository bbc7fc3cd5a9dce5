import { z } from 'zod';
import { envInt } from './env-scalars.js';
import { tenantIdSchema } from './tenant.schema.js';

/** Where a value of the identity comes from in a token: a claim, optionally mapped. */
export const claimRuleSchema = z
  .object({
    claim: z.string().min(1).optional(),
    /** Used when the claim is absent (or when no claim is named). */
    value: z.string().min(1).optional(),
    /** Claim value → identity value (e.g. IdP organisation id → tenant id). */
    map: z.record(z.string(), z.string()).optional(),
  })
  .strict()
  .refine((rule) => rule.claim !== undefined || rule.value !== undefined, {
    message: 'name a claim, a fixed value, or both',
  });

/** An OAuth 2.1 authorization server whose access tokens (JWTs) the gateway accepts. */
export const jwtIssuerSchema = z
  .object({
    issuer: z.string().min(1),
    jwksUri: z.url({ protocol: /^https?$/ }),
    /** Accepted `aud` values; empty = the gateway's own resource URI (RFC 8707). */
    audiences: z.array(z.string().min(1)).default([]),
    algorithms: z
      .array(z.enum(['RS256', 'RS384', 'RS512', 'PS256', 'ES256', 'ES384', 'EdDSA']))
      .default(['RS256', 'ES256', 'EdDSA']),
    clockToleranceSeconds: envInt(0, 300).default(30),
    /** At most one JWKS refresh per this interval, whatever unknown `kid`s arrive. */
    jwksCooldownMs: envInt(0, 3_600_000).default(30_000),
    /** A fetched JWKS is reused this long before it is fetched again. */
    jwksMaxAgeMs: envInt(1_000, 86_400_000).default(600_000),
    claims: z
      .object({
        tenant: claimRuleSchema.default({ claim: 'tenant' }),
        client: claimRuleSchema.default({ claim: 'client_id' }),
        user: claimRuleSchema.default({ claim: 'sub' }),
        /** A space-separated string (`scope`) or an array (`scp`). */
        scopes: z.string().min(1).default('scope'),
      })
      .strict()
      .default({
        tenant: { claim: 'tenant' },
        client: { claim: 'client_id' },
        user: { claim: 'sub' },
        scopes: 'scope',
      }),
  })
  .strict();

/**
 * How clients prove who they are. Without `anonymous`, every request needs a credential;
 * `anonymous` (for a single node on a laptop) serves callers without one as that tenant.
 */
export const authSchema = z
  .object({
    /** This gateway's resource URI: the audience tokens must carry, and RFC 9728's `resource`. */
    resource: z.url().optional(),
    /** Advertised in the protected-resource metadata; defaults to the JWT issuers. */
    authorizationServers: z.array(z.string().min(1)).optional(),
    apiKeys: z
      .object({ enabled: z.boolean().default(true) })
      .strict()
      .default({ enabled: true }),
    jwt: z.array(jwtIssuerSchema).default([]),
    anonymous: z
      .object({
        tenant: tenantIdSchema.default('default'),
        scopes: z.array(z.string().min(1)).default([]),
      })
      .strict()
      .optional(),
  })
  .strict();

export type ClaimRule = z.infer<typeof claimRuleSchema>;
export type JwtIssuerConfig = z.infer<typeof jwtIssuerSchema>;
export type AuthConfig = z.infer<typeof authSchema>;
