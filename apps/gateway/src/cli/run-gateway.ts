import type { GatewayConfig } from '@gatehouse/contracts';
import type { Logger } from 'pino';
import { ConfigFileWatcher, loadConfigFile } from '../config/config-file-source.js';
import { createGatewayServer } from '../http/gateway-server.js';
import { createLogger } from '../logging/create-logger.js';
import { GatewayRuntime } from '../runtime/gateway-runtime.js';
import type { GatewayArgs } from './parse-gateway-args.js';

export interface RunningGateway {
  url: string;
  logger: Logger;
  stop(): Promise<void>;
}

function withOverrides(config: GatewayConfig, args: GatewayArgs): GatewayConfig {
  return {
    ...config,
    listen: {
      ...config.listen,
      ...(args.port === undefined ? {} : { port: args.port }),
      ...(args.host === undefined ? {} : { host: args.host }),
    },
  };
}

/** Starts a node from a config file, reloads it on change, and drains on stop. */
export async function runGateway(args: GatewayArgs): Promise<RunningGateway> {
  const logger = createLogger(args.logLevel);
  const initial = withOverrides(await loadConfigFile(args.config), args);
  const runtime = GatewayRuntime.start(initial, logger);
  const server = createGatewayServer(runtime, logger);
  const watcher = new ConfigFileWatcher(
    args.config,
    (config) => {
      const next = withOverrides(config, args);
      const listen = runtime.current.config.listen;
      if (
        next.listen.host !== listen.host ||
        next.listen.port !== listen.port ||
        next.listen.path !== listen.path
      ) {
        logger.warn(
          { listen: next.listen },
          'listen settings change only on restart; the rest applies now',
        );
      }
      runtime.apply({ ...next, listen });
    },
    logger,
  );
  await watcher.start();
  await server.app.listen({ host: initial.listen.host, port: initial.listen.port });
  const address = server.app.server.address();
  const port = typeof address === 'object' && address !== null ? address.port : initial.listen.port;
  const host = initial.listen.host.includes(':') ? `[${initial.listen.host}]` : initial.listen.host;
  const url = `http://${host}:${port}${initial.listen.path}`;
  logger.info({ url, config: args.config }, 'gateway listening');
  let stopping: Promise<void> | undefined;
  return {
    url,
    logger,
    stop() {
      stopping ??= (async () => {
        watcher.stop();
        await server.drain(runtime.current.config.limits.shutdownGraceMs);
        await runtime.close();
        logger.info('gateway stopped');
      })();
      return stopping;
    },
  };
}
