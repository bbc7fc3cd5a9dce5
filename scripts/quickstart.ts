// The whole system on one machine: migrations, the control plane (admin API + BullMQ worker),
// the demo configuration made through the admin API, and one gateway node pulling signed
// snapshots from it in front of server-everything; the dev IdP (apps/dev-idp) and the admin
// console, served by the control plane with SSO through it. Needs PostgreSQL and Redis (DATABASE_URL,
// REDIS_URL; local defaults). Keys, tokens and the node's state live in .gatehouse/ (gitignored),
// so a second run reuses them. Ctrl-C stops everything.
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { applyMigrations, redactDatabaseUrl } from '@gatehouse/db';
import { runCommand, startService, stopAll, waitForOk } from './quickstart/processes.js';
import { AdminApiError, AdminClient, createNodeCredential, seed } from './quickstart/seed.js';
import { checkServices } from './quickstart/services.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const stateDir = join(root, '.gatehouse');
const files = {
  signingKey: join(stateDir, 'snapshot-signing-key.pem'),
  sessionSecret: join(stateDir, 'gateway-session-secret'),
  adminToken: join(stateDir, 'admin-token'),
  /** The demo client's API key, kept so a second run can show it again (a demo, not production). */
  demoClientKey: join(stateDir, 'demo-client-key'),
  nodeCredential: join(stateDir, 'node-credential'),
  trustedKeys: join(stateDir, 'trusted-keys.json'),
  nodeState: join(stateDir, 'node'),
  /** Which fleet (on which database) the node credential and the node's state belong to. */
  quickstart: join(stateDir, 'quickstart.json'),
};
const HOST = '127.0.0.1';
const databaseUrl = process.env['DATABASE_URL'] ?? 'postgresql://postgres@127.0.0.1:5432/gatehouse';
const redisUrl = process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379';
const redisPrefix = process.env['REDIS_PREFIX'] ?? 'gatehouse:quickstart:';
const gatewayPort = Number(process.env['GATEHOUSE_PORT'] ?? 8080);
const controlPlanePort = Number(process.env['GATEHOUSE_CP_PORT'] ?? 8090);
const remotePort = Number(process.env['GATEHOUSE_REMOTE_PORT'] ?? 3001);
const idpPort = Number(process.env['GATEHOUSE_IDP_PORT'] ?? 9400);
const idpUrl = `http://${HOST}:${idpPort}`;
const consoleDir = join(root, 'apps/console');
const remoteUrl = `http://${HOST}:${remotePort}/mcp`;
const logLevel = process.env['LOG_LEVEL'] ?? 'warn';
const controlPlaneUrl = `http://${HOST}:${controlPlanePort}`;
const gatewayUrl = `http://${HOST}:${gatewayPort}`;
const everythingEntry = join(
  root,
  'node_modules/@modelcontextprotocol/server-everything/dist/index.js',
);
const controlPlaneTsconfig = join(root, 'apps/control-plane/tsconfig.json');

const say = (line: string): void => void process.stdout.write(`quickstart: ${line}\n`);
const show = (path: string): string => relative(process.cwd(), path) || '.';

process.on('SIGINT', () => void stopAll(0));
process.on('SIGTERM', () => void stopAll(0));

function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, HOST, () => server.close(() => resolve(true)));
  });
}

async function readIfExists(path: string): Promise<string | undefined> {
  return existsSync(path) ? (await readFile(path, 'utf8')).trim() : undefined;
}

async function writeSecret(path: string, value: string): Promise<void> {
  await writeFile(path, `${value}\n`, { mode: 0o600 });
  await chmod(path, 0o600);
}

/** A secret made once per install and kept in .gatehouse/. */
async function installSecret(path: string): Promise<string> {
  const existing = await readIfExists(path);
  if (existing !== undefined && existing.length >= 32) return existing;
  const secret = randomBytes(32).toString('hex');
  await writeSecret(path, secret);
  return secret;
}

function controlPlaneEnv(): NodeJS.ProcessEnv {
  return {
    ...process.env,
    DATABASE_URL: databaseUrl,
    REDIS_URL: redisUrl,
    REDIS_PREFIX: redisPrefix,
    HOST,
    PORT: String(controlPlanePort),
    WORKER: 'true',
    LOG_LEVEL: logLevel,
    SNAPSHOT_SIGNING_KEY_FILE: files.signingKey,
    TSX_TSCONFIG_PATH: controlPlaneTsconfig,
    // Console sign-in through the dev IdP; its demo users' groups map to the four roles.
    OIDC_ISSUER_URL: idpUrl,
    OIDC_CLIENT_ID: 'gatehouse-console',
    OIDC_CLIENT_SECRET: 'gatehouse-console-dev-secret',
    OIDC_REDIRECT_URI: `${controlPlaneUrl}/api/v1/auth/callback`,
    OIDC_ROLE_MAPPING:
      'gatehouse-admins=admin,gatehouse-approvers=approver,gatehouse-auditors=auditor,gatehouse-viewers=viewer',
    CONSOLE_DIR: join(consoleDir, 'dist'),
  };
}

