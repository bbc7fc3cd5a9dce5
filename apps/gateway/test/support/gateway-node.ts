import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { GatewayConfigInput } from '@gatehouse/contracts';
import { request } from 'undici';
import { stringify } from 'yaml';
import { runGateway, type RunningGateway } from '../../src/cli/run-gateway.js';
import type { GatewayArgs } from '../../src/cli/parse-gateway-args.js';
import { pollUntil } from './poll.js';
import type { UpstreamInput } from './upstream-configs.js';

/** Two nodes given this secret serve each other's sessions. */
export const SHARED_SECRET = '0123456789abcdef0123456789abcdef-shared';

export interface GatewayConfigOptions {
  upstreams: UpstreamInput[];
  secret?: string;
  maxBodyBytes?: number;
  /** Short by default: a spec's gateways should stop in a moment. */
  shutdownGraceMs?: number;
  /** Who may call; by default anyone, as the anonymous caller of tenant "default". */
  auth?: GatewayConfigInput['auth'];
}

export function gatewayConfig(options: GatewayConfigOptions): GatewayConfigInput {
  return {
    listen: { host: '127.0.0.1', port: 0 },
    sessions: { secret: options.secret ?? SHARED_SECRET },
    limits: {
      maxBodyBytes: options.maxBodyBytes ?? 65_536,
      shutdownGraceMs: options.shutdownGraceMs ?? 1_000,
    },
    upstreams: options.upstreams,
    // Specs not about authentication run open, as a laptop node would.
    auth: options.auth ?? { anonymous: {} },
  };
}

/** Writes a config as YAML, the way an operator would. */
export async function writeGatewayConfig(
  path: string,
  config: GatewayConfigInput | string,
): Promise<void> {
  await writeFile(path, typeof config === 'string' ? config : stringify(config), 'utf8');
}

export interface TempDir {
  path: string;
  file(name: string): string;
  remove(): Promise<void>;
}

export async function makeTempDir(prefix: string): Promise<TempDir> {
  const path = await mkdtemp(join(tmpdir(), `gatehouse-${prefix}-`));
  return {
    path,
    file: (name) => join(path, name),
    remove: () => rm(path, { recursive: true, force: true }),
  };
}

export interface GatewayNode {
  /** The MCP endpoint, http://127.0.0.1:PORT/mcp. */
  url: string;
  origin: string;
  port: number;
  stop(): Promise<void>;
}

const LEVELS: readonly GatewayArgs['logLevel'][] = [
  'fatal',
  'error',
  'warn',
  'info',
  'debug',
  'trace',
  'silent',
];

export function logLevel(): GatewayArgs['logLevel'] {
  const wanted = process.env.GATEHOUSE_TEST_LOG_LEVEL;
  return LEVELS.find((level) => level === wanted) ?? 'silent';
}

/** Starts a gateway node in this process and waits until /readyz says every upstream was probed. */
export async function startGatewayNode(configPath: string, port = 0): Promise<GatewayNode> {
  const running: RunningGateway = await runGateway({
    mode: 'file',
    config: configPath,
    // The specs' configs are plain YAML, as an operator's DB-less file is before it is signed.
    allowUnsigned: true,
    port,
    logLevel: logLevel(),
  });
  const url = new URL(running.url);
  const node: GatewayNode = {
    url: running.url,
    origin: url.origin,
    port: Number(url.port),
    stop: () => running.stop(),
  };
  try {
    await pollUntil(
      async () => {
        const response = await request(`${node.origin}/readyz`, {
          headersTimeout: 2_000,
          bodyTimeout: 2_000,
        });
        await response.body.dump();
        return response.statusCode === 200 ? true : undefined;
      },
      { what: `gateway ${node.url} ready`, timeoutMs: 30_000, intervalMs: 100 },
    );
  } catch (error) {
    await node.stop();
    throw error;
  }
  return node;
}
