import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './load-config.js';

function problemsOf(env: NodeJS.ProcessEnv): readonly string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('defaults to the local services', () => {
    expect(loadConfig({ XDG_STATE_HOME: '/state' })).toEqual({
      database: { url: 'postgresql://postgres@127.0.0.1:5432/gatehouse', poolSize: 10 },
      redis: { url: 'redis://127.0.0.1:6379', prefix: 'gatehouse:' },
      http: { host: '127.0.0.1', port: 8090, bodyLimitBytes: 1_048_576, trustProxy: false },
      logLevel: 'info',
      snapshots: {
        signingKeyFile: '/state/gatehouse/snapshot-signing-key.pem',
        previousKeysFile: null,
        trustedKeysFile: null,
        buildDelayMs: 200,
      },
      worker: true,
      introspection: { intervalSeconds: 3600 },
      oidc: null,
      sessions: { ttlSeconds: 28_800 },
      console: { dir: expect.stringMatching(/console\/dist$/) as unknown },
    });
  });

  it('reads every variable', () => {
    const config = loadConfig({
      DATABASE_URL: 'postgres://cp:secret@db.internal:5433/gh',
      DATABASE_POOL_SIZE: '25',
      REDIS_URL: 'rediss://cache.internal:6380',
      REDIS_PREFIX: 'gh-prod:',
      HOST: '0.0.0.0',
      PORT: '9000',
      LOG_LEVEL: 'debug',
      BODY_LIMIT_BYTES: '2048',
      TRUST_PROXY: 'true',
      INTROSPECTION_INTERVAL_SECONDS: '0',
      SNAPSHOT_SIGNING_KEY_FILE: '/etc/gatehouse/signing.pem',
      SNAPSHOT_PREVIOUS_KEYS_FILE: '/etc/gatehouse/previous.jwks',
      SNAPSHOT_TRUSTED_KEYS_FILE: '/etc/gatehouse/next.pem',
      SNAPSHOT_BUILD_DELAY_MS: '50',
      GATEWAY_SESSION_SECRET: 's'.repeat(32),
      WORKER: 'false',
      OIDC_ISSUER_URL: 'https://idp.example.com/realms/ops',
      OIDC_CLIENT_ID: 'gatehouse',
      OIDC_CLIENT_SECRET: 'client-secret',
      OIDC_REDIRECT_URI: 'https://gatehouse.example.com/api/v1/auth/callback',
      OIDC_ROLE_MAPPING: 'ops=admin,acme-ops=approver@acme',
      SESSION_TTL_SECONDS: '3600',
      CONSOLE_DIR: 'off',
    });
    expect(config).toEqual({
      database: { url: 'postgres://cp:secret@db.internal:5433/gh', poolSize: 25 },
      redis: { url: 'rediss://cache.internal:6380', prefix: 'gh-prod:' },
      http: { host: '0.0.0.0', port: 9000, bodyLimitBytes: 2048, trustProxy: true },
      logLevel: 'debug',
      snapshots: {
        signingKeyFile: '/etc/gatehouse/signing.pem',
        previousKeysFile: '/etc/gatehouse/previous.jwks',
        trustedKeysFile: '/etc/gatehouse/next.pem',
        buildDelayMs: 50,
      },
      worker: false,
      introspection: { intervalSeconds: 0 },
      oidc: {
        issuerUrl: 'https://idp.example.com/realms/ops',
        clientId: 'gatehouse',
        clientSecret: 'client-secret',
        redirectUri: 'https://gatehouse.example.com/api/v1/auth/callback',
        postLogoutRedirectUri: 'https://gatehouse.example.com/login',
        scopes: 'openid profile email groups',
        groupsClaim: 'groups',
        roleMapping: [
          { group: 'ops', role: 'admin', tenant: null },
          { group: 'acme-ops', role: 'approver', tenant: 'acme' },
        ],
      },
      sessions: { ttlSeconds: 3600 },
      console: { dir: null },
    });
  });

  it('needs the whole OIDC client when OIDC_ISSUER_URL is set, and valid role rules', () => {
    expect(problemsOf({ OIDC_ISSUER_URL: 'https://idp.example.com' })).toEqual([
      'OIDC_CLIENT_ID: must be set when OIDC_ISSUER_URL is',
      'OIDC_CLIENT_SECRET: must be set when OIDC_ISSUER_URL is',
      'OIDC_REDIRECT_URI: must be set when OIDC_ISSUER_URL is',
      'OIDC_ROLE_MAPPING: must be set when OIDC_ISSUER_URL is',
    ]);
    expect(problemsOf({ OIDC_ROLE_MAPPING: 'ops=root' })[0]).toMatch(
      /^OIDC_ROLE_MAPPING: "ops=root": the role must be one of/,
    );
    expect(problemsOf({ OIDC_CLIENT_SECRET: 'x', SESSION_TTL_SECONDS: '5' })).toEqual([
      'SESSION_TTL_SECONDS: must be a number of seconds between 300 and 604800 (got "5")',
    ]);
  });

  it('keeps the signing key in the user state directory by default', () => {
    expect(loadConfig({}).snapshots.signingKeyFile).toMatch(
      /\/\.local\/state\/gatehouse\/snapshot-signing-key\.pem$/,
    );
  });

  it('ignores the retired GATEWAY_SESSION_SECRET (nodes read GATEHOUSE_SESSION_SECRET)', () => {
    expect(loadConfig({ GATEWAY_SESSION_SECRET: 'short-secret' }).snapshots).not.toHaveProperty(
      'sessionSecret',
    );
  });

  it('treats empty values as unset', () => {
    expect(loadConfig({ PORT: '', LOG_LEVEL: '' }).http.port).toBe(8090);
  });

  it('names every bad variable on its own line, with the value when it is not secret', () => {
    const problems = problemsOf({
      PORT: 'eighty',
      LOG_LEVEL: 'loud',
      REDIS_URL: 'http://cache:6379',
      DATABASE_URL: 'mysql://root:hunter2@db/gh',
      TRUST_PROXY: 'maybe',
      REDIS_PREFIX: 'has spaces',
    });
    expect(problems).toEqual([
      'DATABASE_URL: must be a URL like postgresql://user@host:5432/gatehouse',
      'REDIS_URL: must be a URL like redis://127.0.0.1:6379',
      'REDIS_PREFIX: must be 1–64 characters of letters, digits and _ : . - (got "has spaces")',
      'PORT: must be an integer between 1 and 65535 (got "eighty")',
      'LOG_LEVEL: must be one of fatal, error, warn, info, debug, trace, silent (got "loud")',
      'TRUST_PROXY: must be true or false (got "maybe")',
    ]);
    expect(problems.join('\n')).not.toContain('hunter2');
  });

  it('checks ranges', () => {
    expect(problemsOf({ PORT: '70000', DATABASE_POOL_SIZE: '0', BODY_LIMIT_BYTES: '10' })).toEqual([
      'DATABASE_POOL_SIZE: must be an integer between 1 and 100 (got "0")',
      'PORT: must be an integer between 1 and 65535 (got "70000")',
      'BODY_LIMIT_BYTES: must be a number of bytes between 1024 and 104857600 (got "10")',
    ]);
  });

  it('says so in one message, a line per variable', () => {
    expect(() => loadConfig({ PORT: 'x', LOG_LEVEL: 'y' })).toThrow(
      'Invalid control plane configuration:\n  PORT: must be an integer between 1 and 65535 (got "x")\n  LOG_LEVEL: must be one of fatal, error, warn, info, debug, trace, silent (got "y")',
    );
  });
});
