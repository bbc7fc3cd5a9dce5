// The two upstreams as child processes: server-everything (Streamable HTTP, express + the SDK)
// and our fast upstream fixture. Both run on the Node that runs the benchmark (Node 24).
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { ChildRegistry } from './child-processes.js';
import { waitReady } from './wait-ready.js';

const START_TIMEOUT_MS = 20_000;

export interface RunningUpstream {
  /** MCP endpoint URL on 127.0.0.1 */
  url: string;
}

export async function startServerEverything(
  registry: ChildRegistry,
  repoRoot: string,
  port: number,
): Promise<RunningUpstream> {
  const require = createRequire(join(repoRoot, 'package.json'));
  const packageJson = require.resolve('@modelcontextprotocol/server-everything/package.json');
  const manifest = require(packageJson) as { bin?: Record<string, string> };
  const bin = manifest.bin?.['mcp-server-everything'];
  if (bin === undefined) throw new Error('server-everything: no "mcp-server-everything" bin');
  const child = registry.spawn({
    name: 'server-everything',
    command: process.execPath,
    args: [join(dirname(packageJson), bin), 'streamableHttp'],
    cwd: repoRoot,
    env: { ...process.env, PORT: String(port) },
    discardStdout: true, // one "Received MCP POST request" line per POST
  });
  const url = `http://127.0.0.1:${port}/mcp`;
  // A GET without a session answers 400: any HTTP answer means it is serving.
  await waitReady({ url, child, timeoutMs: START_TIMEOUT_MS });
  return { url };
}

export async function startFastUpstreamProcess(
  registry: ChildRegistry,
  repoRoot: string,
  port: number,
): Promise<RunningUpstream> {
  const child = registry.spawn({
    name: 'fast-upstream',
    command: process.execPath,
    args: ['--import', 'tsx', 'e2e/fixtures/fast-upstream/main.ts', '--port', String(port)],
    cwd: repoRoot,
  });
  const match = await child.waitForLine(/listening on (\S+)/, START_TIMEOUT_MS);
  const url = match[1];
  if (url === undefined) throw new Error('fast-upstream: no URL in its start line');
  return { url };
}
