// The gateway under test as a child process: a YAML config naming both upstreams, the built
// bundle if there is one (preferred for benchmarking) or the TypeScript entry point through tsx,
// pinned with taskset when asked, ready when GET /readyz answers 200.
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Child, ChildRegistry } from './child-processes.js';
import { pinned } from './cpu-plan.js';
import { waitReady } from './wait-ready.js';

export interface GatewayStart {
  repoRoot: string;
  port: number;
  everythingUrl: string;
  fastUrl: string;
  cpus: string | undefined;
  readyTimeoutMs: number;
  /** Another entry point to run instead (BENCH_GATEWAY_ENTRY): .js as is, .ts through tsx. */
  entryOverride: string | undefined;
}

export type GatewayOutcome =
  | { ok: true; url: string; how: string; child: Child; stop(): Promise<void> }
  | { ok: false; reason: string };

const BUILT = 'apps/gateway/dist/gatehouse.js';
const SOURCE = 'apps/gateway/src/main.ts';

export async function startGateway(
  registry: ChildRegistry,
  start: GatewayStart,
): Promise<GatewayOutcome> {
  const found = gatewayEntry(start.repoRoot, start.entryOverride);
  if (typeof found === 'string') return { ok: false, reason: found };
  const { entry, how } = found;

  const dir = await mkdtemp(join(tmpdir(), 'gatehouse-bench-'));
  const configFile = join(dir, 'gateway.yaml');
  await writeFile(configFile, gatewayYaml(start), 'utf8');
  const command = pinned(start.cpus, process.execPath, [
    ...entry,
    'gateway',
    '--config',
    configFile,
    '--allow-unsigned',
  ]);
  let child: Child | undefined;
  try {
    child = registry.spawn({ name: 'gateway', ...command, cwd: start.repoRoot });
    await waitReady({
      url: `http://127.0.0.1:${start.port}/readyz`,
      child,
      timeoutMs: start.readyTimeoutMs,
      isReady: (status) => status === 200,
    });
  } catch (err) {
    child?.process.kill('SIGKILL');
    await rm(dir, { recursive: true, force: true });
    return { ok: false, reason: err instanceof Error ? err.message : String(err) };
  }
  const running = child;
  const pin = start.cpus === undefined ? 'not pinned' : `taskset -c ${start.cpus}`;
  return {
    ok: true,
    url: `http://127.0.0.1:${start.port}/mcp`,
    how: `${how}, ${pin}`,
    child: running,
    stop: async () => {
      if (!running.hasExited()) {
        running.process.kill('SIGTERM');
        const timer = setTimeout(() => running.process.kill('SIGKILL'), 2_000);
        await running.exited;
        clearTimeout(timer);
      }
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** Node arguments that run the gateway, and how to describe them; or why there is none. */
function gatewayEntry(
  repoRoot: string,
  override: string | undefined,
): { entry: string[]; how: string } | string {
  if (override !== undefined) {
    const file = resolve(repoRoot, override);
    if (!existsSync(file)) return `BENCH_GATEWAY_ENTRY ${file} does not exist`;
    return file.endsWith('.ts')
      ? { entry: ['--import', 'tsx', file], how: `node --import tsx ${file} (BENCH_GATEWAY_ENTRY)` }
      : { entry: [file], how: `node ${file} (BENCH_GATEWAY_ENTRY)` };
  }
  if (existsSync(join(repoRoot, BUILT))) {
    return { entry: [join(repoRoot, BUILT)], how: `node ${BUILT}` };
  }
  if (existsSync(join(repoRoot, SOURCE))) {
    return {
      entry: ['--import', 'tsx', join(repoRoot, SOURCE)],
      how: `node --import tsx ${SOURCE} (no ${BUILT}: build it for representative numbers)`,
    };
  }
  return `neither ${BUILT} nor ${SOURCE} exists yet`;
}

export function gatewayYaml(
  start: Pick<GatewayStart, 'port' | 'everythingUrl' | 'fastUrl'>,
): string {
  return [
    `listen: { host: 127.0.0.1, port: ${start.port} }`,
    'upstreams:',
    '  - name: everything',
    `    transport: { type: streamable-http, url: ${start.everythingUrl} }`,
    '  - name: fast',
    `    transport: { type: streamable-http, url: ${start.fastUrl} }`,
    '',
  ].join('\n');
}
