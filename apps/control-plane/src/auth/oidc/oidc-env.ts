import { z } from 'zod';
import { parseRoleMapping } from './role-mapping.js';
import type { RoleMappingRule } from './role-mapping.js';

function httpUrl() {
  return z.string().refine(
    (value) => {
      try {
        return ['http:', 'https:'].includes(new URL(value).protocol);
      } catch {
        return false;
      }
    },
    { message: 'must be an http(s) URL' },
  );
}

/**
 * Console sign-in by OIDC (spread into the control plane's env schema). All absent = SSO
 * off; OIDC_ISSUER_URL set = the client id, secret, redirect URI and role mapping must be too.
 */
export const oidcEnvShape = {
  OIDC_ISSUER_URL: httpUrl().optional().describe('The IdP issuer; unset = console SSO off'),
  OIDC_CLIENT_ID: z.string().min(1).optional(),
  OIDC_CLIENT_SECRET: z.string().min(1).optional(),
  OIDC_REDIRECT_URI: httpUrl()
    .optional()
    .describe("This control plane's callback: https://host/api/v1/auth/callback"),
  OIDC_POST_LOGOUT_REDIRECT_URI: httpUrl()
    .optional()
    .describe('Where the IdP sends the browser after logout (default: <origin>/login)'),
  OIDC_SCOPES: z.string().min(1).default('openid profile email groups'),
  OIDC_GROUPS_CLAIM: z.string().min(1).default('groups'),
  OIDC_ROLE_MAPPING: z
    .string()
    .optional()
    .superRefine((value, context) => {
      if (value === undefined) return;
      const parsed = parseRoleMapping(value);
      if (typeof parsed === 'string') context.addIssue({ code: 'custom', message: parsed });
    })
    .describe('group=role[@tenant],... e.g. gatehouse-admins=admin,acme-ops=approver@acme'),
  SESSION_TTL_SECONDS: z
    .string()
    .regex(/^\d+$/, 'must be a number of seconds between 300 and 604800')
    .transform(Number)
    .refine(
      (value) => value >= 300 && value <= 604_800,
      'must be a number of seconds between 300 and 604800',
    )
    .default(28_800),
};

type OidcEnv = z.output<z.ZodObject<typeof oidcEnvShape>>;

export interface OidcConfig {
  readonly issuerUrl: string;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly redirectUri: string;
  readonly postLogoutRedirectUri: string;
  readonly scopes: string;
  readonly groupsClaim: string;
  readonly roleMapping: readonly RoleMappingRule[];
}

export interface SessionsConfig {
  readonly ttlSeconds: number;
}

const required = [
  'OIDC_CLIENT_ID',
  'OIDC_CLIENT_SECRET',
  'OIDC_REDIRECT_URI',
  'OIDC_ROLE_MAPPING',
] as const;

/** The OIDC settings, null when SSO is off; or the problems (one line per variable). */
export function oidcConfigFrom(values: OidcEnv): OidcConfig | null | string[] {
  if (values.OIDC_ISSUER_URL === undefined) return null;
  const missing = required.filter((name) => values[name] === undefined);
  if (missing.length > 0)
    return missing.map((name) => `${name}: must be set when OIDC_ISSUER_URL is`);
  const redirectUri = values.OIDC_REDIRECT_URI ?? '';
  const mapping = parseRoleMapping(values.OIDC_ROLE_MAPPING ?? '');
  if (typeof mapping === 'string') return [`OIDC_ROLE_MAPPING: ${mapping}`];
  return {
    issuerUrl: values.OIDC_ISSUER_URL,
    clientId: values.OIDC_CLIENT_ID ?? '',
    clientSecret: values.OIDC_CLIENT_SECRET ?? '',
    redirectUri,
    postLogoutRedirectUri:
      values.OIDC_POST_LOGOUT_REDIRECT_URI ?? `${new URL(redirectUri).origin}/login`,
    scopes: values.OIDC_SCOPES,
    groupsClaim: values.OIDC_GROUPS_CLAIM,
    roleMapping: mapping,
  };
}
