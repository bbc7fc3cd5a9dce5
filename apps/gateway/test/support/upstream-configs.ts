import type { GatewayConfigInput } from '@gatehouse/contracts';
import { REPO_ROOT, TEST_UPSTREAM_ENTRY } from './paths.js';

export type UpstreamInput = GatewayConfigInput['upstreams'][number];

export interface FixtureUpstreamOptions {
  /** Where the fixture writes what it observed (JSON lines). */
  eventsFile: string;
  namespace?: string;
  enabled?: boolean;
  timeoutMs?: number;
  restartDelayMs?: number;
  processScope?: 'node' | 'session' | 'tenant';
}

/** Our stdio test upstream, run by this Node with tsx. */
export function fixtureUpstream(name: string, options: FixtureUpstreamOptions): UpstreamInput {
  const delay = options.restartDelayMs ?? 100;
  const upstream: UpstreamInput = {
    name,
    transport: {
      type: 'stdio',
      command: process.execPath,
      args: ['--import', 'tsx', TEST_UPSTREAM_ENTRY],
      cwd: REPO_ROOT,
      env: { TEST_UPSTREAM_EVENTS: options.eventsFile },
      restart: { initialDelayMs: delay, maxDelayMs: Math.max(delay, 1_000) },
      ...(options.processScope === undefined ? {} : { processScope: options.processScope }),
    },
  };
  if (options.namespace !== undefined) upstream.namespace = options.namespace;
  if (options.enabled !== undefined) upstream.enabled = options.enabled;
  if (options.timeoutMs !== undefined) upstream.timeoutMs = options.timeoutMs;
  return upstream;
}

/** server-everything reached over Streamable HTTP. */
export function httpUpstream(
  name: string,
  url: string,
  extra: Partial<Pick<UpstreamInput, 'namespace' | 'enabled' | 'timeoutMs'>> = {},
): UpstreamInput {
  return { name, transport: { type: 'streamable-http', url }, ...extra };
}
