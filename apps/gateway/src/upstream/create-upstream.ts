import type { UpstreamConfig } from '@gatehouse/contracts';
import type { Logger } from 'pino';
import { StreamableHttpUpstream } from './http/streamable-http-upstream.js';
import { StdioUpstream } from './stdio/stdio-upstream.js';
import type { Upstream } from './upstream.js';

export function createUpstream(
  config: UpstreamConfig,
  namespace: string,
  logger: Logger,
): Upstream {
  const transport = config.transport;
  if (transport.type === 'stdio')
    return new StdioUpstream({ ...config, transport }, namespace, logger);
  return new StreamableHttpUpstream({ ...config, transport }, namespace, logger);
}
