import { homedir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { oidcEnvShape } from '../auth/oidc/oidc-env.js';
import { consoleEnvShape } from '../console/console-env.js';

const logLevels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

function urlWithProtocols(protocols: readonly string[], example: string) {
  return z.string().refine(
    (value) => {
      try {
        return protocols.includes(new URL(value).protocol);
      } catch {
        return false;
      }
    },
    { message: `must be a URL like ${example}` },
  );
}

function port() {
  return z
    .string()
    .regex(/^\d+$/, 'must be an integer between 1 and 65535')
    .transform(Number)
    .refine((value) => value >= 1 && value <= 65_535, 'must be an integer between 1 and 65535');
}

function booleanFlag() {
  return z
    .enum(['true', 'false', '1', '0', 'yes', 'no'], { message: 'must be true or false' })
    .transform((value) => value === 'true' || value === '1' || value === 'yes');
}

/**
 * Where a control plane keeps its signing key unless told otherwise: the user's state
 * directory (XDG), so that a checkout or a container image never carries a private key.
 */
export function defaultSigningKeyFile(env: NodeJS.ProcessEnv): string {
  const stateHome = env['XDG_STATE_HOME'] || join(homedir(), '.local', 'state');
  return join(stateHome, 'gatehouse', 'snapshot-signing-key.pem');
}

/**
 * The control plane's environment. Defaults point at the local services so that a
 * developer machine needs no configuration; production sets every URL explicitly.
 */
export const envSchema = z.object({
  DATABASE_URL: urlWithProtocols(
    ['postgresql:', 'postgres:'],
    'postgresql://user@host:5432/gatehouse',
  ).default('postgresql://postgres@127.0.0.1:5432/gatehouse'),
  DATABASE_POOL_SIZE: z
    .string()
    .regex(/^\d+$/, 'must be an integer between 1 and 100')
    .transform(Number)
    .refine((value) => value >= 1 && value <= 100, 'must be an integer between 1 and 100')
    .default(10),
  REDIS_URL: urlWithProtocols(['redis:', 'rediss:'], 'redis://127.0.0.1:6379').default(
    'redis://127.0.0.1:6379',
  ),
  REDIS_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_:.-]{1,64}$/, 'must be 1–64 characters of letters, digits and _ : . -')
    .default('gatehouse:'),
  HOST: z.string().min(1, 'must not be empty').default('127.0.0.1'),
  PORT: port().default(8090),
  LOG_LEVEL: z
    .enum(logLevels, { message: `must be one of ${logLevels.join(', ')}` })
    .default('info'),
  BODY_LIMIT_BYTES: z
    .string()
    .regex(/^\d+$/, 'must be a number of bytes between 1024 and 104857600')
    .transform(Number)
    .refine(
      (value) => value >= 1024 && value <= 104_857_600,
      'must be a number of bytes between 1024 and 104857600',
    )
    .default(1_048_576),
  TRUST_PROXY: booleanFlag().default(false),
  INTROSPECTION_INTERVAL_SECONDS: z
    .string()
    .regex(/^\d+$/, 'must be a number of seconds between 0 (off) and 604800')
    .transform(Number)
    .refine((value) => value <= 604_800, 'must be a number of seconds between 0 (off) and 604800')
    .default(3600),
  SNAPSHOT_SIGNING_KEY_FILE: z
    .string()
    .min(1, 'must not be empty')
    .optional()
    .describe(
      'Ed25519 private key (PEM or JWK) snapshots are signed with; created when missing (default: see defaultSigningKeyFile)',
    ),
  SNAPSHOT_PREVIOUS_KEYS_FILE: z
    .string()
    .min(1)
    .optional()
    .describe('Keys that signed before the current one, still published during a rollover'),
  SNAPSHOT_TRUSTED_KEYS_FILE: z
    .string()
    .min(1)
    .optional()
    .describe('Public keys announced ahead of a rollover (the next signing key)'),
  SNAPSHOT_BUILD_DELAY_MS: z
    .string()
    .regex(/^\d+$/, 'must be a number of milliseconds between 0 and 60000')
    .transform(Number)
    .refine((value) => value <= 60_000, 'must be a number of milliseconds between 0 and 60000')
    .default(200),
  WORKER: booleanFlag().default(true),
  // Console sign-in (OIDC) and sessions: see src/auth/oidc/oidc-env.ts.
  ...oidcEnvShape,
  ...consoleEnvShape,
});

export type Env = z.output<typeof envSchema>;
