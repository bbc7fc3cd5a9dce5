import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { GatewayConfigInput } from '@gatehouse/contracts';
import { stringify } from 'yaml';
import { findFreePort } from './free-port.js';
import { ManagedProcess } from './managed-process.js';
import { REPO_ROOT } from './repo-root.js';

export interface StartGatewayOptions {
  /** Everything but `listen`, which this helper fills in with a free loopback port. */
  readonly config: Omit<GatewayConfigInput, 'listen'>;
  readonly readyTimeoutMs?: number;
  readonly echo?: boolean;
}

export interface RunningGateway {
  /** `http://127.0.0.1:<port>` */
  readonly baseUrl: string;
  /** The MCP endpoint, `<baseUrl>/mcp`. */
  readonly mcpUrl: string;
  readonly process: ManagedProcess;
  stop(): Promise<void>;
}

const HOST = '127.0.0.1';

/**
 * Starts `apps/gateway/src/main.ts gateway --config <file> --allow-unsigned` from the repository root with
 * a YAML config written to a temp dir, and waits for GET /readyz to answer 200.
 *
 * The runner is already Node 24 (vitest 5 requires it), so the gateway runs as
 * `node --import tsx` on the same binary: one process, nothing between the signal and it.
 */
export async function startGateway(options: StartGatewayOptions): Promise<RunningGateway> {
  const port = await findFreePort(HOST);
  const config: GatewayConfigInput = { ...options.config, listen: { host: HOST, port } };
  const dir = await mkdtemp(join(tmpdir(), 'gatehouse-gateway-'));
  const configPath = join(dir, 'gateway.yaml');
  await writeFile(configPath, stringify(config));

  const gateway = ManagedProcess.start({
    name: 'gateway',
    command: process.execPath,
    args: [
      '--import',
      'tsx',
      'apps/gateway/src/main.ts',
      'gateway',
      '--config',
      configPath,
      // A plain YAML config, as a DB-less operator writes one before signing it.
      '--allow-unsigned',
    ],
    cwd: REPO_ROOT,
    echo: options.echo,
  });
  const baseUrl = `http://${HOST}:${port}`;
  const stop = async (): Promise<void> => {
    await gateway.stop();
    await rm(dir, { recursive: true, force: true });
  };
  try {
    await gateway.waitForHttpOk(`${baseUrl}/readyz`, options.readyTimeoutMs ?? 60_000);
  } catch (error) {
    await stop();
    throw error;
  }
  return { baseUrl, mcpUrl: `${baseUrl}/mcp`, process: gateway, stop };
}
