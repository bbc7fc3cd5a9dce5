import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { AdminRole } from '@gatehouse/contracts';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import type { LevelWithSilent } from 'pino';
import { inject } from 'vitest';
import { createApp } from '../../src/app/create-app.js';
import { AdminTokenService } from '../../src/auth/admin-token.service.js';
import { loadConfig } from '../../src/config/load-config.js';
import { createTestDatabase } from './test-database.js';
import type { TestDatabase } from './test-database.js';
import { testName, testRedisUrl } from './test-env.js';

export interface TestApp {
  readonly app: NestFastifyApplication;
  readonly baseUrl: string;
  readonly database: TestDatabase;
  readonly redisPrefix: string;
  /** Messages the app logged at level error or above (a healthy run logs none). */
  errorLogs(): string[];
  /** Issues an admin API token with the role (through the real service) and returns it. */
  token(role: AdminRole, name?: string): Promise<string>;
  /** fetch() against the app, with a bearer token and JSON body when given. */
  request(
    method: string,
    path: string,
    options?: { token?: string; body?: unknown; rawBody?: string },
  ): Promise<TestResponse>;
  close(): Promise<void>;
}

export interface TestResponse {
  readonly status: number;
  readonly headers: Headers;
  /** Parsed JSON, or undefined for an empty body. */
  readonly body: unknown;
}

let tokenCounter = 0;

/** Deletes every key under the prefix (SCAN, never KEYS). */
export async function deleteRedisKeys(prefix: string): Promise<void> {
  const redis = new Redis(testRedisUrl, { lazyConnect: true });
  try {
    await redis.connect();
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
      if (keys.length > 0) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}

export interface TestAppOptions {
  /**
   * Another instance of a running test app: the same database and Redis prefix (several
   * control planes of one deployment). Its owner drops them; this one only closes.
   */
  readonly sharing?: Pick<TestApp, 'database' | 'redisPrefix'>;
}

/**
 * The real control plane on a random port, on its own database (a copy of the run's
 * migrated template), its own Redis key prefix and its own snapshot signing key (in a
 * temporary directory, unless `env` names one).
 */
export async function startTestApp(
  env: NodeJS.ProcessEnv = {},
  options: TestAppOptions = {},
): Promise<TestApp> {
  const owned = options.sharing === undefined;
  const database =
    options.sharing?.database ?? (await createTestDatabase(inject('templateDatabaseUrl')));
  const redisPrefix = options.sharing?.redisPrefix ?? `${testName()}:`;
  const keyDir = await mkdtemp(join(tmpdir(), 'gatehouse-cp-test-'));
  const cleanUp = async (): Promise<void> => {
    await rm(keyDir, { recursive: true, force: true });
    if (!owned) return;
    await database.drop();
    await deleteRedisKeys(redisPrefix);
  };
  const config = loadConfig({
    DATABASE_URL: database.url,
    REDIS_URL: testRedisUrl,
    REDIS_PREFIX: redisPrefix,
    SNAPSHOT_SIGNING_KEY_FILE: join(keyDir, 'snapshot-signing-key.pem'),
    ...env,
  });
  // Logs are kept in memory so tests can assert that nothing unexpected was logged;
  // TEST_LOG_LEVEL=debug also prints them.
  const errors: string[] = [];
  const echo = process.env['TEST_LOG_LEVEL'] !== undefined;
  const logger = pino(
    { level: (process.env['TEST_LOG_LEVEL'] as LevelWithSilent | undefined) ?? 'error' },
    {
      write(line: string) {
        const entry = JSON.parse(line) as { level: number; msg?: string };
        if (entry.level >= 50) errors.push(entry.msg ?? line);
        if (echo) process.stderr.write(line);
      },
    },
  );
  let app: NestFastifyApplication;
  try {
    app = await createApp(config, { logger });
    await app.listen({ host: '127.0.0.1', port: 0 });
  } catch (error) {
    await cleanUp();
    throw error;
  }
  const address = app.getHttpServer().address();
  if (address === null || typeof address === 'string')
    throw new Error('the app is not listening on a TCP port');
  const baseUrl = `http://127.0.0.1:${address.port}`;

  return {
    app,
    baseUrl,
    database,
    redisPrefix,
    errorLogs: () => [...errors],
    async token(role, name) {
      tokenCounter += 1;
      const issued = await app
        .get(AdminTokenService)
        .issue(
          { actor: { type: 'system', id: 'test' }, requestId: null },
          { name: name ?? `${role}-${tokenCounter}`, role, expiresAt: null },
        );
      return issued.token;
    },
    async request(method, path, options = {}) {
      const headers: Record<string, string> = {};
      if (options.token) headers['authorization'] = `Bearer ${options.token}`;
      let body: string | undefined;
      if (options.rawBody !== undefined) {
        body = options.rawBody;
        headers['content-type'] = 'application/json';
      } else if (options.body !== undefined) {
        body = JSON.stringify(options.body);
        headers['content-type'] = 'application/json';
      }
      const response = await fetch(`${baseUrl}${path}`, { method, headers, body });
      const text = await response.text();
      return {
        status: response.status,
        headers: response.headers,
        body: text === '' ? undefined : (JSON.parse(text) as unknown),
      };
    },
    async close() {
      // Clean up even when closing the app fails (e.g. its database was unreachable).
      try {
        await app.close();
      } finally {
        await cleanUp();
      }
    },
  };
}