/** Runs one of the control plane's CLIs (apps/control-plane/src/cli); its stdout. */
async function controlPlaneCli(
  script: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv,
): Promise<string> {
  const result = await runCommand(
    process.execPath,
    ['--import', 'tsx', `apps/control-plane/src/cli/${script}`, ...args],
    { cwd: root, env },
  );
  if (result.code !== 0) {
    throw new Error(
      `${script} failed (exit ${String(result.code)}):\n${result.stderr}${result.stdout}`,
    );
  }
  return result.stdout;
}

/** The stored admin token if the control plane still accepts it, else a new one. */
async function adminToken(env: NodeJS.ProcessEnv): Promise<{ token: string; created: boolean }> {
  const stored = await readIfExists(files.adminToken);
  if (stored !== undefined) {
    try {
      await new AdminClient(controlPlaneUrl, stored).call('GET', '/tenants?limit=1');
      return { token: stored, created: false };
    } catch (error) {
      if (!(error instanceof AdminApiError) || (error.status !== 401 && error.status !== 403))
        throw error;
      say(`the admin token in ${show(files.adminToken)} is not accepted; creating a new one`);
    }
  }
  const output = await controlPlaneCli(
    'create-admin-token.ts',
    ['--name', 'quickstart', '--role', 'admin'],
    env,
  );
  const token = output.trim();
  if (!/^gh_adm_\S+$/.test(token))
    throw new Error(`create-admin-token printed no token: ${output}`);
  await writeSecret(files.adminToken, token);
  return { token, created: true };
}

interface QuickstartState {
  readonly fleetId: string;
  readonly database: string;
}

/** The node credential for `fleetId`: the stored one if it was made for it, else a new one. */
async function nodeCredential(api: AdminClient, fleetId: string): Promise<void> {
  const database = redactDatabaseUrl(databaseUrl);
  const raw = await readIfExists(files.quickstart);
  const known = raw === undefined ? undefined : (JSON.parse(raw) as Partial<QuickstartState>);
  if (
    known?.fleetId === fleetId &&
    known.database === database &&
    existsSync(files.nodeCredential)
  ) {
    say(`node credential exists (${show(files.nodeCredential)})`);
    return;
  }
  say('creating a node credential for fleet "default"');
  await writeSecret(files.nodeCredential, await createNodeCredential(api, fleetId));
  // A node keeps its last good snapshot, and refuses older versions: another fleet's state
  // (e.g. from a database that was since reset) must not be what it starts from.
  await rm(files.nodeState, { recursive: true, force: true });
  const state: QuickstartState = { fleetId, database };
  await writeFile(files.quickstart, `${JSON.stringify(state, null, 2)}\n`);
}

