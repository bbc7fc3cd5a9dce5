import { request } from 'undici';
import { runGateway, type RunningGateway } from '../../src/cli/run-gateway.js';
import { logLevel, type GatewayNode } from './gateway-node.js';

export interface FleetNodeOptions {
  controlPlaneUrl: string;
  fleetId: string;
  credentialFile: string;
  trustedKeysFile: string;
  stateDir: string;
  heartbeatIntervalSeconds?: number;
  port?: number;
}

export interface FleetNode extends GatewayNode {
  running: RunningGateway;
}

/**
 * A gateway node in control-plane mode, in this process. It is not waited for: before its
 * first snapshot a fleet node listens but is not ready, and specs look at exactly that.
 */
export async function startFleetNode(options: FleetNodeOptions): Promise<FleetNode> {
  const running = await runGateway({
    mode: 'control-plane',
    controlPlaneUrl: new URL(options.controlPlaneUrl),
    fleetId: options.fleetId,
    credential: { kind: 'file', path: options.credentialFile },
    trustedKeys: options.trustedKeysFile,
    stateDir: options.stateDir,
    heartbeatIntervalSeconds: options.heartbeatIntervalSeconds ?? 10,
    host: '127.0.0.1',
    port: options.port ?? 0,
    logLevel: logLevel(),
    // A control plane that comes back is seen within half a second, not half a minute.
    syncBackoff: { initialDelayMs: 100, maxDelayMs: 500, jitter: 0 },
  });
  const url = new URL(running.url);
  return {
    url: running.url,
    origin: url.origin,
    port: Number(url.port),
    running,
    stop: () => running.stop(),
  };
}

export interface Readiness {
  status: number;
  body: {
    status: string;
    reason?: string;
    snapshot: {
      source: string;
      origin: string;
      signed: boolean;
      version: number | null;
      fleetId: string | null;
      kid: string | null;
    } | null;
    upstreams: Record<string, { state: string }>;
  };
}

export async function readiness(origin: string): Promise<Readiness> {
  const response = await request(`${origin}/readyz`, { headersTimeout: 5_000, bodyTimeout: 5_000 });
  return { status: response.statusCode, body: (await response.body.json()) as Readiness['body'] };
}

export async function metricsText(origin: string): Promise<string> {
  const response = await request(`${origin}/metrics`, {
    headersTimeout: 5_000,
    bodyTimeout: 5_000,
  });
  return response.body.text();
}
