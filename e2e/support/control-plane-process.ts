import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { applyMigrations, dropDatabase, withDatabase } from '@gatehouse/db';
import { Redis } from 'ioredis';
import { findFreePort } from './free-port.js';
import { ManagedProcess } from './managed-process.js';
import { REPO_ROOT } from './repo-root.js';
import { expectSuccess, runTsEntry } from './run-command.js';

// The control plane as an operator runs it: its own process (tsx on the app's tsconfig, for
// the legacy decorators), its bootstrap commands as their own processes, on a database and a
// Redis key prefix that belong to one spec and are dropped at its end.

const HOST = '127.0.0.1';
const TSCONFIG = join(REPO_ROOT, 'apps/control-plane/tsconfig.json');
const ENTRY_DIR = 'apps/control-plane/src';

/** The shared local services (override with E2E_DATABASE_URL / E2E_REDIS_URL). */
export const e2eServerDatabaseUrl =
  process.env['E2E_DATABASE_URL'] ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
export const e2eRedisUrl = process.env['E2E_REDIS_URL'] ?? 'redis://127.0.0.1:6379';

/** `gatehouse_e2e_<random>`: recognisable, so a crashed run's leftovers can be found. */
export function e2eName(): string {
  return `gatehouse_e2e_${randomBytes(6).toString('hex')}`;
}

export interface E2eDatabase {
  readonly url: string;
  /** Applies every committed migration (creating the database) with libs/db's runner. */
  migrate(): Promise<readonly string[]>;
  drop(): Promise<void>;
}

export function e2eDatabase(name: string = e2eName()): E2eDatabase {
  const url = withDatabase(e2eServerDatabaseUrl, name);
  return {
    url,
    migrate: async () => (await applyMigrations(url)).applied,
    drop: () => dropDatabase(url),
  };
}

/** Deletes every key under `prefix` (BullMQ queues, job schedulers, pub/sub leftovers). */
export async function deleteRedisPrefix(
  prefix: string,
  url: string = e2eRedisUrl,
): Promise<number> {
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1 });
  redis.on('error', () => undefined);
  let deleted = 0;
  try {
    await redis.connect();
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
      if (keys.length > 0) deleted += await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
  return deleted;
}

/** The control plane's environment (see apps/control-plane/src/config/env.schema.ts). */
export interface ControlPlaneEnv {
  readonly DATABASE_URL: string;
  readonly REDIS_URL: string;
  readonly REDIS_PREFIX: string;
  readonly SNAPSHOT_SIGNING_KEY_FILE: string;
  readonly [name: string]: string;
}

/** `create-admin-token`: the token it prints once on stdout. */
export async function createAdminToken(
  env: ControlPlaneEnv,
  name = 'e2e',
  role = 'admin',
): Promise<string> {
  const result = expectSuccess(
    'create-admin-token',
    await runTsEntry(`${ENTRY_DIR}/cli/create-admin-token.ts`, ['--name', name, '--role', role], {
      env,
      tsconfig: TSCONFIG,
    }),
  );
  const token = result.stdout.trim();
  if (!/^gh_adm_\S+$/.test(token)) throw new Error(`no admin token on stdout: ${result.stdout}`);
  return token;
}

/** `export-trusted-keys --out <file>`: the JWKS a node is given as --trusted-keys. */
export async function exportTrustedKeys(env: ControlPlaneEnv, out: string): Promise<string> {
  const result = expectSuccess(
    'export-trusted-keys',
    await runTsEntry(`${ENTRY_DIR}/cli/export-trusted-keys.ts`, ['--out', out], {
      env,
      tsconfig: TSCONFIG,
    }),
  );
  return result.stderr;
}

export interface RunningControlPlane {
  /** `http://127.0.0.1:<port>` */
  readonly baseUrl: string;
  readonly process: ManagedProcess;
  /** SIGTERM, as an orchestrator stops it; resolves with how it exited. */
  stop(): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export interface StartControlPlaneOptions {
  readonly env: ControlPlaneEnv;
  readonly port?: number;
  readonly readyTimeoutMs?: number;
  readonly echo?: boolean;
}

/** Starts `apps/control-plane/src/main.ts` and waits until GET /readyz answers 200. */
export async function startControlPlane(
  options: StartControlPlaneOptions,
): Promise<RunningControlPlane> {
  const port = options.port ?? (await findFreePort(HOST));
  const child = ManagedProcess.start({
    name: 'control-plane',
    command: process.execPath,
    args: ['--import', 'tsx', `${ENTRY_DIR}/main.ts`],
    cwd: REPO_ROOT,
    env: { ...options.env, HOST, PORT: String(port), TSX_TSCONFIG_PATH: TSCONFIG },
    echo: options.echo,
  });
  const baseUrl = `http://${HOST}:${port}`;
  const stop = async (): Promise<{ code: number | null; signal: NodeJS.Signals | null }> => {
    const exit = await child.stop(15_000);
    return { code: exit.code, signal: exit.signal };
  };
  try {
    await child.waitForHttpOk(`${baseUrl}/readyz`, options.readyTimeoutMs ?? 90_000);
  } catch (error) {
    await stop();
    throw error;
  }
  return { baseUrl, process: child, stop };
}
