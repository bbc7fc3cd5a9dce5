// The gateway under test as a child process: a config naming both upstreams (plain, and behind
// the full policy), the built
// bundle if there is one (preferred for benchmarking) or the TypeScript entry point through tsx,
// pinned with taskset when asked, ready when GET /readyz answers 200.
import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { policyUpstreamName, type UpstreamKind } from './bench-target.js';
import type { Child, ChildRegistry } from './child-processes.js';
import { pinned } from './cpu-plan.js';
import { waitReady } from './wait-ready.js';

export interface GatewayStart {
  repoRoot: string;
  port: number;
  everythingUrl: string;
  fastUrl: string;
  /** Shared rate-limit counters of the full-policy route. */
  redisUrl: string;
  policyRateLimits: PolicyRateLimits;
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

/** The key the full-policy route presents; only its SHA-256 is in the config. */
export const BENCH_API_KEY = `gh_live_bench_${randomBytes(24).toString('base64url')}`;
const BENCH_SCOPE = 'bench.echo';
/** Large enough never to refuse a call of the run: the cost of asking Redis is what is measured. */
const UNREACHED_RATE_LIMIT = { points: 100_000_000, windowSeconds: 60 };

/**
 * Which Redis rate limits a full-policy call takes: `tenant` (the "Redis rate limit",
 * one counter) or `all` (tenant, client and client+tool: three counters per call).
 * BENCH_POLICY_RATE_LIMITS picks; `tenant` by default.
 */
export type PolicyRateLimits = 'tenant' | 'all';

export function policyRateLimits(env: NodeJS.ProcessEnv): PolicyRateLimits {
  const value = env['BENCH_POLICY_RATE_LIMITS'] ?? 'tenant';
  if (value === 'tenant' || value === 'all') return value;
  throw new Error(`BENCH_POLICY_RATE_LIMITS must be "tenant" or "all", not "${value}"`);
}

function policyUpstream(
  kind: UpstreamKind,
  url: string,
  argument: string,
  rateLimits: PolicyRateLimits,
): unknown[] {
  const name = policyUpstreamName(kind);
  return [
    { name, transport: { type: 'streamable-http', url } },
    {
      upstream: name,
      name: 'echo',
      requiredScopes: [BENCH_SCOPE],
      inputSchema: {
        type: 'object',
        properties: { [argument]: { type: 'string', maxLength: 4096 } },
        required: [argument],
      },
      limits: {
        maxConcurrency: 1_000,
        maxQueueDepth: 1_000,
        ...(rateLimits === 'all' ? { rateLimit: UNREACHED_RATE_LIMIT } : {}),
      },
    },
  ];
}

/**
 * Both upstreams twice: under their own names, served to anonymous callers with no policy
 * (pass-through), and as `<name>-policy`, whose echo tool needs the bench client's API key, a
 * scope, a schema-valid argument, a Redis rate-limit token (tenant, client and tool) and a
 * concurrency slot. JSON is YAML.
 */
export function gatewayYaml(
  start: Pick<GatewayStart, 'port' | 'everythingUrl' | 'fastUrl' | 'redisUrl' | 'policyRateLimits'>,
): string {
  const [everythingPolicy, everythingTool] = policyUpstream(
    'everything',
    start.everythingUrl,
    'message',
    start.policyRateLimits,
  );
  const [fastPolicy, fastTool] = policyUpstream(
    'fast',
    start.fastUrl,
    'text',
    start.policyRateLimits,
  );
  const config = {
    listen: { host: '127.0.0.1', port: start.port },
    auth: { anonymous: {} },
    redis: { url: start.redisUrl, keyPrefix: `gatehouse:bench:${randomBytes(6).toString('hex')}:` },
    tenants: [
      {
        id: 'bench',
        name: 'Benchmark',
        rateLimit: UNREACHED_RATE_LIMIT,
        ...(start.policyRateLimits === 'all' ? { clientRateLimit: UNREACHED_RATE_LIMIT } : {}),
        redisFailMode: 'closed',
      },
    ],
    clients: [
      {
        id: 'bench-client',
        tenant: 'bench',
        name: 'Benchmark client',
        scopes: [BENCH_SCOPE],
        apiKeys: [
          { id: 'bench-key', sha256: createHash('sha256').update(BENCH_API_KEY).digest('hex') },
        ],
      },
    ],
    upstreams: [
      { name: 'everything', transport: { type: 'streamable-http', url: start.everythingUrl } },
      { name: 'fast', transport: { type: 'streamable-http', url: start.fastUrl } },
      everythingPolicy,
      fastPolicy,
    ],
    tools: [everythingTool, fastTool],
  };
  return `${JSON.stringify(config, null, 2)}\n`;
}
