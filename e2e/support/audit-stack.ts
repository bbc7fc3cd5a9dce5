import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPrismaClient } from '@gatehouse/db';
import type { PrismaClient } from '@gatehouse/db';
import {
  deleteRedisPrefix,
  e2eDatabase,
  e2eName,
  startControlPlane,
} from './control-plane-process.js';
import type { ControlPlaneEnv, E2eDatabase, RunningControlPlane } from './control-plane-process.js';
import { OwnRedis } from './own-redis.js';

/**
 * What the audit specs run on: their own database and Redis (which they stop and start), a
 * control plane (API + worker: the stream consumer and the export jobs) and an admin token.
 */
export class AuditStack {
  controlPlane: RunningControlPlane | undefined;
  adminToken = '';
  env: ControlPlaneEnv | undefined;
  db: PrismaClient | undefined;
  private constructor(
    readonly redis: OwnRedis,
    readonly database: E2eDatabase,
    readonly dir: string,
    readonly prefix: string,
  ) {}

  static async start(extraEnv: Record<string, string> = {}): Promise<AuditStack> {
    const database = e2eDatabase();
    let redis: OwnRedis | undefined;
    let dir: string;
    try {
      await database.migrate();
      redis = await OwnRedis.start();
      dir = await mkdtemp(join(tmpdir(), 'gh-audit-'));
    } catch (error) {
      await redis?.destroy().catch(() => undefined);
      await database.drop().catch(() => undefined);
      throw error;
    }
    const stack = new AuditStack(redis, database, dir, `${e2eName()}:`);
    stack.env = {
      DATABASE_URL: database.url,
      REDIS_URL: stack.redis.url,
      REDIS_PREFIX: stack.prefix,
      SNAPSHOT_SIGNING_KEY_FILE: join(stack.dir, 'signing-key.pem'),
      LOG_LEVEL: 'warn',
      AUDIT_CLAIM_IDLE_MS: '2000',
      AUDIT_EXPORT_DIR: join(stack.dir, 'exports'),
      ...extraEnv,
    };
    try {
      stack.db = createPrismaClient(database.url);
      stack.adminToken = await stack.insertAdminToken('audit-e2e', 'admin');
      await stack.startControlPlane();
    } catch (error) {
      // Nothing of a failed start is left behind (its Redis, database and files).
      await stack.stop().catch(() => undefined);
      throw error;
    }
    return stack;
  }

  /**
   * An admin API token written straight into the database, in the format the control plane
   * issues (`gh_adm_` + 43 characters; prefix and SHA-256 stored). The create-admin-token
   * CLI does the same, but it cannot boot while its module lacks RedisModule (console
   * sessions), so these specs do not depend on it.
   */
  async insertAdminToken(
    name: string,
    role: 'admin' | 'auditor' | 'viewer' | 'approver',
  ): Promise<string> {
    const token = `gh_adm_${randomBytes(32).toString('base64url')}`;
    await this.required(this.db, 'db').adminApiToken.create({
      data: {
        name,
        role,
        tokenPrefix: token.slice(0, 15),
        tokenHash: createHash('sha256').update(token).digest('hex'),
      },
    });
    return token;
  }

  required<T>(value: T | undefined, what: string): T {
    if (value === undefined) throw new Error(`${what} is not set up`);
    return value;
  }

  async startControlPlane(): Promise<RunningControlPlane> {
    this.controlPlane = await startControlPlane({ env: this.required(this.env, 'env') });
    return this.controlPlane;
  }

  /** Kills the control plane without a chance to finish (a crash). */
  async crashControlPlane(): Promise<void> {
    this.controlPlane?.process.signalGroup('SIGKILL');
    await this.controlPlane?.process.exited;
    this.controlPlane = undefined;
  }

  async api<T>(
    method: string,
    path: string,
    body?: unknown,
    token = this.adminToken,
  ): Promise<{ status: number; body: T }> {
    const base = this.required(this.controlPlane, 'control plane').baseUrl;
    const response = await fetch(`${base}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : null) as T };
  }

  async stop(): Promise<void> {
    await this.controlPlane?.stop();
    await this.db?.$disconnect();
    await deleteRedisPrefix(this.prefix, this.redis.url).catch(() => 0);
    await this.redis.destroy();
    await this.database.drop();
    await rm(this.dir, { recursive: true, force: true });
  }
}
