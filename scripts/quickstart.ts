// Starts server-everything over Streamable HTTP, then a gateway node in front of it and of a
// stdio server-everything, and prints where to point an MCP client. Ctrl-C stops everything.
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const children: ChildProcess[] = [];

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

async function waitFor(
  url: string,
  accept: (status: number) => boolean,
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const response = await fetch(url, { method: 'GET' });
      if (accept(response.status)) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`${url} did not come up within ${timeoutMs} ms`);
}

function start(name: string, args: string[], env: NodeJS.ProcessEnv): ChildProcess {
  const child = spawn(process.execPath, args, {
    cwd: root,
    env,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  child.on('exit', (code, signal) => {
    if (!stopping) {
      process.stderr.write(`quickstart: ${name} exited (${signal ?? String(code)}); stopping\n`);
      void stop(1);
    }
  });
  children.push(child);
  return child;
}

let stopping = false;
async function stop(code: number): Promise<void> {
  stopping = true;
  for (const child of children) child.kill('SIGTERM');
  await new Promise((resolve) => setTimeout(resolve, 500));
  process.exit(code);
}
process.on('SIGINT', () => void stop(0));
process.on('SIGTERM', () => void stop(0));

const everythingPort = await freePort();
const gatewayPort = Number(process.env.GATEHOUSE_PORT ?? 8080);
start(
  'server-everything (Streamable HTTP)',
  [
    join(root, 'node_modules/@modelcontextprotocol/server-everything/dist/index.js'),
    'streamableHttp',
  ],
  {
    ...process.env,
    PORT: String(everythingPort),
  },
);
await waitFor(`http://127.0.0.1:${everythingPort}/mcp`, (status) => status > 0, 30_000);
start(
  'gateway',
  [
    join(root, 'node_modules/.bin/tsx'),
    join(root, 'apps/gateway/src/main.ts'),
    'gateway',
    '--config',
    join(root, 'deploy/quickstart/gateway.yaml'),
    '--allow-unsigned',
  ],
  {
    ...process.env,
    GATEHOUSE_ROOT: root,
    GATEHOUSE_PORT: String(gatewayPort),
    EVERYTHING_HTTP_URL: `http://127.0.0.1:${everythingPort}/mcp`,
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
  },
);
await waitFor(`http://127.0.0.1:${gatewayPort}/readyz`, (status) => status === 200, 60_000);
process.stdout.write(
  [
    '',
    'Gatehouse quick start is running.',
    `  MCP endpoint (Streamable HTTP): http://127.0.0.1:${gatewayPort}/mcp`,
    `  upstreams: everything (stdio) -> tools everything__*, remote (HTTP :${everythingPort}) -> tools remote__*`,
    `  health: http://127.0.0.1:${gatewayPort}/healthz  readiness: http://127.0.0.1:${gatewayPort}/readyz`,
    '  Try: npx @modelcontextprotocol/inspector, transport "Streamable HTTP", the URL above.',
    'Ctrl-C stops everything.',
    '',
  ].join('\n'),
);
