import type { z } from 'zod';
import type { AppConfig } from './app-config.js';
import { oidcConfigFrom } from '../auth/oidc/oidc-env.js';
import { defaultConsoleDir } from '../console/serve-console.js';
import { defaultSigningKeyFile, envSchema } from './env.schema.js';

/** Thrown at boot when the environment is unusable: one line per bad variable. */
export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(
      `Invalid control plane configuration:\n${problems.map((line) => `  ${line}`).join('\n')}`,
    );
    this.name = 'ConfigError';
  }
}

// Values of these may hold passwords: never echo them back in an error.
const secretVariables = new Set(['DATABASE_URL', 'REDIS_URL', 'OIDC_CLIENT_SECRET']);

function describeProblems(error: z.ZodError, env: NodeJS.ProcessEnv): string[] {
  const byVariable = new Map<string, string>();
  for (const issue of error.issues) {
    const variable = String(issue.path[0] ?? '(environment)');
    if (byVariable.has(variable)) continue;
    const value = env[variable];
    const shown =
      value === undefined || secretVariables.has(variable) ? '' : ` (got ${JSON.stringify(value)})`;
    byVariable.set(variable, `${variable}: ${issue.message}${shown}`);
  }
  return [...byVariable.values()];
}

/** Parses the environment once; throws ConfigError naming each bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  // Empty strings count as unset, as shells and compose files produce them for "no value".
  const present = Object.fromEntries(
    Object.entries(env).filter(([, value]) => value !== undefined && value !== ''),
  );
  const parsed = envSchema.safeParse(present);
  if (!parsed.success) throw new ConfigError(describeProblems(parsed.error, env));
  const values = parsed.data;
  const oidc = oidcConfigFrom(values);
  if (Array.isArray(oidc)) throw new ConfigError(oidc);
  return {
    database: { url: values.DATABASE_URL, poolSize: values.DATABASE_POOL_SIZE },
    redis: { url: values.REDIS_URL, prefix: values.REDIS_PREFIX },
    http: {
      host: values.HOST,
      port: values.PORT,
      bodyLimitBytes: values.BODY_LIMIT_BYTES,
      trustProxy: values.TRUST_PROXY,
    },
    logLevel: values.LOG_LEVEL,
    snapshots: {
      signingKeyFile: values.SNAPSHOT_SIGNING_KEY_FILE ?? defaultSigningKeyFile(env),
      previousKeysFile: values.SNAPSHOT_PREVIOUS_KEYS_FILE ?? null,
      trustedKeysFile: values.SNAPSHOT_TRUSTED_KEYS_FILE ?? null,
      buildDelayMs: values.SNAPSHOT_BUILD_DELAY_MS,
    },
    worker: values.WORKER,
    introspection: { intervalSeconds: values.INTROSPECTION_INTERVAL_SECONDS },
    oidc,
    sessions: { ttlSeconds: values.SESSION_TTL_SECONDS },
    console: {
      dir: values.CONSOLE_DIR === 'off' ? null : (values.CONSOLE_DIR ?? defaultConsoleDir),
    },
  };
}