async function main(): Promise<void> {
  for (const [port, variable] of [
    [controlPlanePort, 'GATEHOUSE_CP_PORT'],
    [gatewayPort, 'GATEHOUSE_PORT'],
    [remotePort, 'GATEHOUSE_REMOTE_PORT'],
    [idpPort, 'GATEHOUSE_IDP_PORT'],
  ] as const) {
    if (!Number.isInteger(port) || port < 1 || port > 65_535) {
      process.stderr.write(`quickstart: ${variable} must be a port number\n`);
      process.exitCode = 1;
      return;
    }
    if (!(await portFree(port))) {
      process.stderr.write(
        `quickstart: port ${port} on ${HOST} is in use (another quick start still running?). ` +
          `Stop it, or choose another port: ${variable}=<port> ./scripts/quickstart.sh\n`,
      );
      process.exitCode = 1;
      return;
    }
  }

  say(`checking PostgreSQL (${redactDatabaseUrl(databaseUrl)}) and Redis (${redisUrl})`);
  const problem = await checkServices(databaseUrl, redisUrl);
  if (problem !== undefined) {
    process.stderr.write(problem);
    process.exitCode = 1;
    return;
  }

  say('applying database migrations');
  const migrated = await applyMigrations(databaseUrl);
  say(
    migrated.applied.length === 0
      ? 'database schema is up to date'
      : `applied ${migrated.applied.length} migration(s)`,
  );

  await mkdir(stateDir, { recursive: true, mode: 0o700 });
  const sessionSecret = await installSecret(files.sessionSecret);
  const env = controlPlaneEnv();
  // Creates the signing key on the first run, as the control plane would, and writes the
  // public keys the node trusts.
  await controlPlaneCli('export-trusted-keys.ts', ['--out', files.trustedKeys], env);

  if (!existsSync(join(consoleDir, 'dist', 'index.html'))) {
    say('building the console (apps/console, vite build)');
    const built = await runCommand(
      process.execPath,
      [join(root, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn'],
      { cwd: consoleDir, env: process.env },
    );
    if (built.code !== 0)
      throw new Error(`the console build failed:\n${built.stderr}${built.stdout}`);
  }

  say(`starting the dev IdP (OIDC, demo users) on ${idpUrl}`);
  const idp = startService(
    'dev IdP',
    process.execPath,
    ['--import', 'tsx', 'apps/dev-idp/src/main.ts'],
    {
      cwd: root,
      env: {
        ...process.env,
        DEV_IDP_PORT: String(idpPort),
        DEV_IDP_CONTROL_PLANE_URL: controlPlaneUrl,
        TSX_TSCONFIG_PATH: join(root, 'apps/dev-idp/tsconfig.json'),
      },
    },
  );
  await waitForOk(`${idpUrl}/.well-known/openid-configuration`, 30_000, idp);

  say(`starting the control plane (API + BullMQ worker + console) on ${controlPlaneUrl}`);
  const controlPlane = startService(
    'control plane',
    process.execPath,
    ['--import', 'tsx', 'apps/control-plane/src/main.ts'],
    { cwd: root, env },
  );
  await waitForOk(`${controlPlaneUrl}/readyz`, 90_000, controlPlane);

  say(`starting server-everything over Streamable HTTP on ${remoteUrl} (a second upstream)`);
  const remote = startService(
    'server-everything (Streamable HTTP)',
    process.execPath,
    [everythingEntry, 'streamableHttp'],
    {
      cwd: root,
      env: { ...process.env, PORT: String(remotePort) },
    },
  );
  await waitForOk(remoteUrl, 30_000, remote, true);

  const admin = await adminToken(env);
  const api = new AdminClient(controlPlaneUrl, admin.token);
  const seeded = await seed(api, { everythingEntry, remoteUrl, log: say });
  await nodeCredential(api, seeded.fleet.id);

  say(`starting a gateway node of fleet "default" on ${gatewayUrl}`);
  const node = startService(
    'gateway node',
    process.execPath,
    [
      '--import',
      'tsx',
      'apps/gateway/src/main.ts',
      'gateway',
      '--control-plane',
      controlPlaneUrl,
      '--fleet',
      seeded.fleet.id,
      '--node-credential-file',
      files.nodeCredential,
      '--trusted-keys',
      files.trustedKeys,
      '--state-dir',
      files.nodeState,
      '--node-id',
      'quickstart-node',
      '--host',
      HOST,
      '--port',
      String(gatewayPort),
    ],
    // The fleet key that seals session ids comes from the node's environment, never the snapshot.
    {
      cwd: root,
      env: {
        ...process.env,
        LOG_LEVEL: logLevel,
        GATEHOUSE_SESSION_SECRET: sessionSecret,
        // Shared rate-limit counters, and the audit stream the control plane's consumer reads
        // (same prefix), so calls show up in the console's overview and audit search.
        GATEHOUSE_REDIS_URL: redisUrl,
        GATEHOUSE_AUDIT_REDIS_URL: redisUrl,
        GATEHOUSE_AUDIT_REDIS_PREFIX: redisPrefix,
      },
    },
  );
  // Ready once the first signed snapshot is verified and applied.
  await waitForOk(`${gatewayUrl}/readyz`, 90_000, node);

  if (seeded.newClientKey !== undefined)
    await writeSecret(files.demoClientKey, seeded.newClientKey);
  const keptKey = seeded.newClientKey ?? (await readIfExists(files.demoClientKey));
  const keyLines =
    keptKey === undefined
      ? [
          `  Demo client "demo-client" (tenant "demo") already has an API key, shown only when it`,
          `  was issued. A new one: POST ${controlPlaneUrl}/api/v1/clients/${seeded.client.id}/keys`,
        ]
      : [
          `  Demo client "demo-client" (tenant "demo"), API key (also in ${show(files.demoClientKey)}):`,
          `    ${keptKey}`,
        ];
  process.stdout.write(
    [
      '',
      'Gatehouse quick start is running.',
      '',
      `  MCP endpoint (Streamable HTTP): ${gatewayUrl}/mcp`,
      `    upstream "everything" (server-everything over stdio): ${seeded.enabledTools} tools as everything__*`,
      `    upstream "remote" (server-everything over Streamable HTTP, ${remoteUrl}): ${seeded.remoteTools} tools as remote__*`,
      '    Try: npx @modelcontextprotocol/inspector, transport "Streamable HTTP", the URL above.',
      ...keyLines,
      '    Send it as "Authorization: Bearer <key>" (the Inspector\'s "Authentication" settings):',
      '    the gateway answers 401 without it, and shows the client only the tools it may call.',
      '',
      `  Console: ${controlPlaneUrl}/  (sign in with SSO through the dev IdP at ${idpUrl})`,
      '    Demo logins (user / password): admin / admin-demo, approver / approver-demo,',
      '    auditor / auditor-demo, viewer / viewer-demo',
      '',
      `  Control plane: ${controlPlaneUrl}  (API under /api/v1, OpenAPI at ${controlPlaneUrl}/api/openapi.json)`,
      `    Admin token (role admin): ${show(files.adminToken)}${admin.created ? ' (new)' : ''}`,
      `      curl -H "Authorization: Bearer $(cat ${show(files.adminToken)})" ${controlPlaneUrl}/api/v1/tenants`,
      `    Fleet "default": ${seeded.fleet.id}; node state in ${show(files.nodeState)}`,
      '',
      'Ctrl-C stops everything.',
      '',
    ].join('\n'),
  );
}

main().catch((error: unknown) => {
  process.stderr.write(
    `quickstart: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  void stopAll(1);
});
