import { z } from 'zod';
import { findFreePort } from './free-port.js';
import { ManagedProcess, type ProcessExit } from './managed-process.js';
import { REPO_ROOT } from './repo-root.js';

// Gateway nodes as an operator runs them (`gatehouse gateway ...`, through tsx on the runner's
// Node): a fleet node pulling from the control plane, or a DB-less node on a signed file.

const HOST = '127.0.0.1';

const snapshotInForceSchema = z.looseObject({
  source: z.string(),
  origin: z.string(),
  signed: z.boolean(),
  version: z.int().nullable(),
  fleetId: z.string().nullable(),
  kid: z.string().nullable(),
  contentHash: z.string().nullable().optional(),
});

/** GET /readyz of a node (apps/gateway/src/http/health-routes.ts). */
export const nodeReadinessSchema = z.looseObject({
  status: z.string(),
  reason: z.string().optional(),
  snapshot: snapshotInForceSchema.nullable(),
});
export type NodeReadiness = z.infer<typeof nodeReadinessSchema>;

export interface GatewayNodeProcess {
  readonly name: string;
  readonly port: number;
  /** `http://127.0.0.1:<port>` */
  readonly baseUrl: string;
  /** The MCP endpoint (the default path: control-plane snapshots leave it to the node). */
  readonly mcpUrl: string;
  readonly process: ManagedProcess;
  readiness(): Promise<{ status: number; body: NodeReadiness }>;
  /** The snapshot version in force, null before the first. */
  appliedVersion(): Promise<number | null>;
  metrics(): Promise<string>;
  stop(): Promise<ProcessExit>;
}

export interface FleetGatewayOptions {
  readonly name: string;
  readonly controlPlaneUrl: string;
  readonly fleetId: string;
  readonly credentialFile: string;
  readonly trustedKeysFile: string;
  readonly stateDir: string;
  readonly nodeId: string;
  /** Given on a restart, so the node comes back where its clients know it. */
  readonly port?: number;
  readonly heartbeatIntervalSeconds?: number;
  readonly echo?: boolean;
}

export interface SignedFileGatewayOptions {
  readonly name: string;
  readonly configFile: string;
  readonly trustedKeysFile: string;
  readonly fleetId?: string;
  readonly echo?: boolean;
}

async function startNode(
  name: string,
  args: readonly string[],
  port: number | undefined,
  echo: boolean | undefined,
): Promise<GatewayNodeProcess> {
  const listenPort = port ?? (await findFreePort(HOST));
  const child = ManagedProcess.start({
    name,
    command: process.execPath,
    args: [
      '--import',
      'tsx',
      'apps/gateway/src/main.ts',
      'gateway',
      ...args,
      '--host',
      HOST,
      '--port',
      String(listenPort),
    ],
    cwd: REPO_ROOT,
    env: { LOG_LEVEL: 'info' },
    echo,
  });
  const baseUrl = `http://${HOST}:${listenPort}`;
  const readiness = async (): Promise<{ status: number; body: NodeReadiness }> => {
    const response = await fetch(`${baseUrl}/readyz`, { signal: AbortSignal.timeout(5_000) });
    return { status: response.status, body: nodeReadinessSchema.parse(await response.json()) };
  };
  const node: GatewayNodeProcess = {
    name,
    port: listenPort,
    baseUrl,
    mcpUrl: `${baseUrl}/mcp`,
    process: child,
    readiness,
    appliedVersion: async () => (await readiness()).body.snapshot?.version ?? null,
    metrics: async () => {
      const response = await fetch(`${baseUrl}/metrics`, { signal: AbortSignal.timeout(5_000) });
      return response.text();
    },
    stop: () => child.stop(15_000),
  };
  try {
    // Listening is enough: a fleet node is not ready until its first snapshot arrives.
    await child.waitForHttpOk(`${baseUrl}/healthz`, 60_000);
  } catch (error) {
    await child.stop();
    throw error;
  }
  return node;
}

/** `gatehouse gateway --control-plane URL --fleet ID ...`, once it listens. */
export function startFleetGateway(options: FleetGatewayOptions): Promise<GatewayNodeProcess> {
  return startNode(
    options.name,
    [
      '--control-plane',
      options.controlPlaneUrl,
      '--fleet',
      options.fleetId,
      '--node-credential-file',
      options.credentialFile,
      '--trusted-keys',
      options.trustedKeysFile,
      '--state-dir',
      options.stateDir,
      '--node-id',
      options.nodeId,
      '--heartbeat-interval',
      String(options.heartbeatIntervalSeconds ?? 10),
    ],
    options.port,
    options.echo,
  );
}

/** `gatehouse gateway --config FILE.jws --trusted-keys KEYS [--fleet ID]`, once it listens. */
export function startSignedFileGateway(
  options: SignedFileGatewayOptions,
): Promise<GatewayNodeProcess> {
  return startNode(
    options.name,
    [
      '--config',
      options.configFile,
      '--trusted-keys',
      options.trustedKeysFile,
      ...(options.fleetId === undefined ? [] : ['--fleet', options.fleetId]),
    ],
    undefined,
    options.echo,
  );
}

/** A sample's value in Prometheus text, e.g. `snapshot_refused_total{reason="unsigned"}`. */
export function metricValue(text: string, sample: string): number {
  for (const line of text.split('\n')) {
    if (line.startsWith(`${sample} `)) return Number(line.slice(sample.length + 1));
  }
  return 0;
}
