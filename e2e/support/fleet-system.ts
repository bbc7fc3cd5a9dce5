import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type {
  FleetResource,
  TenantResource,
  ToolResource,
  UpstreamResource,
} from '@gatehouse/contracts';
import { AdminApi } from './admin-api.js';
import { CleanupStack } from './cleanup-stack.js';
import { startConformanceFixture, type RunningFixture } from './conformance-fixture-process.js';
import {
  createAdminToken,
  deleteRedisPrefix,
  e2eDatabase,
  e2eName,
  e2eRedisUrl,
  exportTrustedKeys,
  startControlPlane,
  type ControlPlaneEnv,
  type RunningControlPlane,
} from './control-plane-process.js';
import { startFleetGateway, type GatewayNodeProcess } from './fleet-gateway-process.js';
import { REPO_ROOT } from './repo-root.js';

/** server-everything's entry, run by the control plane (introspection) and by every node. */
export const EVERYTHING_ENTRY = join(
  REPO_ROOT,
  'node_modules/@modelcontextprotocol/server-everything/dist/index.js',
);

/**
 * The whole system of one spec, set up as an operator would: a migrated database of its own,
 * a control plane (API + BullMQ worker) on its own Redis prefix and signing key, an admin
 * token from the bootstrap command, the trusted keys exported by the CLI, then through the
 * admin API a tenant with server-everything (stdio) introspected and enabled, a fleet serving
 * the tenant and a node credential. Nodes are started by the spec (`startNode`). Everything
 * is undone by `teardown`, also when setup failed half-way.
 */
export class FleetSystem {
  readonly cleanup = new CleanupStack();
  /** E2E_ECHO=1 mirrors every child's output on stderr, for a run that needs explaining. */
  readonly echo = process.env['E2E_ECHO'] === '1';
  /** Every node started, restarted ones too: teardown stops them all. */
  readonly #nodes = new Set<GatewayNodeProcess>();
  dir = '';
  env: ControlPlaneEnv | undefined;
  controlPlane: RunningControlPlane | undefined;
  api: AdminApi | undefined;
  fixture: RunningFixture | undefined;
  tenant: TenantResource | undefined;
  everything: UpstreamResource | undefined;
  /** server-everything's catalog after introspection (all enabled by setup). */
  everythingTools: ToolResource[] = [];
  fleet: FleetResource | undefined;
  credential = '';

  get credentialFile(): string {
    return join(this.dir, 'node-credential');
  }

  get trustedKeysFile(): string {
    return join(this.dir, 'trusted-keys.json');
  }

  get signingKeyFile(): string {
    return join(this.dir, 'control-plane', 'snapshot-signing-key.pem');
  }

  async setUp(): Promise<void> {
    this.dir = await mkdtemp(join(tmpdir(), 'gatehouse-e2e-fleet-'));
    const dir = this.dir;
    this.cleanup.defer('remove the temp dir', () => rm(dir, { recursive: true, force: true }));
    const name = e2eName();
    const database = e2eDatabase(name);
    this.cleanup.defer('drop the database', () => database.drop());
    const redisPrefix = `${name}:`;
    this.cleanup.defer('delete the Redis keys', () => deleteRedisPrefix(redisPrefix));

    const fixtureStarting = startConformanceFixture(this.echo);
    this.cleanup.defer('stop the conformance fixture', async () =>
      (await fixtureStarting.catch(() => undefined))?.stop(),
    );
    await database.migrate();
    this.fixture = await fixtureStarting;

    await mkdir(join(dir, 'control-plane'), { mode: 0o700 });
    this.env = {
      DATABASE_URL: database.url,
      REDIS_URL: e2eRedisUrl,
      REDIS_PREFIX: redisPrefix,
      SNAPSHOT_SIGNING_KEY_FILE: this.signingKeyFile,
      GATEWAY_SESSION_SECRET: randomBytes(32).toString('hex'),
      LOG_LEVEL: 'warn',
      WORKER: 'true',
      // Introspection runs on demand here: a scheduled sweep would catalogue the upstream a
      // step adds (its tools disabled, as new tools are) while the step watches it appear.
      INTROSPECTION_INTERVAL_SECONDS: '0',
    };
    // The key is made by the export (as an operator's first step would), then loaded by the
    // control plane: both name the same key.
    const [token] = await Promise.all([
      createAdminToken(this.env),
      exportTrustedKeys(this.env, this.trustedKeysFile),
    ]);
    const controlPlaneStarting = startControlPlane({ env: this.env, echo: this.echo });
    this.cleanup.defer('stop the control plane', async () =>
      (await controlPlaneStarting.catch(() => undefined))?.stop(),
    );
    this.controlPlane = await controlPlaneStarting;
    // Registered after the control plane, so run before it: nodes go first, as in a rollout.
    this.cleanup.defer('stop the gateway nodes', () =>
      Promise.all([...this.#nodes].map((node) => node.stop())),
    );
    this.api = new AdminApi(this.controlPlane.baseUrl, token);
    await this.configure(this.api);
  }

  async #configureEverything(api: AdminApi, tenant: TenantResource): Promise<void> {
    this.everything = await api.createUpstream({
      tenantId: tenant.id,
      name: 'everything',
      transport: {
        type: 'stdio',
        command: process.execPath,
        args: [EVERYTHING_ENTRY, 'stdio'],
        env: {},
      },
    });
    const job = await api.introspect(this.everything.id);
    if (job.state !== 'completed') throw new Error(`introspection failed: ${job.error ?? '?'}`);
    // New tools come in disabled (an admin decides); this admin enables all of them.
    for (const tool of await api.upstreamTools(this.everything.id)) {
      this.everythingTools.push(await api.updateTool(tool.id, { enabled: true }));
    }
  }

  async configure(api: AdminApi): Promise<void> {
    this.tenant = await api.createTenant('acme');
    await this.#configureEverything(api, this.tenant);
    // The specs' MCP clients present no credential: the fleet serves them as acme's anonymous
    // caller (keys and scopes have specs of their own).
    this.fleet = await api.createFleet({
      name: 'e2e-fleet',
      tenantIds: [this.tenant.id],
      auth: { anonymous: { tenant: 'acme' } },
    });
    this.credential = await api.createNodeCredential(this.fleet.id, 'e2e nodes');
    await writeFile(this.credentialFile, `${this.credential}\n`, { mode: 0o600 });
  }

  /** A fleet node with its own state dir (kept across restarts of the same `nodeId`). */
  async startNode(nodeId: string, port?: number): Promise<GatewayNodeProcess> {
    const node = await startFleetGateway({
      name: nodeId,
      controlPlaneUrl: this.required(this.controlPlane, 'control plane').baseUrl,
      fleetId: this.required(this.fleet, 'fleet').id,
      credentialFile: this.credentialFile,
      trustedKeysFile: this.trustedKeysFile,
      stateDir: this.stateDir(nodeId),
      nodeId,
      echo: this.echo,
      ...(port === undefined ? {} : { port }),
    });
    this.#nodes.add(node);
    return node;
  }

  /** Tracks a node started elsewhere (e.g. DB-less), so teardown stops it too. */
  adopt(node: GatewayNodeProcess): GatewayNodeProcess {
    this.#nodes.add(node);
    return node;
  }

  stateDir(nodeId: string): string {
    return join(this.dir, 'state', nodeId);
  }

  required<T>(value: T | undefined, what: string): T {
    if (value === undefined) throw new Error(`setup did not get as far as the ${what}`);
    return value;
  }

  teardown(): Promise<void> {
    return this.cleanup.runAll();
  }
}
