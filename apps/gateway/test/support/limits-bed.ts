import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import type { GatewayConfigInput } from '@gatehouse/contracts';
import { Redis } from 'ioredis';
import { request } from 'undici';
import { freePort } from './free-port.js';
import { pollUntil } from './poll.js';
import { rawCall, type RawResponse, type RawSession } from './raw-mcp.js';

export type TenantInput = NonNullable<GatewayConfigInput['tenants']>[number];
export type ToolInput = NonNullable<GatewayConfigInput['tools']>[number];

export const SHARED_REDIS_URL = 'redis://127.0.0.1:6379';

export interface LimitsConfigOptions {
  /** The tools server's MCP endpoint; its tools appear as `tools__<name>`. */
  upstreamUrl: string;
  tenant: TenantInput;
  tools?: ToolInput[];
  redis?: { url?: string; keyPrefix: string };
  upstreamTimeoutMs?: number;
}

/** A node serving anonymous callers as `tenant`, in front of the tools server. */
export function limitsConfig(options: LimitsConfigOptions): GatewayConfigInput {
  return {
    listen: { host: '127.0.0.1', port: 0 },
    sessions: { secret: '0123456789abcdef0123456789abcdef-limits' },
    limits: { shutdownGraceMs: 1_000 },
    upstreams: [
      {
        name: 'tools',
        transport: { type: 'streamable-http', url: options.upstreamUrl },
        timeoutMs: options.upstreamTimeoutMs ?? 30_000,
      },
    ],
    auth: { anonymous: { tenant: options.tenant.id } },
    tenants: [options.tenant],
    tools: options.tools ?? [],
    ...(options.redis === undefined ? {} : { redis: options.redis }),
  };
}

/** A key prefix of this test's own on the shared Redis. */
export function testPrefix(name: string): string {
  return `gatehouse-test-${name}-${randomBytes(4).toString('hex')}:`;
}

/** Deletes every key under `prefix` (SCAN, never KEYS). */
export async function deleteKeys(url: string, prefix: string): Promise<void> {
  const redis = new Redis(url, { maxRetriesPerRequest: 1 });
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
      if (keys.length > 0) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}

export function callTool(
  url: string,
  session: RawSession,
  name: string,
  args: Record<string, unknown> = {},
): Promise<RawResponse> {
  return rawCall(url, session, 'tools/call', { name, arguments: args });
}

export type CallOutcome = 'ok' | 'refused' | 'error';

/** A tool call's outcome: a result, a gateway refusal (-32012), or another error. */
export function outcomeOf(response: RawResponse): CallOutcome {
  const answer = response.messages.find((message) => 'result' in message || 'error' in message);
  if (answer?.result !== undefined) return 'ok';
  if (answer?.error?.code === -32012) return 'refused';
  return 'error';
}

export function errorOf(response: RawResponse): { code: number; message: string; data?: unknown } {
  const answer = response.messages.find((message) => 'error' in message);
  if (answer?.error === undefined)
    throw new Error(`expected an error, got HTTP ${response.status}: ${response.text}`);
  return answer.error;
}

export async function metricsText(origin: string): Promise<string> {
  const response = await request(`${origin}/metrics`);
  return response.body.text();
}

/** A Redis of the test's own, on a free port, that the test may stop and start again. */
export class OwnRedis {
  #child: ChildProcess | undefined;

  private constructor(readonly port: number) {}

  static async start(): Promise<OwnRedis> {
    const redis = new OwnRedis(await freePort());
    await redis.start();
    return redis;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    const child = spawn(
      '/usr/bin/redis-server',
      ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
      { stdio: 'ignore' },
    );
    this.#child = child;
    await pollUntil(
      async () => {
        const probe = new Redis(this.url, { lazyConnect: true, maxRetriesPerRequest: 0 });
        probe.on('error', () => undefined);
        try {
          await probe.connect();
          return (await probe.ping()) === 'PONG' ? true : undefined;
        } finally {
          probe.disconnect();
        }
      },
      { what: `redis on ${this.port}`, timeoutMs: 10_000, intervalMs: 50 },
    );
  }

  async stop(): Promise<void> {
    const child = this.#child;
    if (child === undefined || child.exitCode !== null) return;
    this.#child = undefined;
    await new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.kill('SIGKILL');
    });
  }
}
