import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AdminApi } from './admin-api.js';
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
  dir = '';

  get baseUrl(): string {
    if (!this.controlPlane) throw new Error('not set up');
    return this.controlPlane.baseUrl;
  }

  async setUp(): Promise<void> {
    const dir = await mkdtemp(join(tmpdir(), 'gatehouse-e2e-console-'));
    this.dir = dir;
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

  /**
   * A gateway node of the fleet (its own process), auditing to the control plane's Redis
   * stream; resolves once it serves a snapshot. Returns its MCP endpoint.
   */
  async startGatewayNode(api: AdminApi, fleetId: string): Promise<string> {
    if (!this.env) throw new Error('not set up');
    const nodeDir = join(this.dir, 'node');
    await mkdir(nodeDir, { recursive: true, mode: 0o700 });
    const credentialFile = join(nodeDir, 'credential');
    const trustedKeysFile = join(nodeDir, 'trusted-keys.json');
    await writeFile(credentialFile, `${await api.createNodeCredential(fleetId, 'console-e2e')}\n`, {
      mode: 0o600,
    });
    await writeFile(trustedKeysFile, JSON.stringify(await api.signingKeys()));
    const port = await findFreePort();
    const node = ManagedProcess.start({
      name: 'gateway node',
      command: process.execPath,
      args: [
        '--import',
        'tsx',
        'apps/gateway/src/main.ts',
        'gateway',
        '--control-plane',
        this.baseUrl,
        '--fleet',
        fleetId,
        '--node-credential-file',
        credentialFile,
        '--trusted-keys',
        trustedKeysFile,
        '--state-dir',
        join(nodeDir, 'state'),
        '--node-id',
        'console-e2e-node',
        '--heartbeat-interval',
        '2',
        '--host',
        '127.0.0.1',
        '--port',
        String(port),
      ],
      cwd: REPO_ROOT,
      env: {
        LOG_LEVEL: 'warn',
        GATEHOUSE_SESSION_SECRET: randomBytes(32).toString('hex'),
        GATEHOUSE_AUDIT_REDIS_URL: this.env.REDIS_URL,
        GATEHOUSE_AUDIT_REDIS_PREFIX: this.env.REDIS_PREFIX,
      },
      echo: this.echo,
    });
    this.cleanup.defer('stop the gateway node', () => node.stop(15_000));
    await node.waitForHttpOk(`http://127.0.0.1:${port}/readyz`, 90_000);
    return `http://127.0.0.1:${port}/mcp`;
  }

  async tearDown(): Promise<void> {
    await this.cleanup.runAll();
  }
}
