import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CleanupStack } from './cleanup-stack.js';
import {
  createAdminToken,
  deleteRedisPrefix,
  e2eDatabase,
  e2eName,
  e2eRedisUrl,
  startControlPlane,
} from './control-plane-process.js';
import type { ControlPlaneEnv, RunningControlPlane } from './control-plane-process.js';
import { findFreePort } from './free-port.js';
import { ManagedProcess } from './managed-process.js';
import { REPO_ROOT } from './repo-root.js';
import { expectSuccess, runCommand } from './run-command.js';

export const CONSOLE_DIST = join(REPO_ROOT, 'apps/console/dist');

/** The demo users of apps/dev-idp (password `<name>-demo`). */
export const demoPassword = (user: string): string => `${user}-demo`;

/** Builds the console once per run when it has not been built (vite build). */
export async function ensureConsoleBuilt(): Promise<void> {
  if (existsSync(join(CONSOLE_DIST, 'index.html'))) return;
  expectSuccess(
    'vite build',
    await runCommand(
      process.execPath,
      [join(REPO_ROOT, 'node_modules/vite/bin/vite.js'), 'build'],
      {
        cwd: join(REPO_ROOT, 'apps/console'),
        timeoutMs: 180_000,
      },
    ),
  );
}

/**
 * The console's whole system as an operator runs it: Postgres (a fresh migrated database),
 * Redis (a key prefix of its own), the dev IdP and the control plane (with its worker) serving
 * the built console with OIDC sign-in, each its own process.
 */
export class ConsoleSystem {
  readonly cleanup = new CleanupStack();
  readonly echo = process.env['E2E_ECHO'] === '1';
  env: ControlPlaneEnv | undefined;
  controlPlane: RunningControlPlane | undefined;
  adminToken = '';
  issuer = '';

  get baseUrl(): string {
    if (!this.controlPlane) throw new Error('not set up');
    return this.controlPlane.baseUrl;
  }

  async setUp(): Promise<void> {
    const dir = await mkdtemp(join(tmpdir(), 'gatehouse-e2e-console-'));
    this.cleanup.defer('remove the temp dir', () => rm(dir, { recursive: true, force: true }));
    const name = e2eName();
    const database = e2eDatabase(name);
    this.cleanup.defer('drop the database', () => database.drop());
    const redisPrefix = `${name}:`;
    this.cleanup.defer('delete the Redis keys', () => deleteRedisPrefix(redisPrefix));
    await Promise.all([database.migrate(), ensureConsoleBuilt()]);

    const [controlPlanePort, idpPort] = [await findFreePort(), await findFreePort()];
    const baseUrl = `http://127.0.0.1:${controlPlanePort}`;
    this.issuer = `http://127.0.0.1:${idpPort}`;
    const idp = ManagedProcess.start({
      name: 'dev-idp',
      command: process.execPath,
      args: ['--import', 'tsx', 'apps/dev-idp/src/main.ts'],
      cwd: REPO_ROOT,
      env: {
        DEV_IDP_PORT: String(idpPort),
        DEV_IDP_CONTROL_PLANE_URL: baseUrl,
        TSX_TSCONFIG_PATH: join(REPO_ROOT, 'apps/dev-idp/tsconfig.json'),
      },
      echo: this.echo,
    });
    this.cleanup.defer('stop the dev IdP', () => idp.stop());
    await idp.waitForLine(/listening/, 30_000);

    await mkdir(join(dir, 'control-plane'), { mode: 0o700 });
    this.env = {
      DATABASE_URL: database.url,
      REDIS_URL: e2eRedisUrl,
      REDIS_PREFIX: redisPrefix,
      SNAPSHOT_SIGNING_KEY_FILE: join(dir, 'control-plane', 'snapshot-signing-key.pem'),
      LOG_LEVEL: 'warn',
      WORKER: 'true',
      INTROSPECTION_INTERVAL_SECONDS: '0',
      OIDC_ISSUER_URL: this.issuer,
      OIDC_CLIENT_ID: 'gatehouse-console',
      OIDC_CLIENT_SECRET: 'gatehouse-console-dev-secret',
      OIDC_REDIRECT_URI: `${baseUrl}/api/v1/auth/callback`,
      OIDC_ROLE_MAPPING:
        'gatehouse-admins=admin,gatehouse-approvers=approver,gatehouse-auditors=auditor,gatehouse-viewers=viewer',
      CONSOLE_DIR: CONSOLE_DIST,
    };
    this.adminToken = await createAdminToken(this.env);
    const starting = startControlPlane({ env: this.env, port: controlPlanePort, echo: this.echo });
    this.cleanup.defer('stop the control plane', async () =>
      (await starting.catch(() => undefined))?.stop(),
    );
    this.controlPlane = await starting;
  }

  async tearDown(): Promise<void> {
    await this.cleanup.runAll();
  }
}
